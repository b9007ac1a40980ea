import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DayIngestResult } from '../../src/core/ingest/ingest.js';
import { createProgressBar, formatDuration } from '../../src/cli/progress.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const day = (date: string, status: DayIngestResult['status'], fetched = 0): DayIngestResult => ({ day: date, status, fetched, skipped: [] });

describe('formatDuration', () => {
  it.each([[0, '0s'], [44.6, '45s'], [200, '3m20s'], [3720, '1h02m'], [-3, '0s']])('writes %d s as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('createProgressBar', () => {
  it('redraws one line with days, papers, failures and an ETA from the days actually fetched', () => {
    const out = new Capture();
    let now = 0;
    const bar = createProgressBar(out, 10, () => now);
    bar.update(1, day('2023-05-04', 'complete'));
    bar.update(2, day('2023-05-05', 'complete'));
    now += 2_000;
    bar.update(3, day('2023-05-06', 'ok', 40));
    now += 2_000;
    bar.update(4, day('2023-05-07', 'failed'));
    bar.finish();
    const lines = out.text.split('\r').filter(Boolean);
    expect(lines[0]).toContain('1/10 days 2023-05-04 0 papers');
    expect(lines[0]).toContain('eta ?');
    // Two fetched days took 2 s each; 6 days remain.
    expect(lines[3]).toContain('4/10 days 2023-05-07 40 papers, 1 failed, 4s elapsed, eta 12s');
    expect(out.text.endsWith('\n')).toBe(true);
  });
});
