import { describe, expect, it } from 'vitest';
import { clientShardOptions } from '../../../src/platforms/discord/shards.js';

describe('Discord shard options', () => {
  it('asks Discord for the shard count when neither setting is given', () => {
    expect(clientShardOptions({})).toEqual({ shards: 'auto' });
  });

  it('runs every shard of DISCORD_SHARD_COUNT alone, or the ids DISCORD_SHARDS names, always with the total', () => {
    expect(clientShardOptions({ shardCount: 3 })).toEqual({ shardCount: 3, shards: [0, 1, 2] });
    expect(clientShardOptions({ shardCount: 4, shards: [3, 1] })).toEqual({ shardCount: 4, shards: [3, 1] });
  });
});
