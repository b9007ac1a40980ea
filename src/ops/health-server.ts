/**
 * The operations endpoint: `/healthz` answers 200 only when the store is open and every
 * configured platform is connected (503 with the reasons otherwise), and says what this
 * instance holds (`details`: its Discord shards); `/metrics` serves Prometheus text. Bound to
 * HEALTH_PORT; nothing else is served.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthCheck {
  readonly name: string;
  /** Undefined when healthy, else why not. */
  problem(): Promise<string | undefined>;
  /** What this instance holds there, shown healthy or not (a platform's shards, say). */
  details?(): unknown;
}

interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly problems: { check: string; problem: string }[];
  readonly details?: Record<string, unknown>;
}

/** Every failing check with its reason (a check that throws fails with its message), and the details. */
async function healthReport(checks: readonly HealthCheck[]): Promise<HealthReport> {
  const results = await Promise.all(checks.map(async (check) => {
    try {
      const problem = await check.problem();
      return problem === undefined ? [] : [{ check: check.name, problem }];
    } catch (error) {
      return [{ check: check.name, problem: error instanceof Error ? error.message : String(error) }];
    }
  }));
  const problems = results.flat();
  const details = Object.fromEntries(checks.flatMap((check) => (check.details === undefined ? [] : [[check.name, check.details()]])));
  return { status: problems.length === 0 ? 'ok' : 'unavailable', problems, ...(Object.keys(details).length === 0 ? {} : { details }) };
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: { port: number; host: string; checks: readonly HealthCheck[]; metrics: () => string }): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      void healthReport(options.checks).then((report) => {
        response.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        response.end(JSON.stringify(report));
      });
      return;
    }
    if (path === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      response.end(options.metrics());
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
