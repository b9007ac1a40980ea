/**
 * Sharding in the fake Discord (the team notes' scale-out.md): which shard owns a guild
 * (`(guild_id >> 22) % num_shards`, events without a guild on shard 0), guild ids that spread
 * over any shard count, and the gateway's session limits per bot token: IDENTIFY in buckets of
 * `max_concurrency` (`shard_id % max_concurrency`), one per bucket per 5 s, out of a session
 * start budget that `GET /gateway/bot` reports.
 */
import type { FakeGuildInput, Json } from './model.js';

/** `[shard_id, num_shards]` as IDENTIFY and READY carry it. */
export type Shard = readonly [id: number, count: number];

export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Events about a guild itself carry its id as `id`; the rest carry `guild_id`. */
const GUILD_SELF_EVENTS: ReadonlySet<string> = new Set(['GUILD_CREATE', 'GUILD_UPDATE', 'GUILD_DELETE']);

/** The guild an event belongs to, or undefined for one outside any guild (a DM, READY). */
export function eventGuildId(t: string, d: Json): string | undefined {
  const id = GUILD_SELF_EVENTS.has(t) ? d.id : d.guild_id;
  return typeof id === 'string' && /^\d+$/u.test(id) ? id : undefined;
}

/** Whether a session on `shard` receives the event: its guild's shard, or shard 0 without a guild. */
export function shardReceives(shard: Shard, t: string, d: Json): boolean {
  const guildId = eventGuildId(t, d);
  return (guildId === undefined ? 0 : shardOf(guildId, shard[1])) === shard[0];
}

/** lcm(1..16): the timestamp part of every spread id is a multiple of it plus the index. */
const SPREAD_BASE = 720_720n * 400_000n;

/** Guild `index`'s id: it lands on shard `index % count` for every shard count up to 16. */
export function spreadGuildId(index: number): string {
  return (((SPREAD_BASE + BigInt(index)) << 22n) | 2n).toString();
}

/** `count` guilds spread over the shards as `spreadGuildId` says, each with one text channel. */
export function spreadGuilds(count: number, options: { readonly channelsPerGuild?: number } = {}): FakeGuildInput[] {
  const perGuild = options.channelsPerGuild ?? 1;
  return Array.from({ length: count }, (_, index) => ({
    id: spreadGuildId(index),
    name: `Guild ${index}`,
    channels: Array.from({ length: perGuild }, (_unused, n) => ({
      id: String(3_200_000_000_000_000_000n + BigInt(index * 100 + n)),
      name: `papers-${index}-${n}`,
    })),
  }));
}

export interface SessionLimitOptions {
  /** What `GET /gateway/bot` recommends. Default 1. */
  readonly shards?: number;
  /** Shards whose ids are equal modulo this identify in the same bucket. Default 1. */
  readonly maxConcurrency?: number;
  /** One IDENTIFY per bucket per this many ms; 0 turns the check off. Default 5000, as Discord. */
  readonly identifyIntervalMs?: number;
  /** Session starts allowed per token (Discord: 1000 a day). Default 1000. */
  readonly sessionStarts?: number;
}

export interface IdentifyRejection {
  readonly token: string;
  readonly shard: Shard;
  readonly reason: 'identify-concurrency' | 'session-start-limit';
  readonly time: number;
  /** For concurrency: ms since the bucket's previous IDENTIFY. */
  readonly sinceLastMs?: number;
}

/** Loopback scheduling noise between a client's timer and our receipt; not a Discord number. */
const RECEIPT_JITTER_MS = 100;
const DAY_MS = 86_400_000;

export function createSessionLimits(options: SessionLimitOptions = {}) {
  const recommended = options.shards ?? 1;
  const maxConcurrency = options.maxConcurrency ?? 1;
  const intervalMs = options.identifyIntervalMs ?? 5000;
  const total = options.sessionStarts ?? 1000;
  const lastIdentify = new Map<string, number>();
  const started = new Map<string, number>();
  const rejections: IdentifyRejection[] = [];
  const firstStart = Date.now();

  return {
    maxConcurrency,
    /** The `GET /gateway/bot` body for `token`. */
    gatewayBot(token: string, url: string): Json {
      return {
        url,
        shards: recommended,
        session_start_limit: {
          total,
          remaining: Math.max(0, total - (started.get(token) ?? 0)),
          reset_after: Math.max(0, firstStart + DAY_MS - Date.now()),
          max_concurrency: maxConcurrency,
        },
      };
    },
    /** Counts an IDENTIFY and says whether Discord would accept it; a refusal is recorded. */
    identify(token: string, shard: Shard): boolean {
      const now = Date.now();
      const bucket = `${token}\n${shard[0] % maxConcurrency}`;
      const previous = lastIdentify.get(bucket);
      let reason: IdentifyRejection['reason'] | undefined;
      if ((started.get(token) ?? 0) >= total) reason = 'session-start-limit';
      else if (intervalMs > 0 && previous !== undefined && now - previous < intervalMs - RECEIPT_JITTER_MS) reason = 'identify-concurrency';
      if (reason !== undefined) {
        rejections.push({ token, shard, reason, time: now, ...(previous === undefined ? {} : { sinceLastMs: now - previous }) });
        return false;
      }
      lastIdentify.set(bucket, now);
      started.set(token, (started.get(token) ?? 0) + 1);
      return true;
    },
    rejections: (): readonly IdentifyRejection[] => rejections,
  };
}

export type SessionLimits = ReturnType<typeof createSessionLimits>;
