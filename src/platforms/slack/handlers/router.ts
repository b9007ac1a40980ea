/**
 * Connects every incoming Slack request to its handler: the slash commands, the buttons
 * (paging, Share, Upvote), the reaction events and the links Slack asks us to unfurl. Each
 * handler catches its own errors and tells the user (Bolt's app.error in platform.ts is the
 * last resort).
 */
import type { App } from '@slack/bolt';
import type { SlackHandlerDeps } from '../handler-deps.js';
import type { SlackInstallations } from '../installations.js';
import { registerVotes } from '../reactions.js';
import { registerUnfurls } from '../unfurls.js';
import { registerLifecycle } from './lifecycle.js';
import { registerPaperboyCommand } from './paperboy.js';
import { registerSearch } from './search.js';
import { registerShare } from './share.js';

/** `installations`: the install flow's, when Paperboy serves many workspaces (then uninstalls are followed too). */
export function registerHandlers(app: App, deps: SlackHandlerDeps, installations?: Pick<SlackInstallations, 'remove'>): void {
  registerSearch(app, deps);
  registerShare(app, deps);
  registerPaperboyCommand(app, deps);
  registerVotes(app, deps);
  registerUnfurls(app, deps);
  if (installations !== undefined) registerLifecycle(app, deps, installations);
}
