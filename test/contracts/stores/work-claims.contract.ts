/**
 * The WorkClaims contract: a key is held by one holder at a time until its lease ends, renewed
 * by its holder, taken over by another once the lease has ended, and given up by release.
 */
import { describe, expect, it } from 'vitest';
import { useStores, type StoreAdapter } from './adapter.js';

const T0 = Date.parse('2026-06-12T09:00:00.000Z');
/** ISO time `seconds` after T0. */
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
const lease = (from: number, seconds: number) => ({ at: at(from), until: at(from + seconds) });
const KEY = 'digest:discord:G1:C1';

export function describeWorkClaimsContract(adapter: StoreAdapter): void {
  describe(`WorkClaims on ${adapter.name}`, () => {
    const test = useStores(adapter);

    it('grants a free key and refuses it to another holder until the lease ends, saying who holds it', async () => {
      const { claims } = test().stores;
      expect(await claims.claim(KEY, 'a', lease(0, 30))).toEqual({ granted: true, claim: { key: KEY, holder: 'a', claimedAt: at(0), expiresAt: at(30) } });
      expect(await claims.claim(KEY, 'b', lease(29, 30))).toEqual({ granted: false, heldBy: { key: KEY, holder: 'a', claimedAt: at(0), expiresAt: at(30) } });
      expect(await claims.claim('digest:slack:T1:C1', 'b', lease(29, 30))).toMatchObject({ granted: true });
    });

    it('lets its holder renew a live claim, keeping when it was taken', async () => {
      const { claims } = test().stores;
      await claims.claim(KEY, 'a', lease(0, 30));
      expect(await claims.claim(KEY, 'a', lease(20, 30))).toEqual({ granted: true, claim: { key: KEY, holder: 'a', claimedAt: at(0), expiresAt: at(50) } });
      expect(await claims.claim(KEY, 'b', lease(40, 30))).toMatchObject({ granted: false, heldBy: { holder: 'a' } });
    });

    it('hands a claim whose lease ended to another holder, and its old holder can no longer renew it', async () => {
      const { claims } = test().stores;
      await claims.claim(KEY, 'a', lease(0, 30));
      expect(await claims.claim(KEY, 'b', lease(30, 30))).toEqual({ granted: true, claim: { key: KEY, holder: 'b', claimedAt: at(30), expiresAt: at(60) } });
      expect(await claims.claim(KEY, 'a', lease(31, 30))).toMatchObject({ granted: false, heldBy: { holder: 'b' } });
      expect(await claims.release(KEY, 'a')).toBe(false);
      expect(await claims.heldBy('b', at(31))).toEqual([{ key: KEY, holder: 'b', claimedAt: at(30), expiresAt: at(60) }]);
    });

    it('frees a released key at once, and lists only the live claims of a holder', async () => {
      const { claims } = test().stores;
      await claims.claim(KEY, 'a', lease(0, 30));
      await claims.claim('vote-edit:m1', 'a', lease(0, 5));
      await claims.claim('vote-edit:m2', 'b', lease(0, 30));
      expect((await claims.heldBy('a', at(10))).map((claim) => claim.key)).toEqual([KEY]);
      expect(await claims.release(KEY, 'a')).toBe(true);
      expect(await claims.heldBy('a', at(10))).toEqual([]);
      expect(await claims.claim(KEY, 'b', lease(11, 30))).toMatchObject({ granted: true, claim: { holder: 'b', claimedAt: at(11) } });
    });

    it('gives a key to exactly one of many holders asking at once', async () => {
      const { claims } = test().stores;
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => claims.claim(KEY, `instance-${String(i)}`, lease(0, 30))));
      const winners = answers.filter((answer) => answer.granted);
      expect(winners).toHaveLength(1);
      const winner = winners[0]?.granted === true ? winners[0].claim.holder : '';
      for (const answer of answers) if (!answer.granted) expect(answer.heldBy.holder).toBe(winner);
    });

    it('forgets only claims whose lease ended before the cutoff', async () => {
      const { claims } = test().stores;
      await claims.claim('old', 'a', lease(0, 5));
      await claims.claim(KEY, 'a', lease(0, 60));
      expect(await claims.pruneExpired(at(10))).toBe(1);
      expect((await claims.heldBy('a', at(10))).map((claim) => claim.key)).toEqual([KEY]);
      expect(await claims.claim('old', 'b', lease(11, 5))).toMatchObject({ granted: true, claim: { claimedAt: at(11) } });
    });
  });
}
