/**
 * The chat-platform contract: what Paperboy does the same way on every chat platform, stated
 * once and run against each platform's fake through its driver (driver.ts). Search answers and
 * paging, subscriptions and the errors people can act on, `/paperboy today`, votes from
 * reactions, status, and restarts. What only one platform does is tested beside its harness.
 */
import { searchContract } from './search.contract.js';
import { subscriptionContract } from './subscriptions.contract.js';
import type { StartDriver } from './support.js';
import { todayContract } from './today.contract.js';
import { votesContract } from './votes.contract.js';

export type { StartDriver } from './support.js';

export function chatPlatformContract(start: StartDriver): void {
  searchContract(start);
  subscriptionContract(start);
  todayContract(start);
  votesContract(start);
}
