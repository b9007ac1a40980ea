/** The chat-platform contract against Slack: the real Bolt app and the fake Slack. */
import { describe } from 'vitest';
import { startSlackDriver } from '../../platforms/slack/driver.js';
import { chatPlatformContract } from './contract.js';

describe('Slack', () => {
  chatPlatformContract(startSlackDriver);
});
