/** Follow alerts by direct message on Slack: the real Bolt app and the fake Slack. */
import { describe } from 'vitest';
import { startSlackDriver } from '../../platforms/slack/driver.js';
import { alertsContract } from './alerts.contract.js';

describe('Slack', () => {
  alertsContract(startSlackDriver);
});
