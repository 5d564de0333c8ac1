// One JSON-RPC call over http: the result, or an error that names the method, the endpoint (redacted:
// it may carry a key) and the node's message.
import { redactUrl } from './redact.ts';

/**
 * Where to send a JSON-RPC request for `url`: fetch refuses a URL with credentials in it
 * (https://user:key@host), so they travel as a basic Authorization header instead.
 */
export function rpcTarget(url: string): { url: string; headers: Record<string, string> } {
  const u = new URL(url);
  if (u.username === '' && u.password === '') return { url, headers: {} };
  const basic = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  u.username = '';
  u.password = '';
  return { url: u.href, headers: { authorization: `Basic ${basic}` } };
}

export async function rpcCall<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const target = rpcTarget(url);
  const res = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  if (!res.ok) throw new Error(`${method} at ${redactUrl(url)}: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}
