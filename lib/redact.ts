// RPC URLs often carry an API key: in the path (https://host/v2/<key>), the query (?apikey=<key>)
// or the user info (https://user:<key>@host). What may be shown of such a URL is its scheme, host
// and port; everything else is hidden. `redactUrl` is the one way a URL is printed, logged, put in
// an error or a metric label; `urlSecrets`, `redactSecrets` and `redactOutput` hide what slipped
// through anyway (e.g. a library's error message quoting the URL it failed to reach).

/** `scheme://host[:port]`, then `/***` when a path, query, fragment or credentials were hidden. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '<not a URL>';
  }
  const hidden = u.username !== '' || u.password !== '' || (u.pathname !== '' && u.pathname !== '/') || u.search !== '' || u.hash !== '';
  return `${u.protocol}//${u.host}${hidden ? '/***' : ''}`;
}

/**
 * Parts shorter than these are not looked for on their own (they would hit ordinary words): a
 * credential, and a path segment or query value (a key is long; `openledger` in a path is not one).
 */
const MIN_CREDENTIAL = 6;
const MIN_KEY = 12;

/** A string that must not be shown, and what to show instead. */
export interface Secret {
  text: string;
  shown: string;
}

/**
 * The strings of `url` that must not be shown, longest first: the URL as given and as libraries
 * normalise it (with and without credentials, with and without a trailing slash), shown as
 * `redactUrl` shows it; its path with the query, the query, each credential of 6 characters or
 * more, and each path segment or query value of 12 or more (long enough to be a key), shown as `***`.
 */
export function urlSecrets(url: string): Secret[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.length >= MIN_CREDENTIAL ? [{ text: url, shown: '<not a URL>' }] : [];
  }
  const bare = new URL(u.href);
  bare.username = '';
  bare.password = '';
  const whole = new Set<string>([url, u.href, bare.href, u.href.replace(/\/$/, ''), bare.href.replace(/\/$/, '')]);
  const found = new Set<string>();
  const tail = `${u.pathname}${u.search}${u.hash}`;
  if (tail !== '/' && tail !== '') found.add(tail);
  if (u.search) found.add(u.search);
  const parts: [string, number][] = [
    [u.username, MIN_CREDENTIAL],
    [u.password, MIN_CREDENTIAL],
    ...[...u.pathname.split('/'), ...u.searchParams.values(), u.hash.slice(1)].map((p): [string, number] => [p, MIN_KEY]),
  ];
  for (const [p, min] of parts) {
    for (const form of [p, safeDecode(p)]) if (form.length >= min) found.add(form);
  }
  // "http://host" alone is no secret
  for (const open of [`${u.protocol}//${u.host}`, `${u.protocol}//${u.host}/`]) whole.delete(open);
  const shown = redactUrl(url);
  const secrets = [...[...whole].map((text) => ({ text, shown })), ...[...found].map((text) => ({ text, shown: '***' }))];
  return secrets.filter((s) => s.text !== '').sort((a, b) => b.text.length - a.text.length);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `text` with every occurrence of a secret (in the order given: longest first) replaced by what may be shown. */
/** A password (e.g. the database's), when long enough to be looked for alone. */
export function passwordSecrets(password: string): Secret[] {
  return password.length >= MIN_CREDENTIAL ? [{ text: password, shown: '***' }] : [];
}

export function redactSecrets(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s.text)) out = out.split(s.text).join(s.shown);
  return out;
}

/** What `redactOutput` hides, longest first; the streams are wrapped at the first call. */
const hidden: Secret[] = [];

/**
 * From now on, everything this process writes to stdout and stderr (log lines of every library,
 * console output, error reports) goes out with `secrets` (and those of earlier calls) redacted. A
 * net under the places that print URLs on purpose (which use `redactUrl`): libraries quote the URL
 * they failed to reach. A secret cut in two by separate writes is not recognised: log lines and
 * console output are written whole.
 */
export function redactOutput(secrets: readonly Secret[]): void {
  const first = hidden.length === 0;
  hidden.push(...secrets.filter((s) => !hidden.some((h) => h.text === s.text)));
  hidden.sort((a, b) => b.text.length - a.text.length);
  if (!first || hidden.length === 0) return;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string') return write(redactSecrets(chunk, hidden), ...rest);
      if (chunk instanceof Uint8Array) {
        const text = Buffer.from(chunk).toString('utf8');
        const redacted = redactSecrets(text, hidden);
        return write(redacted === text ? chunk : redacted, ...rest);
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
