/**
 * Prometheus metrics of one app (prom-client, a per-app Registry so several
 * apps in one process do not collide): request counts and latency by route
 * and status, plus store gauges read from a stats callback at scrape time.
 */
import client from 'prom-client';
import type { FastifyInstance } from 'fastify';

export interface StoreStats {
  readonly quads: number;
  readonly walBytes?: number;
  /** Unix time (seconds) of the last snapshot. */
  readonly lastSnapshotTime?: number;
}

export function createHttpMetrics(app: FastifyInstance, stats?: () => StoreStats | Promise<StoreStats>): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'continuum_' });
  const requests = new client.Counter({
    name: 'continuum_http_requests_total', help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const, registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'continuum_http_request_duration_seconds', help: 'HTTP request latency by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const, buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30], registers: [registry],
  });
  // prom-client runs collect() callbacks concurrently: each gauge awaits its own read of the stats.
  const read = async (): Promise<StoreStats | undefined> => (stats ? await stats() : undefined);
  new client.Gauge({ name: 'continuum_store_quads', help: 'Quads in the store.', registers: [registry],
    async collect() { const s = await read(); if (s) this.set(s.quads); } });
  new client.Gauge({ name: 'continuum_wal_bytes', help: 'Bytes in the write-ahead log.', registers: [registry],
    async collect() { const s = await read(); if (s?.walBytes !== undefined) this.set(s.walBytes); } });
  new client.Gauge({ name: 'continuum_last_snapshot_time_seconds', help: 'Unix time of the last snapshot.', registers: [registry],
    async collect() { const s = await read(); if (s?.lastSnapshotTime !== undefined) this.set(s.lastSnapshotTime); } });

  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });
  return registry;
}
