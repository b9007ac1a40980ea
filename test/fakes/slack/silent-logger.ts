/** A Bolt/WebClient logger that prints nothing, for tests that drive the SDK directly. */
import { LogLevel, type Logger } from '@slack/bolt';

export const silentBoltLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};
