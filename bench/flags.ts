/**
 * The bench command line: bench names, and flags as `--name=value`, `--name N` (a number) or a bare
 * `--name` (e.g. `npm run bench -- api --duration=5`).
 */
const isFlag = (arg: string) => arg.startsWith('--');
const isNumber = (arg: string | undefined) => arg !== undefined && /^\d+(\.\d+)?$/.test(arg);

/** The value of `--name` ('' when bare); undefined when absent. */
export function benchFlag(name: string, argv: readonly string[] = process.argv.slice(2)): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) return isNumber(argv[i + 1]) ? argv[i + 1]! : '';
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

/** The arguments that name benches: neither flags nor the number after a flag. */
export function benchNames(argv: readonly string[] = process.argv.slice(2)): string[] {
  return argv.filter((arg, i) => !isFlag(arg) && !(isNumber(arg) && i > 0 && isFlag(argv[i - 1]!) && !argv[i - 1]!.includes('=')));
}
