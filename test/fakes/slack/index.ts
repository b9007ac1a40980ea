/**
 * A loopback fake of the Slack Web API for end-to-end tests, driven by the real @slack/bolt App
 * and WebClient (the team notes' chat-platforms.md §3). One port serves:
 *   POST /api/<method>   form-encoded (as WebClient sends) or JSON, `Authorization: Bearer …`
 *   POST /response/<id>  a response_url sink for `respond()`
 *   ws   /socket         Socket Mode (see slack-socket.ts)
 * It records every call, rejects what Slack rejects (slack-blocks.ts, slack-workspace.ts) and
 * injects faults on demand. Request builders for the Bolt side live in slack-requests.ts.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLog } from '../../support/wait-log.js';
import { parseArgs, readBody, send } from './http.js';
import { createOAuth, type Caller, type OAuthOptions } from './oauth.js';
import { createSocketModeServer, type EnvelopeOptions, type EnvelopeType, type SocketAck, type SocketDelivery } from './socket.js';
import {
  type Answer, type Args, type FakeSlackChannel, type FakeSlackUser, type StoredEphemeral,
  type StoredMessage,
} from './model.js';
import { createWorkspace, DEFAULT_CALLER, type WorkspaceOptions } from './workspace.js';

export * from './blocks.js';
export * from './requests.js';
export type { EnvelopeOptions, EnvelopeType, SocketAck, SocketDelivery } from './socket.js';
export {
  DEFAULT_USERS, FAKE_APP_ID, FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID, tsKey,
  type FakeReaction, type FakeSlackChannel, type FakeSlackUser, type StoredEphemeral, type StoredMessage,
} from './model.js';
export type { WorkspaceOptions } from './workspace.js';
export { botUserIdOf, type Caller, type InstallGrant, type OAuthOptions } from './oauth.js';

export interface SlackApiCall {
  readonly method: string;
  /** Parsed arguments without `token`; `blocks`, `attachments` and `metadata` JSON-parsed. */
  readonly args: Args;
  readonly headers: IncomingHttpHeaders;
  /** Bearer token (or body `token`) the call carried, if any. */
  readonly token: string | undefined;
  /** Date.now() when the call arrived. */
  readonly time: number;
  readonly status: number;
  readonly response: Answer;
}

export interface SlackResponseCall {
  readonly id: string;
  readonly body: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
  readonly time: number;
  readonly status: number;
}

export interface SlackFault {
  readonly method: string;
  /** HTTP status. 429 adds `Retry-After` and body `{ ok:false, error:'ratelimited' }`. */
  readonly status?: number;
  /** Seconds for `Retry-After` on a 429. Default 1. */
  readonly retryAfter?: number;
  /** Slack error for a 200 `{ ok:false, error }` answer (or the body error with `status`). */
  readonly error?: string;
  /** How many calls to fail. Default 1. */
  readonly times?: number;
  /** Only calls made with a token of this workspace. */
  readonly team?: string;
}

export interface RateLimitOptions {
  /** chat.postMessage per second per channel. Default 1. */
  readonly perSecond?: number;
  /** Messages a quiet channel may take at once. Default 2. */
  readonly burst?: number;
}

export interface SlackFakeOptions extends WorkspaceOptions {
  /** Default 'xoxb-test'. Any other bot token gets `invalid_auth`. */
  readonly botToken?: string;
  /** Default 'xapp-test'; only apps.connections.open takes it. */
  readonly appToken?: string;
  /** apps.connections.open returns the fake's ws URL. Default true; false answers `not_authed`. */
  readonly socketMode?: boolean;
  /** Enforce Slack's 1 message/s per channel on chat.postMessage (429 + Retry-After). Off by default. */
  readonly rateLimit?: RateLimitOptions | boolean;
  /** Answers a response_url accepts before it says `used_url` (Slack: 5 in 30 minutes). Default 5. */
  readonly responseUrlMaxUses?: number;
  /** The OAuth install flow: the app's client credentials, token rotation. */
  readonly oauth?: OAuthOptions;
}

function describeCalls(items: readonly SlackApiCall[]): string {
  const outcome = (c: SlackApiCall): string => (typeof c.response.error === 'string' ? c.response.error : 'ok');
  return items.map((c) => `${c.method}→${outcome(c)}`).join(', ') || 'nothing';
}

