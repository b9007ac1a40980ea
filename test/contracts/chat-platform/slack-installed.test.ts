/**
 * Part of the chat-platform contract against Slack in install-flow mode: the workspace
 * installed Paperboy through OAuth, and `/paperboy today`, votes and restarts behave exactly as
 * with one bot token (the rest of the contract does not depend on how the bot authenticates).
 */
import { describe } from 'vitest';
import { startSlackDriver } from '../../platforms/slack/driver.js';
import { todayContract } from './today.contract.js';
import { votesContract } from './votes.contract.js';

describe('Slack, installed through the install flow', () => {
  const start = (options?: { readonly seed?: boolean }) => startSlackDriver({ ...options, installFlow: true });
  todayContract(start);
  votesContract(start);
});
