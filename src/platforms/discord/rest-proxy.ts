/**
 * `paperboy discord-proxy`: the one process per bot token that every instance sends Discord REST
 * through. Discord's global limit (50 requests/s) and its per-route buckets belong to the token,
 * not to a process, so N instances each pacing themselves would send N times too much; here one
 * @discordjs/rest manager, behind the official @discordjs/proxy handler, keeps them for all.
 * As in discord.js's own proxy container, the proxy does not wait or retry: a request over the
 * budget is answered 429 with Retry-After before it reaches Discord, and the instance's REST
 * client waits and sends it again (the proxy could not: it streams bodies through, so a retry
 * there would go out empty).
 *
 * It also hands out IDENTIFY turns (`POST /identify`): Discord lets a token's shards identify one
 * per `shard_id % max_concurrency` bucket every 5 s, and shards of different instances must take
 * turns too. The turns come from @discordjs/ws's own SimpleIdentifyThrottler, kept here once.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyRequests } from '@discordjs/proxy';
// From the package itself, not through discord.js: the proxy recognises Discord's errors with
// instanceof, and discord.js loads the CommonJS build of @discordjs/rest, the proxy the ES one.
import { DefaultRestOptions, REST, type ResponseLike } from '@discordjs/rest';
import { SimpleIdentifyThrottler } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import { evenPacing, type Pace } from './even-pacing.js';
import { loggableError, redactDiscordUrl } from './errors.js';

export interface DiscordProxyOptions {
  /** Discord's REST base (DISCORD_API_URL); unset: Discord itself. */
  readonly upstream?: string | undefined;
  readonly host: string;
  readonly port: number;
  /** The token's global budget for every instance together. */
  readonly requestsPerSecond: number;
  readonly logger: Logger;
}

export interface DiscordProxy {
  readonly port: number;
  /** What instances set DISCORD_PROXY_URL to (with the host they reach it by). */
  readonly url: string;
  close(): Promise<void>;
}

const identifyRequest = z.object({
  shardId: z.number().int().min(0),
  maxConcurrency: z.number().int().min(1),
});

/**
 * Discord's REST as the proxy's manager calls it, with an upstream it cannot reach answering 502
 * like a gateway would: @discordjs/proxy ends the response as a bare 200 on any error it does
 * not know, and the instance must see a failure it retries. Timeouts stay errors (504).
 */
function sendOrBadGateway(logger: Logger, pace: Pace) {
  return async (url: string, init: Parameters<typeof DefaultRestOptions.makeRequest>[1]): Promise<ResponseLike> => {
    // Only the bot's own requests count against its global limit; interaction callbacks and
    // webhooks (sent without the bot's Authorization) are exempt on Discord and must not wait.
    if (hasAuthorization(init.headers)) await pace(init.signal);
    try {
      return await DefaultRestOptions.makeRequest(url, init);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      logger.warn({ url: redactDiscordUrl(url), err: loggableError(error) }, 'could not reach Discord');
      return new Response(JSON.stringify({ message: 'the Discord proxy could not reach Discord', code: 0 }), {
        status: 502,
        headers: { 'content-type': 'application/json' },
      });
    }
  };
}

function hasAuthorization(headers: Parameters<typeof DefaultRestOptions.makeRequest>[1]['headers']): boolean {
  if (headers === undefined) return false;
  if (Array.isArray(headers)) return headers.some((pair) => pair[0]?.toLowerCase() === 'authorization');
  if ('has' in headers && typeof headers.has === 'function') return headers.has('authorization');
  return Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
}

/** An identify turn request is small; anything bigger is not one. */
const MAX_IDENTIFY_BODY = 1024;

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_IDENTIFY_BODY) throw new Error('request body too large');
  }
  return JSON.parse(text) as unknown;
}

function answer(response: ServerResponse, status: number, body?: unknown): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startDiscordProxy(options: DiscordProxyOptions): Promise<DiscordProxy> {
  const { logger } = options;
  const rest = new REST({
    // The window stays as well: it answers 429 to instances once a second's worth is waiting,
    // so the pacing queue never holds more than about a second of requests.
    globalRequestsPerSecond: options.requestsPerSecond,
    // Waiting and retrying stay with the instances (see above).
    rejectOnRateLimit: () => true,
    retries: 0,
    makeRequest: sendOrBadGateway(logger, evenPacing(options.requestsPerSecond)),
    ...(options.upstream === undefined ? {} : { api: options.upstream }),
  });
  rest.on('rateLimited', (info) => logger.debug({ route: info.route, global: info.global, retryAfterMs: info.timeToReset }, 'a request waits for a Discord rate limit'));
  const forward = proxyRequests(rest);
  const throttlers = new Map<string, SimpleIdentifyThrottler>();

  async function identifyTurn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const auth = request.headers.authorization;
    if (auth === undefined || auth === '') {
      answer(response, 401, { message: 'an identify turn needs the bot\'s Authorization header' });
      return;
    }
    const parsed = identifyRequest.safeParse(await readJson(request).catch(() => undefined));
    if (!parsed.success) {
      answer(response, 400, { message: 'expected {"shardId": n, "maxConcurrency": n}' });
      return;
    }
    const { shardId, maxConcurrency } = parsed.data;
    // Turns belong to the token; the hash keeps the token itself out of memory dumps and logs.
    const key = `${createHash('sha256').update(auth).digest('hex')}:${maxConcurrency}`;
    let throttler = throttlers.get(key);
    if (throttler === undefined) {
      throttler = new SimpleIdentifyThrottler(maxConcurrency);
      throttlers.set(key, throttler);
    }
    const gone = new AbortController();
    response.once('close', () => { gone.abort(); });
    try {
      await throttler.waitForIdentify(shardId, gone.signal);
    } catch {
      // The instance went away while it waited; its place in the queue is given up.
      return;
    }
    logger.info({ shard: shardId, bucket: shardId % maxConcurrency }, 'identify turn given');
    answer(response, 204);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://proxy').pathname;
    if (path === '/identify' && request.method === 'POST') return identifyTurn(request, response);
    if (path === '/api' || path.startsWith('/api/')) return forward(request, response);
    if (path === '/healthz' && request.method === 'GET') answer(response, 200, { status: 'ok' });
    else answer(response, 404, { message: 'not found: Discord REST is under /api, identify turns at POST /identify' });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ method: request.method, path: redactDiscordUrl(request.url ?? ''), err: loggableError(error) }, 'could not forward a Discord request');
      answer(response, 502, { message: 'the Discord proxy failed', code: 0 });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => { resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
      server.closeAllConnections();
      server.close(() => { resolve(); });
    }),
  };
}
