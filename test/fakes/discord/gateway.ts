/**
 * The fake Discord gateway on the REST server's port (the team notes' chat-platforms.md
 * §2.2-2.3): HELLO, IDENTIFY → READY + one GUILD_CREATE per guild, op 1 → op 11, RESUME replays
 * what the session missed then RESUMED (unknown session → op 9), op 8 → GUILD_MEMBERS_CHUNK.
 * Only JSON text frames are sent: discord.js silently drops binary frames without zlib.
 * Events are filtered by the session's intents and shard the way Discord filters them: a session
 * identified as `shard: [id, count]` gets only its guilds (shards.ts), and an IDENTIFY that
 * breaks the identify concurrency or the session start limit is refused with op 9.
 */
import type { Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { createLog } from '../../support/wait-log.js';
import type { Json } from './model.js';
import { shardReceives, type SessionLimits, type Shard } from './shards.js';
import type { World } from './world.js';

export interface GatewayFrame {
  /** -1 for a frame that was not JSON text. */
  readonly op: number;
  readonly d: unknown;
  readonly time: number;
  /** Session the socket belonged to when the frame arrived (undefined before IDENTIFY). */
  readonly sessionId: string | undefined;
}

export interface DispatchRecord {
  readonly t: string;
  readonly s: number;
  readonly d: Json;
  readonly sessionId: string;
  readonly shard: Shard;
  readonly time: number;
  /** Set when the session's intents kept Discord from sending the event. */
  readonly droppedForIntent?: number;
  /** Set when the event belongs to another shard's guild. */
  readonly droppedForShard?: true;
}

interface Session {
  readonly id: string;
  readonly token: string;
  readonly intents: number;
  readonly shard: Shard;
  seq: number;
  socket: WebSocket | undefined;
  readonly sent: Json[];
}

export interface GatewayOptions {
  readonly server: Server;
  readonly world: World;
  /** When set, IDENTIFY with another token is closed with 4004. */
  readonly token: string | undefined;
  readonly heartbeatInterval: number;
  readonly url: () => string;
  readonly limits: SessionLimits;
}

const GUILDS = 1 << 0;
const INTENT_OF: Readonly<Record<string, number>> = {
  GUILD_UPDATE: GUILDS, GUILD_DELETE: GUILDS, GUILD_ROLE_CREATE: GUILDS, GUILD_ROLE_UPDATE: GUILDS, GUILD_ROLE_DELETE: GUILDS,
  CHANNEL_CREATE: GUILDS, CHANNEL_UPDATE: GUILDS, CHANNEL_DELETE: GUILDS, THREAD_CREATE: GUILDS, THREAD_UPDATE: GUILDS,
  THREAD_DELETE: GUILDS, THREAD_LIST_SYNC: GUILDS, THREAD_MEMBER_UPDATE: GUILDS,
  GUILD_MEMBER_ADD: 1 << 1, GUILD_MEMBER_UPDATE: 1 << 1, GUILD_MEMBER_REMOVE: 1 << 1,
  MESSAGE_CREATE: 1 << 9, MESSAGE_UPDATE: 1 << 9, MESSAGE_DELETE: 1 << 9, MESSAGE_DELETE_BULK: 1 << 9,
  MESSAGE_REACTION_ADD: 1 << 10, MESSAGE_REACTION_REMOVE: 1 << 10, MESSAGE_REACTION_REMOVE_ALL: 1 << 10,
  MESSAGE_REACTION_REMOVE_EMOJI: 1 << 10, TYPING_START: 1 << 11,
};
/** Message, reaction and typing events outside a guild need the DM intents instead (<< 3). */
const DM_SHIFT = 3;

function intentFor(t: string, d: Json): number | undefined {
  const intent = INTENT_OF[t];
  if (intent === undefined) return undefined;
  return intent >= 1 << 9 && d.guild_id === undefined ? intent << DM_SHIFT : intent;
}

function send(socket: WebSocket | undefined, payload: Json): void {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
}

/** IDENTIFY's `shard`, default [0, 1]; undefined when Discord would close with 4010 Invalid shard. */
function identifyShard(value: unknown): Shard | undefined {
  if (value === undefined) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return undefined;
  const shard: Shard = [id as number, count as number];
  return shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1] ? shard : undefined;
}

