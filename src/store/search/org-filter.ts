/** The `org:` filter, for both stores: which organizations the values name. */

/** How long the list of organizations is reused before it is read again. */
export const ORG_CACHE_MS = 60_000;
/** More org filters than this are ignored (the parser does not cap them). */
export const MAX_ORG_FILTERS = 8;

export interface KnownOrg {
  /** Hugging Face slug. */
  readonly name: string;
  /** Full name, '' when unknown. */
  readonly fullname: string;
}

/** Slugs of the organizations `wanted` (lower-cased) names: the slug itself, or part of the full name. */
export function matchingOrgSlugs(orgs: readonly KnownOrg[], wanted: readonly string[]): string[] {
  const matching = orgs.filter((org) => {
    const fullname = org.fullname.toLowerCase();
    return wanted.some((want) => org.name.toLowerCase() === want || fullname.includes(want));
  });
  return [...new Set(matching.map((org) => org.name))];
}
