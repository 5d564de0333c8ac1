// Prometheus metrics of the watchdog (docs/verifier.md). Labels are fixed words (verdicts, reasons,
// challenge statuses, the backend name): nothing from the chain or a key becomes a label.
import { createServer, type Server } from 'node:http';
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface VerifierMetrics {
  registry: Registry;
  sampled(reason: 'sampled' | 'attributor', n: number): void;
  verdict(verdict: string, distance?: number): void;
  challengeSent(bondWei: bigint): void;
  scoresPerSecond(v: number): void;
  backend(name: string): void;
}

export function createMetrics(opts: { pool: pg.Pool; queueDepth: () => Promise<number>; account?: string }): VerifierMetrics {
  const registry = new Registry();
  const sampled = new Counter({ name: 'verifier_records_sampled_total', help: 'records selected for verification', labelNames: ['reason'], registers: [registry] });
  const verdicts = new Counter({ name: 'verifier_verdicts_total', help: 'verdicts written', labelNames: ['verdict'], registers: [registry] });
  const distance = new Histogram({
    name: 'verifier_distance', help: 'total-variation distance between posted and recomputed shares',
    buckets: [1e-9, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.05, 0.1, 0.25, 0.5, 1], registers: [registry],
  });
  const sent = new Counter({ name: 'verifier_challenges_sent_total', help: 'challenge transactions broadcast', registers: [registry] });
  const sps = new Gauge({ name: 'verifier_scores_per_second', help: 'records recomputed per second in the last batch', registers: [registry] });
  const backend = new Gauge({ name: 'verifier_backend', help: 'the compute backend in use (1)', labelNames: ['backend'], registers: [registry] });
  new Gauge({
    name: 'verifier_queue_depth', help: 'verification jobs waiting or running', registers: [registry],
    async collect() {
      this.set(await opts.queueDepth().catch(() => -1));
    },
  });
  new Gauge({
    name: 'verifier_challenges', help: "this watchdog's challenges on chain by indexed status (OPEN, UPHELD, REJECTED, EXPIRED)", labelNames: ['status'], registers: [registry],
    async collect() {
      if (!opts.account) return;
      const res = await opts.pool.query(`SELECT status, count(*)::int AS n FROM challenge WHERE lower(challenger) = $1 GROUP BY status`, [opts.account.toLowerCase()]).catch(() => undefined);
      for (const r of res?.rows ?? []) this.set({ status: String(r.status) }, r.n);
    },
  });
  new Gauge({
    name: 'verifier_bonds_at_stake_wei', help: "bonds of this watchdog's open challenges (wei)", registers: [registry],
    async collect() {
      if (!opts.account) return;
      const res = await opts.pool.query(`SELECT coalesce(sum(bond), 0)::float8 AS wei FROM challenge WHERE lower(challenger) = $1 AND status = 'OPEN'`, [opts.account.toLowerCase()]).catch(() => undefined);
      if (res) this.set(Number(res.rows[0].wei));
    },
  });
  return {
    registry,
    sampled: (reason, n) => n > 0 && sampled.inc({ reason }, n),
    verdict(v, d) {
      verdicts.inc({ verdict: v });
      if (d !== undefined) distance.observe(d);
    },
    challengeSent: () => sent.inc(),
    scoresPerSecond: (v) => sps.set(v),
    backend(name) {
      backend.reset();
      backend.set({ backend: name }, 1);
    },
  };
}

/** GET /metrics on 127.0.0.1:`port` (0 picks one); resolves with the server. */
export function serveMetrics(registry: Registry, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
