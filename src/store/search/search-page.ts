/** A ranked page of ids turned into the page `PaperStore.search` returns, for both stores. */
import type { Paper } from '../../core/paper.js';
import type { RankedPage, SearchPage } from '../../core/ports.js';

/** The hits of `page` with their papers (read in one go by the store); an id without one is left out. */
export function pageWithPapers(page: RankedPage, papers: readonly Paper[]): SearchPage {
  const byId = new Map(papers.map((paper) => [paper.id, paper]));
  const hits = page.hits.flatMap(({ id, score, votes }) => {
    const paper = byId.get(id);
    return paper ? [{ paper, score, votes }] : [];
  });
  return { ...page, hits };
}
