/**
 * The org, since and min filters of a search as SQL conditions on the paper row `p`, as in
 * SQLite's search-filters.ts. Author filters are part of the text match (search-query.ts).
 */
import type { Clock } from '../../../core/ports.js';
import type { SearchQuery } from '../../../core/search/query.js';
import { matchingOrgSlugs, MAX_ORG_FILTERS, ORG_CACHE_MS, type KnownOrg } from '../../search/org-filter.js';
import type { Queryable } from '../database.js';

export interface Filters {
  /** ` AND …` clauses with placeholders numbered from the `first` given, or '' for none. */
  readonly sql: (first: number) => string;
  readonly params: unknown[];
  readonly any: boolean;
  /** An org filter naming no organization the store knows. */
  readonly impossible: boolean;
}

/** The later of arXiv date and papers-day: what `since` and the ranking's freshness both use. */
export const PAPER_DAY_SQL = "greatest(coalesce(p.published_on, ''), coalesce(p.papers_day, ''))";

export function createSearchFilters(db: Queryable, clock: Clock): (query: SearchQuery, newestSeq: number) => Promise<Filters> {
  let orgCache: { at: number; seq: number; orgs: KnownOrg[] } | undefined;

  async function knownOrgs(newestSeq: number): Promise<KnownOrg[]> {
    const now = clock.now().getTime();
    if (!orgCache || orgCache.seq !== newestSeq || Math.abs(now - orgCache.at) > ORG_CACHE_MS) {
      const { rows } = await db.query<KnownOrg>("SELECT DISTINCT org_name AS name, coalesce(org_fullname, '') AS fullname FROM papers WHERE org_name IS NOT NULL");
      orgCache = { at: now, seq: newestSeq, orgs: rows };
    }
    return orgCache.orgs;
  }

  return async (query, newestSeq) => {
    const clauses: ((n: number) => string)[] = [];
    const params: unknown[] = [];
    let impossible = false;
    const orgs = query.orgs.slice(0, MAX_ORG_FILTERS).map((org) => org.trim().toLowerCase()).filter((org) => org !== '');
    if (orgs.length > 0) {
      const slugs = matchingOrgSlugs(await knownOrgs(newestSeq), orgs);
      impossible = slugs.length === 0;
      clauses.push((n) => `p.org_name = ANY($${n}::text[])`);
      params.push(slugs);
    }
    if (query.since !== undefined) {
      clauses.push((n) => `${PAPER_DAY_SQL} >= $${n}`);
      params.push(query.since);
    }
    if (query.minUpvotes !== undefined && Number.isFinite(query.minUpvotes)) {
      clauses.push((n) => `p.upvotes >= $${n}`);
      params.push(query.minUpvotes);
    }
    return {
      sql: (first) => clauses.map((clause, index) => ` AND ${clause(first + index)}`).join(''),
      params,
      any: clauses.length > 0,
      impossible,
    };
  };
}
