/**
 * The search bench's PostgreSQL table: per query class, SQLite's p50/p99 beside PostgreSQL
 * searched through each instance's local search copy (src/store/postgres/search-copy/), and
 * PostgreSQL's own GIN search, all from the same run; and what the copy costs to build.
 */
import type { CopyBuild } from './search-postgres.js';
import { ms, percentile, type BenchTable } from './table.js';

export interface ClassTimes {
  readonly times: number[];
}

export function searchCopyTables(input: {
  readonly papers: number;
  readonly goalMs: number;
  readonly sqlite: Map<string, ClassTimes>;
  readonly copy: Map<string, ClassTimes>;
  readonly gin: Map<string, ClassTimes>;
  readonly repeats: { readonly copy: number; readonly gin: number };
  readonly build: CopyBuild;
}): BenchTable[] {
  const { sqlite, copy, gin, goalMs } = input;
  let worstCopy = 0;
  let worstGin = 0;
  const rows = [...sqlite.keys()].map((kind) => {
    const p = (times: ClassTimes | undefined, at: number) => percentile(times?.times ?? [], at);
    const [copyP99, ginP99] = [p(copy.get(kind), 99), p(gin.get(kind), 99)];
    worstCopy = Math.max(worstCopy, copyP99);
    worstGin = Math.max(worstGin, ginP99);
    return [kind, ms(p(sqlite.get(kind), 50)), ms(p(sqlite.get(kind), 99)), ms(p(copy.get(kind), 50)), ms(copyP99), ms(p(gin.get(kind), 50)), ms(ginP99), copyP99 < goalMs ? 'met' : 'NOT met'];
  });
  return [
    {
      title: `PostgreSQL search, ${input.papers.toLocaleString('en')} papers: through the instance's search copy, and on PostgreSQL alone (ms, same run)`,
      columns: ['class', 'SQLite p50', 'SQLite p99', 'PostgreSQL + search copy p50', 'p99', 'PostgreSQL GIN only p50', 'p99', `copy p99 < ${goalMs} ms`],
      rows,
      notes: [
        `Search copy: every search first reads PostgreSQL's change counter (one round trip), then SQLite's own search answers from the local copy; ${input.repeats.copy} timed passes. GIN only: the PostgreSQL store's own search (the path searches take while a copy builds), ${input.repeats.gin} timed pass${input.repeats.gin === 1 ? '' : 'es'}, so its p99 is close to its slowest query.`,
        `Worst class p99: search copy ${ms(worstCopy)} ms, GIN only ${ms(worstGin)} ms.`,
      ],
    },
    {
      title: 'Search copy: first build',
      columns: ['papers', 'build (s)', 'file on disk (MB)', 'RSS growth building (MB)'],
      rows: [[input.papers.toLocaleString('en'), (input.build.buildMs / 1000).toFixed(1), input.build.diskMb.toFixed(0), input.build.rssMb.toFixed(0)]],
      notes: ['From opening the stores to the copy being ready: every paper and vote read from PostgreSQL in pages, written to SQLite in small transactions, and the full-text index merged in steps.'],
    },
  ];
}
