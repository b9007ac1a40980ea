/** Which search hits show a community vote count. */
import type { SearchHit } from '../core/ports.js';
import type { VoteCounts } from './card.js';

/** Community votes of a page's hits, only where there are some ("0 votes" on every result is noise). */
export function votesOfHits(hits: readonly SearchHit[]): VoteCounts {
  return new Map(hits.flatMap((hit) => (hit.votes !== undefined && hit.votes > 0 ? [[hit.paper.id, hit.votes] as const] : [])));
}
