/**
 * What every HTTP server Paperboy opens (the health endpoint, the Slack receiver) does with a
 * client that sends too much, too slowly or nonsense. Node's defaults suit a web app, not a
 * bot port on the internet: 300 s to send a request and 60 s for its headers let a few hundred
 * slow connections hold the process's sockets, and the timeouts are only checked every 30 s.
 * Slack's own requests and a health probe arrive whole within milliseconds.
 */
import type { ServerOptions } from 'node:http';

export const HTTP_LIMITS = {
  /** A client must have sent every header within this. */
  headersTimeoutMs: 5_000,
  /** And the whole request, body included, within this. */
  requestTimeoutMs: 10_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** How often Node looks for requests past their timeouts (its default is 30 s). */
  checkIntervalMs: 1_000,
  /** All headers of one request together; Node's default, stated so it cannot drift. */
  maxHeaderBytes: 16 * 1024,
} as const;

/** Options for `http.createServer` with the limits above. */
export function limitedServerOptions(): ServerOptions {
  return {
    headersTimeout: HTTP_LIMITS.headersTimeoutMs,
    requestTimeout: HTTP_LIMITS.requestTimeoutMs,
    keepAliveTimeout: HTTP_LIMITS.keepAliveTimeoutMs,
    connectionsCheckingInterval: HTTP_LIMITS.checkIntervalMs,
    maxHeaderSize: HTTP_LIMITS.maxHeaderBytes,
  };
}

/**
 * The path of a request target, or undefined when it cannot be read. `new URL` throws on
 * targets such as `//a:99999` (an authority with a bad port), so it never runs unguarded
 * inside a request handler, where a throw would end the process.
 */
export function requestPath(target: string | undefined): string | undefined {
  if (target === undefined || !target.startsWith('/')) return undefined;
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}
