/** The chat-platform contract against Discord: the real discord.js client and the fake Discord. */
import { describe } from 'vitest';
import { startDiscordDriver } from '../../platforms/discord/driver.js';
import { chatPlatformContract } from './contract.js';

describe('Discord', () => {
  chatPlatformContract(startDiscordDriver);
});
