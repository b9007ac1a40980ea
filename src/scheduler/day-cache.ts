/**
 * Shares one Hugging Face request per papers-day among every channel posting it: 600 channels
 * at 09:00 must not mean 600 identical requests. Failures are not cached, so a retry asks again.
 */
import type { Clock, DayBatch, PaperSource } from '../core/ports.js';

export function cachedDaySource(source: PaperSource, options: { ttlMs: number; clock: Clock }): PaperSource {
  const days = new Map<string, { at: number; batch: Promise<DayBatch> }>();
  return {
    fetchDay(day, fetchOptions) {
      const now = options.clock.now().getTime();
      const cached = days.get(day);
      if (cached && now - cached.at < options.ttlMs) return cached.batch;
      const batch = source.fetchDay(day, fetchOptions);
      days.set(day, { at: now, batch });
      batch.catch(() => {
        if (days.get(day)?.batch === batch) days.delete(day);
      });
      return batch;
    },
    search: (query, limit, searchOptions) => source.search(query, limit, searchOptions),
    getPaper: (id, paperOptions) => source.getPaper(id, paperOptions),
  };
}
