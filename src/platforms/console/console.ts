/**
 * The console platform: prints what would be posted, as plain text. Used by `paperboy demo`,
 * `paperboy search` and `render --platform console`.
 */
import type { Writable } from 'node:stream';
import type { DigestPlan } from '../../core/digest-plan.js';
import type { SearchResult } from '../../core/search/search-papers.js';
import { digestPlanToView, searchToView } from '../../formatter/card.js';
import { digestToConsoleText, searchToConsoleText } from '../../formatter/console.js';

export interface ConsolePlatform {
  printDigest(plan: DigestPlan): void;
  printSearch(result: SearchResult, pageSize?: number): void;
}

export function createConsolePlatform(options: { out: Writable; width?: number }): ConsolePlatform {
  const width = options.width ?? 100;
  const write = (text: string) => options.out.write(text.endsWith('\n') ? text : `${text}\n`);
  return {
    printDigest(plan) {
      const view = digestPlanToView(plan);
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
