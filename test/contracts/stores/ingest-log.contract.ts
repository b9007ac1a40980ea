/** The IngestLog contract: which papers-days an archive ingest has fetched completely. */
import { describe, expect, it } from 'vitest';
import { useStores, type StoreAdapter } from './adapter.js';

export function describeIngestLogContract(adapter: StoreAdapter): void {
  describe(`IngestLog on ${adapter.name}`, () => {
    const test = useStores(adapter);

    it('reports only the asked days that were marked complete', async () => {
      const { ingestLog } = test().stores;
      expect(await ingestLog.completedDays(['2026-06-10', '2026-06-11'])).toEqual(new Set());
      await ingestLog.markComplete('2026-06-10', 30, new Date('2026-06-12T00:00:00Z'));
      await ingestLog.markComplete('2026-06-12', 0, new Date('2026-06-13T00:00:00Z'));
      expect(await ingestLog.completedDays(['2026-06-10', '2026-06-11', '2026-06-12'])).toEqual(new Set(['2026-06-10', '2026-06-12']));
      expect(await ingestLog.completedDays(['2026-06-11'])).toEqual(new Set());
      expect(await ingestLog.completedDays([])).toEqual(new Set());
    });

    it('marks a day complete again when it is fetched again', async () => {
      const { ingestLog } = test().stores;
      await ingestLog.markComplete('2026-06-10', 30, new Date('2026-06-12T00:00:00Z'));
      await ingestLog.markComplete('2026-06-10', 31, new Date('2026-06-20T00:00:00Z'));
      expect(await ingestLog.completedDays(['2026-06-10'])).toEqual(new Set(['2026-06-10']));
    });
  });
}
