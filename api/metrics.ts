// Prometheus metrics of the API: requests and their latency by operation, errors, and the pool.
// Operation names come from clients: only plain names become labels, and at most MAX_OPERATIONS
// of them (the rest count as `other`), so no client can grow the label set without bound.
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const MAX_OPERATIONS = 200;

export interface ApiMetrics {
  registry: Registry;
  observe(operation: string | undefined | null, seconds: number, errors: number): void;
  httpResponse(status: number): void;
  /** subscribers of a subscription field, now */
  subscribers(field: string, count: number): void;
  /** a batch notice heard on the LISTEN connection: fanned out, or ignored (not of the expected shape) */
  notice(outcome: 'received' | 'ignored'): void;
}

export function createMetrics(pool: pg.Pool): ApiMetrics {
  const registry = new Registry();
  const requests = new Counter({ name: 'api_graphql_requests_total', help: 'GraphQL operations run', labelNames: ['operation'], registers: [registry] });
  const errors = new Counter({ name: 'api_graphql_errors_total', help: 'GraphQL operations answered with errors', labelNames: ['operation'], registers: [registry] });
  const latency = new Histogram({
    name: 'api_graphql_duration_seconds',
    help: 'time to run a GraphQL operation',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const http = new Counter({ name: 'api_http_responses_total', help: 'HTTP responses by status class', labelNames: ['status'], registers: [registry] });
  new Gauge({
    name: 'api_db_pool_connections',
    help: 'database pool connections by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  const subscribers = new Gauge({ name: 'api_live_subscribers', help: 'open subscriptions by field', labelNames: ['field'], registers: [registry] });
  const notices = new Counter({
    name: 'api_live_notifications_total',
    help: "the indexer's batch notices heard (LISTEN), by outcome",
    labelNames: ['outcome'],
    registers: [registry],
  });
  const known = new Set<string>();
  const label = (op: string | undefined | null): string => {
    if (!op) return 'anonymous';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(op)) return 'other';
    if (known.has(op)) return op;
    if (known.size >= MAX_OPERATIONS) return 'other';
    known.add(op);
    return op;
  };
  return {
    registry,
    observe(operation, seconds, errorCount) {
      const operationLabel = label(operation);
      requests.inc({ operation: operationLabel });
      latency.observe({ operation: operationLabel }, seconds);
      if (errorCount > 0) errors.inc({ operation: operationLabel });
    },
    httpResponse(status) {
      http.inc({ status: `${Math.floor(status / 100)}xx` });
    },
    // field names come from the schema, never from a request
    subscribers(field, count) {
      subscribers.set({ field }, count);
    },
    notice(outcome) {
      notices.inc({ outcome });
    },
  };
}
