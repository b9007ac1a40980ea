/**
 * A one-line progress bar for long ingests on a terminal (stderr, redrawn in place): days done,
 * the day just handled, papers so far, failures, and an ETA from the pace of the days actually
 * fetched (days already complete take no time and would make it lie).
 */
import type { Writable } from 'node:stream';
import type { DayIngestResult } from '../core/ingest/ingest.js';

const BAR_WIDTH = 24;

export interface ProgressBar {
  update(done: number, result: DayIngestResult): void;
  finish(): void;
}

/** `45s`, `3m20s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function createProgressBar(stream: Writable, total: number, now: () => number = Date.now): ProgressBar {
  const started = now();
  let fetchedDays = 0;
  let fetchMs = 0;
  let last = started;
  let papers = 0;
  let failed = 0;
  return {
    update(done, result) {
      const at = now();
      if (result.status !== 'complete') {
        fetchedDays += 1;
        fetchMs += at - last;
      }
      last = at;
      papers += result.fetched;
      if (result.status === 'failed') failed += 1;
      const ratio = total === 0 ? 1 : done / total;
      const filled = Math.round(ratio * BAR_WIDTH);
      const eta = fetchedDays > 0 ? formatDuration(((fetchMs / fetchedDays) * (total - done)) / 1000) : '?';
      const failures = failed > 0 ? `, ${failed} failed` : '';
      stream.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} days ${result.day}` +
          ` ${papers} papers${failures}, ${formatDuration((at - started) / 1000)} elapsed, eta ${eta}   `,
      );
    },
    finish() {
      stream.write('\n');
    },
  };
}
