/**
 * A loopback fake of Discord (gateway WebSocket + REST API v10) for end-to-end tests that run the
 * real discord.js 14 client (the team notes' chat-platforms.md §2). One 127.0.0.1 port serves
 * REST under `/api/v10` and the gateway; point discord.js at it with
 * `new Client({ rest: { api: fake.apiUrl } })`. The fake records every request, rejects what
 * Discord rejects (discord-limits.ts, discord-rest*.ts), and injects faults and rate limits.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaults, createRateLimiter, type Answer, type Fault, type RateLimitOptions } from './faults.js';
import { createGateway, type DispatchRecord, type GatewayFrame } from './gateway.js';
import { createSessionLimits, type IdentifyRejection, type SessionLimitOptions } from './shards.js';
import { createLog } from '../../support/wait-log.js';
import {
  FAKE_USER_ID, TEXT_BASED_TYPES, channelObject, messageObject,
  type ChannelAccess, type FakeChannelInput, type Json,
} from './model.js';
import { buildInteraction, buildReaction, emojiObject, type InteractionOptions, type ReactionOptions } from './payloads.js';
import { ERRORS, json, matchRoute, parseBody, unknownRoute, type Handler, type RecordedRequest, type RouteContext, type RouteName } from './rest.js';
import { createChannelRoutes } from './rest-channels.js';
import { createInteractionRoutes, type InteractionAck } from './rest-interactions.js';
import { createWorld, type WorldOptions } from './world.js';

export * from './model.js';
export * from './payloads.js';
export { shardOf, spreadGuildId, spreadGuilds, type IdentifyRejection, type SessionLimitOptions, type Shard } from './shards.js';
export { DISCORD_LIMITS, embedTotalLength, messageErrors } from './limits.js';
export type { Answer, Fault, RateLimitOptions } from './faults.js';
export type { DispatchRecord, GatewayFrame } from './gateway.js';
export type { RecordedFile, RecordedRequest, RouteName } from './rest.js';
export type { InteractionAck } from './rest-interactions.js';
export type { WorldOptions } from './world.js';

export interface DiscordFakeOptions extends WorldOptions {
  /** When set, REST `Bot <token>` and IDENTIFY must carry it (401 / close 4004); otherwise any token passes. */
  readonly token?: string;
  /** HELLO heartbeat_interval. Default 41250 ms (heartbeats are answered either way). */
  readonly heartbeatIntervalMs?: number;
  /** Discord's 3 s initial-response window for interactions; 0 turns it off. Default 3000. */
  readonly interactionResponseWindowMs?: number;
  /** Enforce a global (per token) and a per-channel message rate limit. Off by default; `true` uses the defaults. */
  readonly rateLimit?: RateLimitOptions | boolean;
  /** Recommended shards, identify concurrency and session starts (shards.ts); Discord's rules by default. */
  readonly gateway?: SessionLimitOptions;
}

export interface SentInteraction {
  readonly id: string;
  readonly token: string;
  /** The INTERACTION_CREATE `d` that was dispatched. */
  readonly payload: Json;
}

export interface AddMessageOptions {
  readonly content?: string;
  /** Default FAKE_USER_ID (alice). */
  readonly authorId?: string;
  readonly embeds?: readonly Json[];
  readonly components?: readonly Json[];
}

