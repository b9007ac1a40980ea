/**
 * The console platform: prints what would be posted, as plain text. Used by `paperboy demo`,
 * `paperboy search` and `render --platform console`.
 */
import type { Writable } from 'node:stream';
import type { DigestPlan } from '../../core/digest.js';
import type { SearchHit } from '../../core/ports.js';
import type { SearchQuery } from '../../core/search.js';
import { digestToView, searchToView } from '../../formatter/card.js';
import { digestToConsoleText, searchToConsoleText } from '../../formatter/console.js';

/** The parts of a search result the console shows (SearchResult and MergedSearchResult both fit). */
export interface PrintableSearch {
  readonly query: SearchQuery;
  readonly hits: readonly SearchHit[];
  /** Zero-based. */
  readonly page: number;
  readonly total: number;
  readonly note?: string | undefined;
}

export interface ConsolePlatform {
  printDigest(plan: DigestPlan): void;
  printSearch(result: PrintableSearch, pageSize?: number): void;
}

export function createConsolePlatform(options: { out: Writable; width?: number }): ConsolePlatform {
  const width = options.width ?? 100;
  const write = (text: string) => options.out.write(text.endsWith('\n') ? text : `${text}\n`);
  return {
    printDigest(plan) {
      const view = digestToView(plan.day, plan.papers, { totalAvailable: plan.availableCount });
      write(digestToConsoleText(view, { width }));
    },
    printSearch(result, pageSize) {
      const papers = result.hits.map((hit) => hit.paper);
      const size = pageSize ?? Math.max(1, papers.length);
      const view = searchToView(result.query.text, papers, { page: result.page + 1, pageSize: size, total: result.total, note: result.note });
      write(searchToConsoleText(view, { width }));
    },
  };
}
