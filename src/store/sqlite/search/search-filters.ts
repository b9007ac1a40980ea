/**
 * The org, since and min filters of a search as SQL conditions on the paper row `p`. Author
 * filters are not here: they are part of the FTS5 match (search-match.ts).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../../../core/ports.js';
import type { SearchQuery } from '../../../core/search/query.js';
import { matchingOrgSlugs, MAX_ORG_FILTERS, ORG_CACHE_MS, type KnownOrg } from '../../search/org-filter.js';

export interface Filters {
  /** ` AND …` clauses, or '' for none. */
  readonly sql: string;
  readonly params: unknown[];
  readonly any: boolean;
  /** An org filter naming no organization the store knows. */
  readonly impossible: boolean;
}

export interface SqlAccess {
  prepare(sql: string): BetterSqlite3.Statement;
  value(sql: string, ...params: unknown[]): unknown;
}

export function createSearchFilters(sql: SqlAccess, clock: Clock): (query: SearchQuery) => Filters {
  let orgCache: { at: number; seq: number; orgs: KnownOrg[] } | undefined;

  /**
   * Slugs of the organizations `org:` values name: the slug itself, or part of the full name.
   * The list of organizations is small and read again when papers were added or a minute passed.
   */
  function orgSlugs(wanted: readonly string[]): string[] {
    const now = clock.now().getTime();
    const seq = Number(sql.value('SELECT max(seq) FROM papers') ?? 0);
    if (!orgCache || orgCache.seq !== seq || Math.abs(now - orgCache.at) > ORG_CACHE_MS) {
      const rows = sql.prepare("SELECT DISTINCT org_name AS name, coalesce(org_fullname, '') AS fullname FROM papers WHERE org_name IS NOT NULL").all();
      orgCache = { at: now, seq, orgs: rows as KnownOrg[] };
    }
    return matchingOrgSlugs(orgCache.orgs, wanted);
  }

  return (query) => {
    const clauses: string[] = [];
    const params: unknown[] = [];
    let impossible = false;
    const orgs = query.orgs.slice(0, MAX_ORG_FILTERS).map((org) => org.trim().toLowerCase()).filter((org) => org !== '');
    if (orgs.length > 0) {
      const slugs = orgSlugs(orgs);
      impossible = slugs.length === 0;
      clauses.push('p.org_name IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(slugs));
    }
    if (query.since !== undefined) {
      // The later of arXiv date and papers-day, the same day the ranking's freshness uses.
      clauses.push(`max(coalesce(p.published_on, ''), coalesce(p.papers_day, '')) >= ?`);
      params.push(query.since);
    }
    if (query.minUpvotes !== undefined && Number.isFinite(query.minUpvotes)) {
      clauses.push('p.upvotes >= ?');
      params.push(query.minUpvotes);
    }
    return { sql: clauses.map((clause) => ` AND ${clause}`).join(''), params, any: clauses.length > 0, impossible };
  };
}
