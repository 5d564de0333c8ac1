// An address of this machine that is not loopback, to show that a server bound to loopback cannot
// be reached from elsewhere (and one bound to every interface can).
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

/** The first non-internal IPv4 address of this machine, if it has one. */
export function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

/** Whether a TCP connection to `host:port` is accepted (false when refused or unreachable within 2 s). */
export async function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
