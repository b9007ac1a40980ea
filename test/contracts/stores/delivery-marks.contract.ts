/**
 * The DeliveryMarks contract: a key is marked first once while its mark stands, a position only
 * moves forward, an ended mark counts as gone, and (on engines several processes share) two
 * instances marking at once are told apart.
 */
import { describe, expect, it } from 'vitest';
import { useStores, type StoreAdapter } from './adapter.js';

const T0 = Date.parse('2026-06-12T09:00:00.000Z');
/** ISO time `seconds` after T0. */
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
const span = (from: number, seconds: number) => ({ at: at(from), until: at(from + seconds) });
/** A Slack timestamp in microseconds, as the reaction gate passes it. */
const TS = 1_765_530_000_000_100;

export function describeDeliveryMarksContract(adapter: StoreAdapter): void {
  describe(`DeliveryMarks on ${adapter.name}`, () => {
    const test = useStores(adapter);

    it('marks a key first once while its mark stands, and again once it ended', async () => {
      const { deliveryMarks: marks } = test().stores;
      expect(await marks.markFirst('slack-event:Ev1', span(0, 60))).toBe(true);
      expect(await marks.markFirst('slack-event:Ev1', span(59, 60))).toBe(false);
      expect(await marks.markFirst('slack-event:Ev2', span(59, 60))).toBe(true);
      expect(await marks.markFirst('slack-event:Ev1', span(60, 60))).toBe(true);
      expect(await marks.markFirst('slack-event:Ev1', span(61, 60))).toBe(false);
    });

    it('moves a position forward only, with microsecond Slack timestamps compared exactly', async () => {
      const { deliveryMarks: marks } = test().stores;
      const key = 'slack-reaction:["C1","1.2","U1","thumbsup"]';
      expect(await marks.advance(key, TS, span(0, 60))).toBe(true);
      expect(await marks.advance(key, TS, span(1, 60))).toBe(false);
      expect(await marks.advance(key, TS - 1, span(1, 60))).toBe(false);
      expect(await marks.advance(key, TS + 1, span(2, 60))).toBe(true);
      expect(await marks.advance(key, TS, span(3, 60))).toBe(false);
      // Once the mark ended, an older position is news again.
      expect(await marks.advance(key, TS - 5, span(200, 60))).toBe(true);
    });

    it('tells exactly one of many callers marking the same key at once that it was first', async () => {
      const { deliveryMarks: marks } = test().stores;
      const answers = await Promise.all(Array.from({ length: 12 }, () => marks.markFirst('slack-request:1765530000:v0=abc', span(0, 300))));
      expect(answers.filter(Boolean)).toHaveLength(1);
      const moved = await Promise.all(Array.from({ length: 12 }, (_, i) => marks.advance('slack-reaction:k', TS + (i % 3), span(0, 300))));
      // Whatever the order, the newest position (TS + 2) is applied at least once and nothing after it.
      expect(moved.filter(Boolean).length).toBeGreaterThanOrEqual(1);
      expect(await marks.advance('slack-reaction:k', TS + 2, span(1, 300))).toBe(false);
    });

    it('forgets only marks that ended before the cutoff', async () => {
      const { deliveryMarks: marks } = test().stores;
      await marks.markFirst('old', span(0, 5));
      await marks.markFirst('live', span(0, 60));
      expect(await marks.pruneExpired(at(10))).toBe(1);
      expect(await marks.markFirst('live', span(11, 60))).toBe(false);
      expect(await marks.markFirst('old', span(11, 60))).toBe(true);
    });

    if (adapter.durable) {
      it('shows a mark made by one instance to another instance on the same database', async () => {
        const { stores, database } = test();
        const other = await database.open();
        expect(await stores.deliveryMarks.markFirst('slack-event:Ev9', span(0, 60))).toBe(true);
        expect(await other.deliveryMarks.markFirst('slack-event:Ev9', span(1, 60))).toBe(false);
        expect(await other.deliveryMarks.advance('slack-reaction:k', TS + 10, span(1, 60))).toBe(true);
        expect(await stores.deliveryMarks.advance('slack-reaction:k', TS + 9, span(2, 60))).toBe(false);
      });
    }
  });
}
