/**
 * The operations endpoint: `/healthz` answers 200 only when the store is open and every
 * configured platform is connected (503 with the reasons otherwise), and says what this
 * instance holds (`details`: its Discord shards); `/metrics` serves Prometheus text. Bound to
 * HEALTH_PORT on HEALTH_HOST; nothing else is served, a request it cannot read gets 400, and
 * the limits of http-limits.ts apply. A failing check is reported by its error class, never its
 * message: the endpoint is often reachable by more people than the logs are.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { limitedServerOptions, requestPath } from './http-limits.js';

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
      return [{ check: check.name, problem: `check failed (${errorClass(error)})` }];
    }
  }));
  const problems = results.flat();
  const details = Object.fromEntries(checks.flatMap((check) => (check.details === undefined ? [] : [[check.name, check.details()]])));
  return { status: problems.length === 0 ? 'ok' : 'unavailable', problems, ...(Object.keys(details).length === 0 ? {} : { details }) };
}

/** `SqliteError`, `AppError store_failure`, `TypeError`: what failed, without its details. */
export function errorClass(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[\w.-]{1,64}$/u.test(code) ? `${error.name} ${code}` : error.name;
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: { port: number; host: string; checks: readonly HealthCheck[]; metrics: () => string }): Promise<HealthServer> {
  function answer(path: string, method: string | undefined, response: ServerResponse): void {
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      void healthReport(options.checks).then((report) => {
        // The client may have gone while the checks ran.
        if (response.destroyed) return;
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
  }

  const server: Server = createServer(limitedServerOptions(), (request, response) => {
    const path = requestPath(request.url);
    if (path === undefined) {
      response.writeHead(400, { 'content-type': 'text/plain', connection: 'close' }).end('bad request\n');
      return;
    }
    try {
      answer(path, request.method, response);
    } catch (error) {
      // Nothing a client sends may end the process; the answer names the class only.
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`internal error (${errorClass(error)})\n`);
    }
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
