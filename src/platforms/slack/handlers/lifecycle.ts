/**
 * A workspace removing Paperboy (install flow only). Slack revokes the tokens and then sends
 * `app_uninstalled`, or `tokens_revoked` naming the revoked tokens; Bolt passes both through
 * without an installation (there is none left to authorize with). The installation is deleted
 * and the workspace's digests are paused with a reason; installing again resumes them
 * (install-flow.ts). Both steps can run twice, so a redelivered event changes nothing.
 */
import type { App, Context } from '@slack/bolt';
import type { InstallationQuery } from '@slack/oauth';
import type { SlackHandlerDeps } from '../handler-deps.js';
import type { SlackInstallations } from '../installations.js';

interface Envelope {
  readonly team_id?: unknown;
  readonly enterprise_id?: unknown;
  readonly event_id?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function registerLifecycle(app: App, deps: SlackHandlerDeps, installations: Pick<SlackInstallations, 'remove'>): void {
  async function removed(body: Envelope, context: Context, why: 'app_uninstalled' | 'tokens_revoked'): Promise<void> {
    const teamId = text(body.team_id) ?? context.teamId;
    const enterpriseId = text(body.enterprise_id) ?? context.enterpriseId;
    const query = { teamId, enterpriseId, isEnterpriseInstall: context.isEnterpriseInstall } as InstallationQuery<boolean>;
    await deps.track(async () => {
      try {
        const served = await installations.remove(query);
        // Removed earlier (a redelivery), the workspace named by the event still gets paused.
        const workspaces = served.length > 0 ? served : teamId === undefined ? [] : [teamId];
        const { paused } = await deps.useCases.workspacesRemoved('slack', workspaces, why);
        deps.logger.info({ team: teamId, enterprise: enterpriseId, eventId: body.event_id, why, workspaces, paused }, 'slack workspace removed the app');
      } catch (error) {
        deps.logger.error({ team: teamId, eventId: body.event_id, why, err: error }, 'could not remove a slack installation');
      }
    });
  }

  app.event('app_uninstalled', async ({ body, context }) => {
    await removed(body, context, 'app_uninstalled');
  });
  app.event('tokens_revoked', async ({ event, body, context }) => {
    // Paperboy holds bot tokens only; a revoked user token leaves the installation working.
    if ((event.tokens.bot ?? []).length > 0) await removed(body, context, 'tokens_revoked');
    else deps.logger.info({ team: text(body.team_id), eventId: body.event_id }, 'slack user tokens revoked; the installation stays');
  });
}
