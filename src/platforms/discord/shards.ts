/**
 * Which Discord shards this instance runs, and how they are doing. Discord sends a guild's
 * events (interactions, reactions) to shard `(guild_id >> 22) % shard_count` only, so several
 * instances split the gateway by running different shard ids of one shard count; any instance
 * can still post to any channel, since posting is REST.
 */
import { Status, type Client, type ClientOptions } from 'discord.js';
import type { Config } from '../../config.js';
import type { ShardReport } from '../platform.js';

/** The shard options for discord.js: explicit ids of an explicit count, or what Discord recommends. */
export function clientShardOptions(discord: Pick<Config['discord'], 'shardCount' | 'shards'>): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (discord.shardCount === undefined) return { shards: 'auto' };
  // discord.js would take the length of a partial id list for the total, so both are always given.
  return { shardCount: discord.shardCount, shards: [...(discord.shards ?? Array.from({ length: discord.shardCount }, (_, id) => id))] };
}

/** discord.js status codes as words for /healthz ('ready', 'reconnecting', 'identifying', …). */
function statusName(status: Status): string {
  const name = Status[status] as string | undefined;
  return name === undefined ? String(status) : name.replace(/[A-Z]/gu, (letter, offset: number) => (offset === 0 ? letter.toLowerCase() : `-${letter.toLowerCase()}`));
}

/** The shards this instance runs and whether each is connected; empty before login. */
export function shardReport(client: Client): ShardReport {
  const shards = [...client.ws.shards.values()]
    .map((shard) => ({
      id: shard.id,
      status: statusName(shard.status),
      connected: shard.status === Status.Ready,
      ...(shard.ping >= 0 ? { pingMs: shard.ping } : {}),
    }))
    .sort((a, b) => a.id - b.id);
  return { count: client.options.shardCount ?? shards.length, shards };
}
