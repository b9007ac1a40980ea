import { describe, expect, it } from 'vitest';
import { createTokenBucketLimiter } from '../../src/core/fair-use/token-bucket.js';
import { createUseCases } from '../../src/core/use-cases.js';
import { createDomainEvents } from '../../src/core/events.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';

describe('per-user token bucket', () => {
  it('lets a burst through, then refuses with the wait until the next token, and refills over time', async () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ burst: 3, perMinute: 6 }, () => now);
    for (let i = 0; i < 3; i++) expect(await limiter.take('discord:U1')).toEqual({ allowed: true });
    expect(await limiter.take('discord:U1')).toEqual({ allowed: false, retryAfterMs: 10_000 });
    expect(await limiter.take('discord:U2')).toEqual({ allowed: true });
    now = 10_000;
    expect(await limiter.take('discord:U1')).toEqual({ allowed: true });
    expect((await limiter.take('discord:U1')).allowed).toBe(false);
    now = 10_000 + 60_000;
    for (let i = 0; i < 3; i++) expect((await limiter.take('discord:U1')).allowed).toBe(true);
  });

  it('charges a fraction for cheap requests and forgets refilled users first when full', async () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ burst: 1, perMinute: 60, maxKeys: 2 }, () => now);
    for (let i = 0; i < 5; i++) expect((await limiter.take('a', 0.2)).allowed).toBe(true);
    expect((await limiter.take('a', 0.2)).allowed).toBe(false);
    await limiter.take('b');
    now = 5_000;
    // 'c' pushes out 'b' (refilled), not 'a'… which has refilled too by now; the map stays at 2.
    await limiter.take('c');
    await limiter.take('d');
    expect((await limiter.take('d')).allowed).toBe(false);
  });
});

describe('fair-use use cases', () => {
  it('refuses a new subscription past the per-community cap, but still lets existing ones change', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const useCases = createUseCases({
      stores, posters: {}, events: createDomainEvents(), clock: { now: () => new Date('2026-06-13T02:00:00Z') },
      defaults: { time: '09:00', timezone: 'UTC', maxPapers: 5, minUpvotes: 0, filter: '', cadence: 'daily', thread: false, weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false },
      search: { liveBudgetMs: 0, cacheTtlMs: 0, liveLimit: 0 },
      maxSubscriptionsPerCommunity: 2,
    });
    const channel = (id: string, guild = 'G1') => ({ platform: 'discord' as const, workspaceId: guild, channelId: id });
    expect((await useCases.subscribe(channel('C1'), 'U', {})).status).toBe('created');
    expect((await useCases.subscribe(channel('C2'), 'U', {})).status).toBe('created');
    const third = await useCases.subscribe(channel('C3'), 'U', {});
    expect(third).toMatchObject({ status: 'invalid', problems: [expect.stringContaining('already has 2 subscribed channels')] });
    expect((await useCases.subscribe(channel('C2'), 'U', { time: '10:00' })).status).toBe('updated');
    expect((await useCases.subscribe(channel('C3', 'G2'), 'U', {})).status).toBe('created');
    expect(await useCases.admit('discord', 'U', 'command')).toEqual({ allowed: true });
    await stores.close();
  });
});
