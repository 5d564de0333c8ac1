// Statements run as named prepared statements: Postgres parses and plans a statement's text once per
// connection and then only binds and executes it (the plan of an explorer's nested page costs more
// than running it). A name is the hash of the text, and a text never holds a request's values (they
// are parameters), so the names are the request shapes in use. Bounded: a connection that has
// prepared MAX_PREPARED statements is closed when it is released (the pool opens a fresh one), so
// a client sending endless new shapes costs reconnections, not memory.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Row } from './entity.ts';
import type { Queryable } from './page.ts';

/** The most statements one connection keeps prepared. */
export const MAX_PREPARED = 256;
/** Texts whose names are remembered (hashing a text is cheaper than planning it, but not free). */
const NAME_CACHE = 2048;

/** Postgres's answer when a prepared statement's result columns changed under it (a migration altered a table). */
const CHANGED_RESULT = '0A000';

export function preparedQueryable(pool: pg.Pool): Queryable {
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name) return name;
    name = `ol_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size >= NAME_CACHE) names.delete(names.keys().next().value!);
    names.set(text, name);
    return name;
  };
  const prepared = new WeakMap<pg.PoolClient, Set<string>>();
  return {
    async query(text: string, values: unknown[]): Promise<{ rows: Row[] }> {
      const client = await pool.connect();
      let broken = false;
      try {
        const name = nameOf(text);
        let held = prepared.get(client);
        if (!held) prepared.set(client, (held = new Set()));
        try {
          const result = await client.query<Row>({ name, text, values });
          held.add(name);
          return result;
        } catch (err) {
          if ((err as { code?: string }).code !== CHANGED_RESULT) throw err;
          // the connection's copy is stale: this one statement unnamed, the connection replaced
          broken = true;
          return await client.query<Row>(text, values);
        }
      } catch (err) {
        broken ||= (err as { code?: string }).code === undefined;
        throw err;
      } finally {
        client.release(broken || (prepared.get(client)?.size ?? 0) >= MAX_PREPARED ? true : undefined);
      }
    },
  };
}
