/**
 * /healthz details of this instance's search copy: whether it is ready, how far behind
 * PostgreSQL it was at the last search, and what it pulled. Never a problem in itself: until the
 * copy is ready, or when it failed, searches run on PostgreSQL.
 */
import type { SearchCopyStatus } from '../core/ports.js';
import type { HealthCheck } from './health-server.js';

export function searchCopyHealthCheck(copy: { status(): SearchCopyStatus }): HealthCheck {
  return {
    name: 'search_copy',
    problem: () => Promise.resolve(undefined),
    details: () => copy.status(),
  };
}
