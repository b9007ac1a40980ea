/**
 * The chat-platform contract: what Paperboy does the same way on every chat platform, stated
 * once and run against each platform's fake through its driver (driver.ts). Search answers and
 * paging, lookups by arXiv id or link, subscriptions and the errors people can act on, `/paperboy today`, votes from
 * reactions, status, restarts, sharing a search result, and follows. What only one platform does is tested beside its harness.
 */
import { followsContract } from './follows.contract.js';
import { lookupContract } from './lookup.contract.js';
import { searchContract } from './search.contract.js';
import { shareContract } from './share.contract.js';
import { subscriptionContract } from './subscriptions.contract.js';
import type { StartDriver } from './support.js';
import { todayContract } from './today.contract.js';
import { votesContract } from './votes.contract.js';

export type { StartDriver } from './support.js';

export function chatPlatformContract(start: StartDriver): void {
  searchContract(start);
  lookupContract(start);
  subscriptionContract(start);
  todayContract(start);
  shareContract(start);
  followsContract(start);
  votesContract(start);
}
