/** A one-line progress bar for long ingests on a terminal (stderr, redrawn in place). */
import type { Writable } from 'node:stream';

const BAR_WIDTH = 30;

export interface ProgressBar {
  update(done: number, label: string): void;
  finish(): void;
}

export function createProgressBar(stream: Writable, total: number): ProgressBar {
  const started = Date.now();
  return {
    update(done, label) {
      const ratio = total === 0 ? 1 : done / total;
      const filled = Math.round(ratio * BAR_WIDTH);
      const elapsed = (Date.now() - started) / 1000;
      const eta = done > 0 ? Math.round((elapsed / done) * (total - done)) : 0;
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${label} eta ${eta}s   `);
    },
    finish() {
      stream.write('\n');
    },
  };
}
