/**
 * The archive the ack benchmarks search: synthetic papers written through the real store, so
 * a search costs what it costs on a big install. Titles and abstracts mix a small vocabulary,
 * so every query word matches thousands of papers (the expensive case).
 */
import { paperLinks, type Paper } from '../src/core/paper.js';
import { openDatabase } from '../src/store/sqlite/database.js';
import { createSqliteStores } from '../src/store/sqlite/stores.js';

export const SEARCH_WORDS = ['memory', 'agents', 'diffusion', 'attention', 'sparse', 'reasoning', 'vision', 'language', 'robot', 'retrieval',
  'benchmark', 'alignment', 'video', 'speech', 'graph', 'quantization', 'distillation', 'reward', 'planning', 'tokenizer'] as const;

export const searchWord = (i: number): string => SEARCH_WORDS[((i % SEARCH_WORDS.length) + SEARCH_WORDS.length) % SEARCH_WORDS.length] ?? 'memory';

export function syntheticPapers(count: number): Paper[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${2400 + (i % 24)}.${String(10_000 + i).padStart(5, '0')}`;
    const day = `20${24 + Math.floor((i % 24) / 12)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const w = (k: number) => searchWord(i * 7 + k * 13);
    return {
      id,
      title: `${w(0)} ${w(1)} for ${w(2)} models ${i}`,
      abstract: `We study ${w(0)} and ${w(3)} in ${w(4)} systems. Results improve ${w(1)} by ${i % 50}% over strong baselines.`,
      aiSummary: `A ${w(2)} method for ${w(0)}.`,
      keywords: [w(0), w(5)],
      authors: [`Author ${i % 997}`, `Author ${(i * 3) % 991}`],
      authorCount: 2,
      publishedOn: day,
      papersDay: day,
      upvotes: i % 300,
      comments: i % 7,
      links: paperLinks(id),
    };
  });
}

/** Writes `count` synthetic papers into the database at `path`; returns how long it took (ms). */
export async function seedSyntheticArchive(path: string, count: number): Promise<number> {
  const started = performance.now();
  const stores = createSqliteStores(openDatabase(path));
  const papers = syntheticPapers(count);
  for (let i = 0; i < papers.length; i += 5_000) await stores.papers.upsertPapers(papers.slice(i, i + 5_000));
  await stores.close();
  return performance.now() - started;
}