export function createGateway(options: GatewayOptions) {
  const { world } = options;
  const wss = new WebSocketServer({ server: options.server });
  const sessions = new Map<string, Session>();
  const bySocket = new Map<WebSocket, Session>();
  const frames = createLog<GatewayFrame>('fake discord', (items) => items.map((f) => `op${f.op}`).join(', ') || 'nothing');
  const dispatched: DispatchRecord[] = [];
  const connectUrls: string[] = [];
  let sessionCount = 0;

  function dispatchTo(session: Session, t: string, d: Json): number {
    const record = { t, d, sessionId: session.id, shard: session.shard, time: Date.now() };
    const intent = intentFor(t, d);
    if (intent !== undefined && (session.intents & intent) === 0) {
      dispatched.push({ ...record, s: 0, droppedForIntent: intent });
      return 0;
    }
    session.seq += 1;
    const frame = { op: 0, t, s: session.seq, d };
    session.sent.push(frame);
    if (session.sent.length > 1000) session.sent.shift();
    dispatched.push({ ...record, s: session.seq });
    send(session.socket, frame);
    return 1;
  }

  function identify(socket: WebSocket, d: Json): void {
    const token = typeof d.token === 'string' ? d.token : '';
    if (options.token !== undefined && token !== options.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const shard = identifyShard(d.shard);
    if (shard === undefined) {
      socket.close(4010, 'Invalid shard.');
      return;
    }
    if (!options.limits.identify(token, shard)) {
      send(socket, { op: 9, d: false });
      return;
    }
    sessionCount += 1;
    const session: Session = { id: `fake-session-${sessionCount}`, token, intents: Number(d.intents ?? 0), shard, seq: 0, socket, sent: [] };
    sessions.set(session.id, session);
    bySocket.set(socket, session);
    const ready = world.ready(session.id, options.url(), shard);
    dispatchTo(session, 'READY', ready);
    // Discord sends GUILD_CREATE for the READY guilds whatever the intents.
    for (const { id } of ready.guilds as Json[]) {
      session.seq += 1;
      const frame = { op: 0, t: 'GUILD_CREATE', s: session.seq, d: world.guildCreate(String(id)) };
      session.sent.push(frame);
      dispatched.push({ t: 'GUILD_CREATE', s: session.seq, d: frame.d, sessionId: session.id, shard, time: Date.now() });
      send(socket, frame);
    }
  }

  function resume(socket: WebSocket, d: Json): void {
    const session = sessions.get(String(d.session_id));
    if (session === undefined || session.token !== d.token) {
      send(socket, { op: 9, d: false });
      return;
    }
    if (session.socket !== undefined && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    bySocket.set(socket, session);
    const after = Number(d.seq ?? 0);
    for (const frame of session.sent) if (Number(frame.s) > after) send(socket, frame);
    dispatchTo(session, 'RESUMED', {});
  }

  function requestMembers(socket: WebSocket, d: Json): void {
    const session = bySocket.get(socket);
    if (session === undefined) return;
    const guildId = String(d.guild_id);
    const wanted = Array.isArray(d.user_ids) ? (d.user_ids as unknown[]).map(String) : typeof d.user_ids === 'string' ? [d.user_ids] : undefined;
    const ids = wanted ?? world.memberIds(guildId);
    const members = ids.flatMap((id) => world.member(guildId, id) ?? []);
    const notFound = ids.filter((id) => world.member(guildId, id) === undefined);
    dispatchTo(session, 'GUILD_MEMBERS_CHUNK', { guild_id: guildId, members, chunk_index: 0, chunk_count: 1, not_found: notFound, ...(d.nonce === undefined ? {} : { nonce: d.nonce }) });
  }

  wss.on('connection', (socket, req) => {
    connectUrls.push(req.url ?? '/');
    send(socket, { op: 10, d: { heartbeat_interval: options.heartbeatInterval } });
    socket.on('message', (raw, isBinary) => {
      let message: Json;
      try {
        if (isBinary) throw new Error('binary frame');
        const bytes = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
        message = JSON.parse(bytes.toString('utf8')) as Json;
      } catch {
        frames.push({ op: -1, d: null, time: Date.now(), sessionId: bySocket.get(socket)?.id });
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      const d = (typeof message.d === 'object' && message.d !== null ? message.d : {}) as Json;
      frames.push({ op: Number(message.op), d: message.d, time: Date.now(), sessionId: bySocket.get(socket)?.id });
      if (message.op === 1) send(socket, { op: 11 });
      else if (message.op === 2) identify(socket, d);
      else if (message.op === 6) resume(socket, d);
      else if (message.op === 8) requestMembers(socket, d);
    });
    socket.on('close', (code) => {
      const session = bySocket.get(socket);
      bySocket.delete(socket);
      if (session?.socket !== socket) return;
      session.socket = undefined;
      // A clean close (1000/1001) ends the session; anything else leaves it resumable.
      if (code === 1000 || code === 1001) sessions.delete(session.id);
    });
  });

  return {
    /** Sends `t` to every live session of the owning shard; returns how many got it (intents may filter it out). */
    dispatch(t: string, d: Json): number {
      if (sessions.size === 0) throw new Error(`fake discord: no gateway session to dispatch ${t} to; wait for the client to be ready`);
      let delivered = 0;
      for (const session of sessions.values()) {
        if (shardReceives(session.shard, t, d)) delivered += dispatchTo(session, t, d);
        else dispatched.push({ t, s: 0, d, sessionId: session.id, shard: session.shard, time: Date.now(), droppedForShard: true });
      }
      return delivered;
    },
    hasSession: (): boolean => sessions.size > 0,
    /** Live sessions with their shard and whether a socket is attached. */
    sessions: (): { readonly id: string; readonly shard: Shard; readonly connected: boolean }[] =>
      [...sessions.values()].map((session) => ({ id: session.id, shard: session.shard, connected: session.socket !== undefined })),
    frames: (): readonly GatewayFrame[] => frames.items,
    waitForFrame: (op: number, timeoutMs: number): Promise<GatewayFrame> => frames.waitFor((f) => f.op === op, timeoutMs, `gateway op ${op}`),
    dispatched: (): readonly DispatchRecord[] => dispatched,
    connectUrls: (): readonly string[] => connectUrls,
    /** Closes every socket (or those of one shard id) with `code`; 4000 lets discord.js resume. */
    closeSockets(code: number, shardId?: number): void {
      for (const socket of wss.clients) {
        if (shardId === undefined || bySocket.get(socket)?.shard[0] === shardId) socket.close(code, 'fake discord closed the connection');
      }
    },
    /** Sends op 9; `resumable: false` also forgets the sessions so RESUME fails. */
    invalidateSessions(resumable: boolean): void {
      for (const socket of wss.clients) send(socket, { op: 9, d: resumable });
      if (!resumable) sessions.clear();
    },
    async close(): Promise<void> {
      frames.close();
      for (const socket of wss.clients) socket.terminate();
      sessions.clear();
      await new Promise<void>((resolve) => { wss.close(() => { resolve(); }); });
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;
