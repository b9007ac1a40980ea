/**
 * Slack's HTTP endpoint, hardened in front of Bolt. Bolt's own HTTPReceiver buffers up to 4 MB
 * of any body before it checks a signature, uses Node's 300 s request timeout, and accepts a
 * correctly signed request as often as it is sent within five minutes. This receiver answers
 * what it can from the headers alone, before reading a byte of the body:
 * - a target that cannot be read (400), another path (404) or method (405);
 * - a missing, malformed, stale or future timestamp (401), a declared body over the limit (413);
 * then reads at most `bodyBytes` (1 KB when unsigned: only Slack's `ssl_check` comes so),
 * verifies the signature itself (401), and refuses a (timestamp, signature) pair already seen
 * (401: a replay; Slack signs every delivery and retry anew): first in this process's memory,
 * which keeps a flood of one replay off the database, then in the store's delivery marks, which
 * every instance behind a load balancer shares (503 when the store cannot say, so Slack retries
 * rather than a replay getting through). Only then does Bolt's
 * HTTPReceiver get the request, with the body already buffered, and process it as usual.
 *
 * Everything Slack-facing over HTTP goes through here, so later work (OAuth install routes,
 * per-workspace secrets) has one place to extend.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HTTPModuleFunctions, HTTPReceiver, isRawBodyError, verifySlackRequest, type App, type Logger as BoltLogger, type HTTPReceiverOptions, type Receiver } from '@slack/bolt';
import type { DeliveryMarks } from '../../core/ports.js';
import type { InstallFlow } from './install-flow.js';
import { limitedServerOptions, requestPath } from '../../ops/http-limits.js';
import { createReplayGuard, type ReplayGuard } from './replay-guard.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export const SLACK_RECEIVER_LIMITS = {
  /**
   * Body bytes of a signed request. The largest Slack sends us is a button click on a paper
   * post (the whole message, form-encoded), about 20 KB; Slack's own limit is far higher.
   */
  bodyBytes: 64 * 1024,
  /** An unsigned request can only be Slack's `ssl_check`, a few dozen bytes. */
  unsignedBodyBytes: 1024,
  /** Slack's freshness rule: a timestamp more than this far from now is refused, both ways. */
  maxSkewSeconds: 300,
  /** Signatures remembered for replay detection (requests within the freshness window). */
  replayMemory: 100_000,
} as const;

/** Why a request was refused before Bolt saw it, for the log and tests. */
export type Refusal = 'bad_target' | 'not_found' | 'method' | 'unsigned_too_large' | 'too_large' | 'bad_timestamp' | 'stale' | 'bad_signature' | 'replay' | 'body_unreadable' | 'store_unavailable';

interface Rejection {
  readonly status: number;
  readonly reason: Refusal;
  /** Close the connection: the rest of the body is not worth reading. */
  readonly close: boolean;
}

export interface SlackReceiverOptions {
  readonly signingSecret: string;
  readonly logger: BoltLogger;
  /** Where instances sharing a store record the requests they accepted; unset: this process only. */
  readonly marks?: DeliveryMarks | undefined;
  /** Unix ms; tests move it. */
  readonly now?: () => number;
  readonly limits?: Partial<typeof SLACK_RECEIVER_LIMITS>;
  /** Every refused request, once (counted by the caller; not logged per request, which a flood would turn into a disk flood). */
  readonly onRefused?: (reason: Refusal) => void;
  /**
   * The install flow (many workspaces): Bolt's installer serves its two pages (GET, from a
   * browser, unsigned) behind the same limits, and authorizes every request per workspace.
   */
  readonly oauth?: ReturnType<InstallFlow['appOptions']> | undefined;
}

export interface SlackHttpReceiver extends Receiver {
  start(listen: { port: number; host: string }): Promise<Server>;
  stop(): Promise<void>;
  /** Bolt's installer in install-flow mode: the App takes its `authorize` from here. */
  readonly installer: HTTPReceiver['installer'];
}

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

