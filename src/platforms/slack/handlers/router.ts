/**
 * Connects every incoming Slack request to its handler: the slash commands, the buttons and
 * the reaction events. Each handler catches its own errors and tells the user (Bolt's app.error
 * in platform.ts is the last resort).
 */
import type { App } from '@slack/bolt';
import type { SlackHandlerDeps } from '../handler-deps.js';
import { registerVotes } from '../reactions.js';
import { registerPaperboyCommand } from './paperboy.js';
import { registerSearch } from './search.js';

export function registerHandlers(app: App, deps: SlackHandlerDeps): void {
  registerSearch(app, deps);
  registerPaperboyCommand(app, deps);
  registerVotes(app, deps);
}
