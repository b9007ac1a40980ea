/**
 * Matching a papers-day against follows, in memory, with the search language's own pure matcher
 * (core/search/match.ts, which agrees with the search index): each paper of the day is folded
 * once, and each distinct query is parsed and compiled once and tested against every paper. A
 * day is a few dozen papers, so this costs microseconds per follow, where a search per follow
 * would cost a query each.
 */
import type { Paper } from '../paper.js';
import { compileQuery, toMatchable } from '../search/match.js';
import { isEmptyQuery, parseSearchQuery } from '../search/query.js';
import { followerKey, type Follow } from './follow.js';

export interface PersonMatches {
  /** The person's follows (all on one platform), the first one standing for them. */
  readonly follows: readonly Follow[];
  /** Papers any of their follows matched, each once, most upvoted first. */
  readonly papers: readonly Paper[];
}

/** Every person with at least one match among `papers`, keyed by followerKey. */
export function matchFollows(follows: readonly Follow[], papers: readonly Paper[], now: Date): Map<string, PersonMatches> {
  const read = papers.map((paper) => ({ paper, matchable: toMatchable(paper) }));
  // Many people follow the same thing (`org:nvidia`): each distinct query is matched once.
  const hitsOf = new Map<string, readonly Paper[]>();
  const hits = (text: string): readonly Paper[] => {
    let found = hitsOf.get(text);
    if (found === undefined) {
      const query = parseSearchQuery(text, now);
      // compileQuery matches everything for an empty query; a follow of nothing matches nothing.
      const test = isEmptyQuery(query) ? () => false : compileQuery(query);
      found = read.filter((candidate) => test(candidate.matchable)).map((candidate) => candidate.paper);
      hitsOf.set(text, found);
    }
    return found;
  };
  const people = new Map<string, { follows: Follow[]; papers: Map<string, Paper> }>();
  for (const follow of follows) {
    const key = followerKey(follow);
    const person = people.get(key) ?? { follows: [], papers: new Map<string, Paper>() };
    person.follows.push(follow);
    for (const paper of hits(follow.query)) person.papers.set(paper.id, paper);
    people.set(key, person);
  }
  const matched = new Map<string, PersonMatches>();
  for (const [key, person] of people) {
    if (person.papers.size === 0) continue;
    const ranked = [...person.papers.values()].sort((a, b) => b.upvotes - a.upvotes || a.id.localeCompare(b.id));
    matched.set(key, { follows: person.follows, papers: ranked });
  }
  return matched;
}
