/** Follow alerts by direct message on Discord: the real discord.js client and the fake Discord. */
import { describe } from 'vitest';
import { startDiscordDriver } from '../../platforms/discord/driver.js';
import { alertsContract } from './alerts.contract.js';

describe('Discord', () => {
  alertsContract(startDiscordDriver);
});