function send(res: ServerResponse, answer: Answer): void {
  if (answer.status === 204 || answer.body === undefined) {
    res.writeHead(answer.status, { ...answer.headers });
    res.end();
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}

export async function startDiscordFake(options: DiscordFakeOptions = {}) {
  const world = createWorld(options);
  let port = 0;
  const baseUrl = (): string => `http://127.0.0.1:${port}`;
  const server = createServer();
  const limits = createSessionLimits(options.gateway);
  const gatewayUrl = (): string => `ws://127.0.0.1:${port}`;
  const gateway = createGateway({
    server, world, token: options.token, heartbeatInterval: options.heartbeatIntervalMs ?? 41250, url: gatewayUrl, limits,
  });
  const emit = (t: string, d: Json): void => { if (gateway.hasSession()) gateway.dispatch(t, d); };
  const interactions = createInteractionRoutes({ world, emit, baseUrl, responseWindowMs: options.interactionResponseWindowMs ?? 3000 });
  const handlers: Partial<Record<RouteName, Handler>> = {
    ...createChannelRoutes({ world, emit, baseUrl }),
    ...interactions.routes,
    // What /gateway/bot reports (sessions left) depends on the token asking.
    'gateway.bot': (ctx) => json(200, limits.gatewayBot(ctx.token ?? '', gatewayUrl())),
  };
  const faults = createFaults();
  const limiter = createRateLimiter(options.rateLimit === true ? {} : options.rateLimit === false ? undefined : options.rateLimit);
  const requests = createLog<RecordedRequest>('fake discord', (items) => items.map((r) => `${r.method} ${r.routePath} → ${r.status}`).join(', ') || 'nothing');

  const firstGuildId = world.guildIds()[0] ?? '';
  const defaultChannelId = (guildId: string): string =>
    world.allChannels().find((c) => c.guildId === guildId && TEXT_BASED_TYPES.has(c.type))?.id ?? '';

  function answerFor(method: string, routePath: string, req: IncomingMessage, ctx: RouteContext & { readonly name: RouteName; readonly auth: boolean; readonly invalid: boolean }): [Answer, RecordedRequest['injected']] {
    const fault = faults.take(method, ctx.name, routePath);
    if (fault !== undefined) return [fault, 'fault'];
    if (ctx.invalid) return [ERRORS.invalidJson, undefined];
    const handler = handlers[ctx.name];
    if (handler === undefined) return [unknownRoute, undefined];
    const auth = req.headers.authorization;
    if (ctx.auth && (auth?.startsWith('Bot ') !== true || (options.token !== undefined && auth !== `Bot ${options.token}`))) {
      return [ERRORS.unauthorized, undefined];
    }
    const limit = limiter.check(ctx.token, ctx.auth, ctx.name === 'message.create' ? ctx.params.channel : undefined);
    if (limit.reject !== undefined) return [limit.reject, 'rate-limit'];
    const answer = handler(ctx);
    return [limit.headers === undefined ? answer : { ...answer, headers: { ...answer.headers, ...limit.headers } }, undefined];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path = url.pathname;
    try {
      path = decodeURIComponent(url.pathname);
    } catch { /* keep it encoded: no route matches a malformed path */ }
    const method = (req.method ?? 'GET').toUpperCase();
    const versioned = path.startsWith('/api/v10/');
    const routePath = versioned ? path.slice('/api/v10'.length) : path;
    const matched = versioned ? matchRoute(method, routePath) : { name: 'unknown' as const, params: {}, auth: false };
    const parsed = await parseBody(req);
    const body = typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value) ? (parsed.value as Json) : {};
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bot ') === true ? auth.slice('Bot '.length) : undefined;
    const ctx = { ...matched, method, token, query: url.searchParams, body, rawBody: parsed.value, files: parsed.files, invalid: parsed.invalid };
    let answer: Answer;
    let injected: RecordedRequest['injected'];
    try {
      [answer, injected] = answerFor(method, routePath, req, ctx);
    } catch (error) {
      answer = { status: 500, body: { message: `fake discord crashed: ${String(error)}`, code: 0 } };
    }
    requests.push({
      method, path, routePath, route: matched.name, params: matched.params, query: Object.fromEntries(url.searchParams),
      headers: req.headers, auth: req.headers.authorization, body: parsed.value, files: parsed.files, time,
      status: answer.status, response: answer.body, ...(injected === undefined ? {} : { injected }),
    });
    send(res, answer);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { message: `fake discord crashed: ${String(error)}`, code: 0 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  function dispatch(t: string, d: Json): number {
    if (t === 'INTERACTION_CREATE') interactions.register(d);
    return gateway.dispatch(t, d);
  }

  function reaction(opts: ReactionOptions, add: boolean): Json {
    const channelId = opts.channelId ?? defaultChannelId(firstGuildId);
    const guildId = opts.guildId ?? world.channel(channelId)?.guildId ?? firstGuildId;
    const latest = world.channelMessages(channelId).at(-1);
    const messageId = opts.messageId ?? (typeof latest?.id === 'string' ? latest.id : '');
    if (messageId === '') throw new Error(`fake discord: no message in channel ${channelId} to react to; pass messageId`);
    const userId = opts.userId ?? FAKE_USER_ID;
    const emoji = emojiObject(opts.emoji);
    const author = world.message(messageId)?.message.author as Json | undefined;
    const messageAuthorId = opts.messageAuthorId ?? (author === undefined ? undefined : String(author.id));
    world.applyReaction(messageId, emoji, userId, add);
    const d = buildReaction({
      ...opts, messageId, channelId, guildId, userId, emoji: { id: emoji.id as string | null, name: String(emoji.name) },
      ...(messageAuthorId === undefined ? {} : { messageAuthorId }),
    }, add, world.member(guildId, userId));
    dispatch(add ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', d);
    return d;
  }

  return {
    port,
    baseUrl: baseUrl(),
    /** For `new Client({ rest: { api: fake.apiUrl } })`: discord.js appends `/v10`. */
    apiUrl: `${baseUrl()}/api`,
    gatewayUrl: `ws://127.0.0.1:${port}`,
    /** The ids this fake's world uses by default. */
    ids: {
      applicationId: world.applicationId,
      botUserId: world.bot.id,
      guildId: firstGuildId,
      channelId: defaultChannelId(firstGuildId),
      userId: FAKE_USER_ID,
    },

    // Gateway
    /** Sends any event with the session's next `s`; returns how many sessions got it (intents filter). Throws before IDENTIFY. */
    dispatch,
    /** Dispatches a chat input command (type 2, default), component click (3) or autocomplete (4). */
    interaction(opts: InteractionOptions = {}): SentInteraction {
      const guildId = opts.guildId ?? firstGuildId;
      const channelId = opts.channelId ?? defaultChannelId(guildId);
      const userId = opts.userId ?? FAKE_USER_ID;
      const channel = world.channel(channelId);
      const member = world.member(guildId, userId);
      const name = opts.name ?? (opts.targetMessageId === undefined ? 'papers' : 'Paperboy: paper card');
      const commandId = opts.commandId ?? world.commandId(name, guildId);
      const message = opts.type !== 3 ? undefined : opts.messageId === undefined
        ? world.channelMessages(channelId).filter((m) => (m.author as Json).id === world.bot.id).at(-1)
        : world.message(opts.messageId)?.message;
      const target = opts.targetMessageId === undefined ? undefined : world.message(opts.targetMessageId)?.message;
      const payload = buildInteraction(
        { ...opts, guildId, channelId, userId, name, ...(commandId === undefined ? {} : { commandId }) },
        {
          applicationId: world.applicationId,
          ...(channel === undefined ? {} : { channel: channelObject(channel) }),
          ...(member === undefined ? {} : { member }),
          ...(message === undefined ? {} : { message }),
          ...(target === undefined ? {} : { targetMessage: target }),
        },
      );
      dispatch('INTERACTION_CREATE', payload);
      return { id: String(payload.id), token: String(payload.token), payload };
    },
    /** Dispatches MESSAGE_REACTION_ADD (default: alice 👍 on the channel's latest message) and counts it on the stored message. */
    reactionAdd: (opts: ReactionOptions = {}): Json => reaction(opts, true),
    reactionRemove: (opts: ReactionOptions = {}): Json => reaction(opts, false),
    hasSession: (): boolean => gateway.hasSession(),
    /** Live sessions with the shard each identified as. */
    sessions: () => gateway.sessions(),
    /** IDENTIFYs refused with op 9 for breaking the identify concurrency or the session start limit. */
    identifyRejections: (): readonly IdentifyRejection[] => limits.rejections(),
    /** Frames the client sent (IDENTIFY op 2, heartbeats op 1, RESUME op 6 …). */
    gatewayFrames: (): readonly GatewayFrame[] => gateway.frames(),
    waitForIdentify: (timeoutMs = 3000): Promise<GatewayFrame> => gateway.waitForFrame(2, timeoutMs),
    /** Every dispatch, including ones the session's intents dropped (`droppedForIntent`). */
    dispatched: (): readonly DispatchRecord[] => gateway.dispatched(),
    /** Gateway connect paths, e.g. `/?v=10&encoding=json`. */
    gatewayConnects: (): readonly string[] => gateway.connectUrls(),
    /** Closes the gateway sockets (of one shard id, if given); 4000 (default) makes discord.js reconnect and RESUME, 4004 ends the shard. */
    closeGateway: (code = 4000, shardId?: number): void => { gateway.closeSockets(code, shardId); },
    /** Sends op 9 INVALID_SESSION; not resumable (default) forgets the sessions. */
    invalidateSession: (resumable = false): void => { gateway.invalidateSessions(resumable); },

    // Recorded REST traffic
    get requests(): readonly RecordedRequest[] { return requests.items; },
    requestsTo: (route: RouteName): RecordedRequest[] => requests.items.filter((r) => r.route === route),
    /** Resolves with the first recorded request (past or future) matching `predicate`. */
    waitForRequest: (predicate: (r: RecordedRequest) => boolean, timeoutMs = 3000): Promise<RecordedRequest> =>
      requests.waitFor(predicate, timeoutMs, 'matching request'),
    waitForRoute: (route: RouteName, predicate: (r: RecordedRequest) => boolean = () => true, timeoutMs = 3000): Promise<RecordedRequest> =>
      requests.waitFor((r) => r.route === route && predicate(r), timeoutMs, `${route} request`),
    /** Requests no fake route handles: a test can assert this is empty. */
    unknownRequests: (): RecordedRequest[] => requests.items.filter((r) => r.route === 'unknown'),
    /** Callback and webhook requests of one interaction, in arrival order. */
    interactionRequests: (interaction: { readonly token: string } | string): RecordedRequest[] => {
      const token = typeof interaction === 'string' ? interaction : interaction.token;
      return requests.items.filter((r) => r.params.token === token);
    },
    /** Accepted interaction callbacks, in order. */
    interactionAcks: (): readonly InteractionAck[] => interactions.acks(),

    // World
    /** Visible stored messages, oldest first; every channel when `channelId` is omitted. */
    messages: (channelId?: string): Json[] => (channelId === undefined
      ? world.allChannels().flatMap((c) => world.channelMessages(c.id)).sort((a, b) => (BigInt(String(a.id)) < BigInt(String(b.id)) ? -1 : 1))
      : world.channelMessages(channelId)),
    /** Messages the bot sent `userId` in their DM channel, oldest first. */
    dms: (userId: string): Json[] => {
      const channel = world.allChannels().find((c) => c.recipient?.id === userId);
      return channel === undefined ? [] : world.channelMessages(channel.id);
    },
    /** The user stops (or starts again) taking DMs from the bot: a DM to them answers 50007. */
    setDmsClosed: (userId: string, closed: boolean): void => { world.setDmsClosed(userId, closed); },
    /** Any stored message by id, ephemeral interaction replies included. */
    message: (id: string): Json | undefined => world.message(id)?.message,
    /** Stores a message as if a user posted it and dispatches MESSAGE_CREATE. */
    addMessage(channelId: string, opts: AddMessageOptions = {}): Json {
      const channel = world.channel(channelId);
      if (channel === undefined) throw new Error(`fake discord: no channel ${channelId}`);
      const author = world.user(opts.authorId ?? FAKE_USER_ID) ?? { id: opts.authorId, username: 'someone', discriminator: '0', avatar: null };
      const message = messageObject({
        channelId, guildId: channel.guildId, author,
        body: { content: opts.content ?? 'hello', embeds: opts.embeds ?? [], components: opts.components ?? [] },
      });
      world.storeMessage(message);
      emit('MESSAGE_CREATE', message);
      return message;
    },
    channel: (id: string): Json | undefined => {
      const channel = world.channel(id);
      return channel === undefined ? undefined : channelObject(channel);
    },
    addChannel(input: FakeChannelInput, guildId: string = firstGuildId): Json {
      const object = channelObject(world.addChannel(input, guildId));
      emit('CHANNEL_CREATE', object);
      return object;
    },
    /** The channel vanishes: its routes answer 404 10003. `notify` also dispatches CHANNEL_DELETE. */
    deleteChannel(id: string, notify = false): void {
      const channel = world.removeChannel(id);
      if (notify && channel !== undefined) emit(channel.thread === undefined ? 'CHANNEL_DELETE' : 'THREAD_DELETE', channelObject(channel));
    },
    /** Discord's `enforce_nonce` window passes: a repeated nonce creates a new message again. */
    expireNonces: (): void => { world.expireNonces(); },
    setChannelAccess(id: string, access: ChannelAccess): void {
      const channel = world.channel(id);
      if (channel === undefined) throw new Error(`fake discord: no channel ${id}`);
      channel.access = access;
    },
    /** Registered commands of a guild, or the global ones. */
    commands: (guildId?: string): Json[] => world.commands(guildId ?? 'global'),

    // Faults
    /** Answers the next matching request(s) with `status` (429 adds Retry-After and X-RateLimit-*). */
    failNext: (fault: Fault): void => { faults.add(fault); },
    clearFaults: (): void => { faults.clear(); },
    setRateLimit: (limit: RateLimitOptions | false): void => { limiter.set(limit === false ? undefined : limit); },
    /** 429s of the global limit answered so far: for one bot token, or for all of them. */
    globalRateLimits: (token?: string): number => limiter.globalRejections(token),

    async stop(): Promise<void> {
      if (!server.listening) return;
      requests.close();
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => {
        if (error) reject(error);
        else resolve();
      }));
    },
  };
}

export type DiscordFake = Awaited<ReturnType<typeof startDiscordFake>>;