export async function startSlackFake(options: SlackFakeOptions = {}) {
  const botToken = options.botToken ?? 'xoxb-test';
  const appToken = options.appToken ?? 'xapp-test';
  const maxUses = options.responseUrlMaxUses ?? 5;
  const workspace = createWorkspace(options);
  const oauth = createOAuth(options.oauth ?? { clientId: 'fake-client-id', clientSecret: 'fake-client-secret' });
  const socket = createSocketModeServer();
  const calls = createLog<SlackApiCall>('fake slack', describeCalls);
  const responses = createLog<SlackResponseCall>('fake slack', (items) => items.map((r) => r.id).join(', ') || 'nothing');
  const faults: { fault: SlackFault; left: number }[] = [];
  const responseFaults: { id: string | undefined; status: number; left: number }[] = [];
  const buckets = new Map<string, { tokens: number; at: number }>();
  let rateLimit = options.rateLimit === true ? {} : options.rateLimit === false ? undefined : options.rateLimit;
  let port = 0;

  /** Token bucket per channel; returns the seconds to wait when the bucket is empty. */
  function throttle(channel: string): number | undefined {
    if (rateLimit === undefined) return undefined;
    const perSecond = rateLimit.perSecond ?? 1;
    const burst = rateLimit.burst ?? 2;
    const now = Date.now();
    const bucket = buckets.get(channel) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }

  function takeFault(method: string, caller: Caller | undefined): SlackFault | undefined {
    const index = faults.findIndex((f) => f.fault.method === method && (f.fault.team === undefined || f.fault.team === caller?.teamId));
    const entry = faults[index];
    if (entry === undefined) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) faults.splice(index, 1);
    return entry.fault;
  }

  /** Who the token speaks for, or the error Slack answers. */
  function identify(method: string, token: string | undefined): Caller | { error: string } {
    if (token === undefined || token === '') return { error: 'not_authed' };
    const wanted = method === 'apps.connections.open' ? appToken : botToken;
    if (token === wanted) return DEFAULT_CALLER;
    const issued = oauth.identify(token);
    if (issued !== undefined) return method === 'apps.connections.open' ? { error: 'not_allowed_token_type' } : issued;
    return { error: token === appToken || token === botToken ? 'not_allowed_token_type' : 'invalid_auth' };
  }

  /** Status, headers and body for one Web API call. */
  function answer(method: string, args: Args, token: string | undefined, authorization: string | undefined): [number, Answer, Record<string, string>] {
    if (method === 'oauth.v2.access') return [200, oauth.access(args, authorization), {}];
    if (method !== 'apps.connections.open' && !(method in workspace.methods)) return [200, { ok: false, error: 'unknown_method' }, {}];
    const who = identify(method, token);
    const caller = 'error' in who ? undefined : who;
    const fault = takeFault(method, caller);
    if (fault?.status === 429) {
      const retryAfter = String(fault.retryAfter ?? 1);
      return [429, { ok: false, error: fault.error ?? 'ratelimited' }, { 'retry-after': retryAfter }];
    }
    if (fault !== undefined) return [fault.status ?? 200, { ok: false, error: fault.error ?? 'internal_error' }, {}];
    if (caller === undefined) return [200, { ok: false, error: 'error' in who ? who.error : 'invalid_auth' }, {}];
    if (method === 'apps.connections.open') {
      return options.socketMode === false
        ? [200, { ok: false, error: 'not_authed' }, {}]
        : [200, { ok: true, url: `ws://127.0.0.1:${port}/socket` }, {}];
    }
    if (method === 'chat.postMessage' && typeof args.channel === 'string') {
      const wait = throttle(args.channel);
      if (wait !== undefined) return [429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(wait) }];
    }
    const handler = workspace.methods[method];
    return [200, handler === undefined ? { ok: false, error: 'unknown_method' } : handler(args, caller), {}];
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const raw = await readBody(req);
    let args: Args;
    try {
      args = parseArgs(raw, req.headers['content-type'], url.searchParams);
    } catch {
      send(res, 200, { ok: false, error: 'invalid_json' });
      return;
    }
    const bearer = /^Bearer (.+)$/u.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const [status, body, headers] = answer(method, args, token, req.headers.authorization);
    calls.push({ method, args, headers: req.headers, token, time: Date.now(), status, response: body });
    send(res, status, body, headers);
  }

  async function handleResponse(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      body = { unparsed: raw };
    }
    const index = responseFaults.findIndex((f) => f.id === undefined || f.id === id);
    const fault = responseFaults[index];
    if (fault !== undefined && (fault.left -= 1) <= 0) responseFaults.splice(index, 1);
    const used = responses.items.filter((r) => r.id === id && r.status === 200).length >= maxUses;
    const status = fault?.status ?? (used ? 404 : 200);
    responses.push({ id, body, headers: req.headers, time: Date.now(), status });
    const error = fault === undefined ? 'used_url' : 'fake_failure';
    send(res, status, status === 200 ? { ok: true } : { ok: false, error });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const api = /^\/api\/([A-Za-z0-9_.]+)$/u.exec(url.pathname)?.[1];
    const responseId = /^\/response\/([^/]+)$/u.exec(url.pathname)?.[1];
    if (url.pathname === '/oauth/v2/authorize' && req.method === 'GET') {
      const page = oauth.authorize(url.searchParams);
      res.writeHead(page.status, page.location === undefined ? { 'content-type': 'text/plain' } : { location: page.location });
      res.end(page.body ?? '');
      return;
    }
    const handled = api !== undefined && (req.method === 'POST' || req.method === 'GET')
      ? handleApi(req, res, url, api)
      : responseId !== undefined && req.method === 'POST'
        ? handleResponse(req, res, decodeURIComponent(responseId))
        : undefined;
    if (handled === undefined) {
      send(res, 404, { ok: false, error: 'fake slack: no such route' });
      return;
    }
    handled.catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: String(error) });
    });
  });
  server.on('upgrade', (req, sock, head) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname === '/socket') socket.handleUpgrade(req, sock, head);
    else sock.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    port,
    baseUrl,
    /** For `clientOptions.slackApiUrl`, with the trailing slash WebClient expects. */
    apiUrl: `${baseUrl}/api/`,
    responseUrl: (id: string): string => `${baseUrl}/response/${encodeURIComponent(id)}`,

    calls: (method?: string): SlackApiCall[] => calls.items.filter((c) => method === undefined || c.method === method),
    waitForCall: (method: string, predicate: (call: SlackApiCall) => boolean = () => true, timeoutMs = 3000) =>
      calls.waitFor((c) => c.method === method && predicate(c), timeoutMs, `${method} call`),
    responses: (id?: string): SlackResponseCall[] => responses.items.filter((r) => id === undefined || r.id === id),
    waitForResponse: (id?: string, predicate: (r: SlackResponseCall) => boolean = () => true, timeoutMs = 3000) =>
      responses.waitFor((r) => (id === undefined || r.id === id) && predicate(r), timeoutMs, `response${id === undefined ? '' : ` to ${id}`}`),

    /** Stored channel messages, oldest first (all channels when `channel` is omitted). */
    messages: workspace.messages,
    ephemerals: (): StoredEphemeral[] => workspace.ephemerals(),
    /** Messages the bot sent `userId` in their DM (opened with conversations.open), oldest first. */
    dms: (userId: string): StoredMessage[] => workspace.dms(userId),
    /** Puts a message in a channel as if someone posted it (default user U0001); returns it with its ts. */
    addMessage: (channel: string, message?: Partial<StoredMessage>): StoredMessage => workspace.addMessage(channel, message),
    setUser: (user: FakeSlackUser): void => { workspace.setUser(user); },
    setChannel: (channel: FakeSlackChannel): void => { workspace.setChannel(channel); },

    failNext: (fault: SlackFault): void => {
      faults.push({ fault, left: fault.times ?? 1 });
    },
    /** The next response_url POST(s) (to `id`, or any) answer `status` (default 500). */
    failNextResponse: (fault: { id?: string; status?: number; times?: number } = {}): void => {
      responseFaults.push({ id: fault.id, status: fault.status ?? 500, left: fault.times ?? 1 });
    },
    setRateLimit: (limit: RateLimitOptions | false): void => {
      rateLimit = limit === false ? undefined : limit;
      buckets.clear();
    },

    /** The install flow: who approves next, where Slack redirects, revoked and issued tokens. */
    oauth: {
      /** For Bolt's `authorizationUrl`. */
      authorizeUrl: `${baseUrl}/oauth/v2/authorize`,
      approveNext: oauth.approveNext,
      setRedirectUri: oauth.setRedirectUri,
      setInstallLifetime: oauth.setInstallLifetime,
      /** Uninstall: every token of the workspace (or organisation) is revoked. */
      revokeAll: oauth.revokeAll,
      secrets: oauth.secrets,
      tokensOf: oauth.tokensOf,
    },

    sendEnvelope: (type: EnvelopeType, payload: unknown, envelope?: EnvelopeOptions): Promise<SocketAck> =>
      socket.sendEnvelope(type, payload, envelope),
    socketAcks: (): readonly SocketAck[] => socket.acks(),
    /** Every envelope sent, with the connection it went over (one per envelope, as Slack does). */
    socketDeliveries: (): readonly SocketDelivery[] => socket.deliveries(),
    socketConnections: (): number => socket.connectionCount(),
    waitForSocket: (timeoutMs?: number): Promise<void> => socket.waitForConnection(timeoutMs),
    disconnectSockets: (reason?: string): void => { socket.disconnectAll(reason); },

    async stop(): Promise<void> {
      if (!server.listening) return;
      calls.close();
      responses.close();
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => {
        if (error) reject(error);
        else resolve();
      }));
    },
  };
}

export type SlackFake = Awaited<ReturnType<typeof startSlackFake>>;