export function createSlackHttpReceiver(options: SlackReceiverOptions): SlackHttpReceiver {
  const limits = { ...SLACK_RECEIVER_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  // Bolt's App options allow `undefined` where its receiver's do not: only the set ones go on.
  const oauth = Object.fromEntries(Object.entries(options.oauth ?? {}).filter(([, value]) => value !== undefined)) as Partial<HTTPReceiverOptions>;
  const bolt = new HTTPReceiver({ ...oauth, signingSecret: options.signingSecret, logger: options.logger, endpoints: [SLACK_EVENTS_PATH], bodyLimit: limits.bodyBytes });
  const installPaths = new Set(options.oauth === undefined ? [] : [options.oauth.installerOptions?.installPath, options.oauth.installerOptions?.redirectUriPath].filter((path) => path !== undefined));
  const replays: ReplayGuard = createReplayGuard({ windowSeconds: limits.maxSkewSeconds, max: limits.replayMemory });
  let server: Server | undefined;

  function refuse(response: ServerResponse, { status, reason, close }: Rejection): void {
    options.onRefused?.(reason);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    // Closing tells Node not to read the rest of a body nobody will look at.
    response.writeHead(status, close ? { connection: 'close' } : {}).end();
  }

  /** Why `request` must not reach Bolt, or undefined when it may (its body then buffered). */
  async function check(request: IncomingMessage): Promise<Rejection | undefined> {
    const path = requestPath(request.url);
    if (path === undefined) return { status: 400, reason: 'bad_target', close: true };
    if (installPaths.has(path)) {
      // A browser on its way through the install flow: a GET, with no body worth reading.
      if (request.method !== 'GET') return { status: 405, reason: 'method', close: true };
      if (Number(request.headers['content-length'] ?? 0) > 0) return { status: 413, reason: 'unsigned_too_large', close: true };
      return undefined;
    }
    if (path !== SLACK_EVENTS_PATH) return { status: 404, reason: 'not_found', close: true };
    if (request.method !== 'POST') return { status: 405, reason: 'method', close: true };

    const signature = header(request, 'x-slack-signature');
    const timestamp = header(request, 'x-slack-request-timestamp');
    const signed = signature !== undefined || timestamp !== undefined;
    const limit = signed ? limits.bodyBytes : limits.unsignedBodyBytes;
    const declared = Number(request.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > limit) return { status: 413, reason: signed ? 'too_large' : 'unsigned_too_large', close: true };
    const nowSeconds = Math.floor(now() / 1000);
    if (signed) {
      if (signature === undefined || timestamp === undefined || !/^\d{1,12}$/u.test(timestamp)) return { status: 401, reason: 'bad_timestamp', close: true };
      if (Math.abs(nowSeconds - Number(timestamp)) > limits.maxSkewSeconds) return { status: 401, reason: 'stale', close: true };
    }

    let raw: Buffer;
    try {
      raw = (await HTTPModuleFunctions.bufferIncomingMessage(request, limit)).rawBody;
    } catch (error) {
      const tooLarge = isRawBodyError(error) && (error as { statusCode?: number }).statusCode === 413;
      return { status: tooLarge ? 413 : 400, reason: tooLarge ? (signed ? 'too_large' : 'unsigned_too_large') : 'body_unreadable', close: true };
    }
    if (signed && signature !== undefined && timestamp !== undefined) {
      try {
        verifySlackRequest({
          signingSecret: options.signingSecret,
          body: raw.toString(),
          headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
          nowMilliseconds: now(),
        });
      } catch {
        return { status: 401, reason: 'bad_signature', close: false };
      }
      if (!replays.admit(Number(timestamp), signature, nowSeconds)) return { status: 401, reason: 'replay', close: false };
      if (options.marks !== undefined) {
        const span = { at: new Date(now()).toISOString(), until: new Date((Number(timestamp) + limits.maxSkewSeconds + 1) * 1000).toISOString() };
        let first: boolean;
        try {
          first = await options.marks.markFirst(`slack-request:${timestamp}:${signature}`, span);
        } catch (error) {
          options.logger.error('could not check a Slack request against the shared replay record', error);
          return { status: 503, reason: 'store_unavailable', close: false };
        }
        if (!first) return { status: 401, reason: 'replay', close: false };
      }
    }
    return undefined;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rejection = await check(request);
    if (rejection !== undefined) {
      refuse(response, rejection);
      return;
    }
    // Bolt reads the body buffered above (it looks for rawBody first) and verifies again.
    bolt.requestListener(request, response);
  }

  return {
    installer: bolt.installer,
    init: (app: App) => {
      bolt.init(app);
    },
    start(listen) {
      if (server !== undefined) return Promise.reject(new Error('the Slack receiver is already started'));
      const created = createServer(limitedServerOptions(), (request, response) => {
        handle(request, response).catch(() => {
          refuse(response, { status: 500, reason: 'body_unreadable', close: true });
        });
      });
      server = created;
      return new Promise((resolve, reject) => {
        created.once('error', reject);
        created.listen(listen.port, listen.host, () => {
          created.off('error', reject);
          resolve(created);
        });
      });
    },
    stop() {
      const closing = server;
      server = undefined;
      if (closing === undefined) return Promise.resolve();
      return new Promise((resolve) => closing.close(() => resolve()));
    },
  };
}
