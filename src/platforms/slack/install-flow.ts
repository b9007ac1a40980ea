/**
 * The install flow for many workspaces, on Bolt's own OAuth support: `/slack/install` sends the
 * browser to Slack's consent page with a signed state (and the same state in a cookie), and
 * `/slack/oauth_redirect` checks both, exchanges the code with `oauth.v2.access` and saves the
 * installation (installations.ts). A reinstall resumes the digests an uninstall paused. Bolt
 * refreshes a rotating token when it is within two hours of expiring, whenever the installation
 * is read: for incoming requests through the App's installer, for digests through the
 * installer built here (the same store, so both see every refresh).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppOptions, Installation, InstallURLOptions, Logger as BoltLogger } from '@slack/bolt';
import { defaultCallbackFailure, defaultCallbackSuccess, InstallProvider, type CodedError } from '@slack/oauth';
import type { Clock, DeliveryMarks, InstallationStore } from '../../core/ports.js';
import type { Logger } from '../../logger.js';
import { createSecretBox } from '../../secret-box.js';
import { boltClientOptions, type SlackClientSettings } from './client.js';
import { createOneTimeStateStore, createSlackInstallations, installationKey, type SlackInstallations } from './installations.js';
import type { Authorize } from './workspaces.js';

/** What the features need (README "Slack setup" explains each). No user scopes: no user tokens. */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'reactions:read',
  'reactions:write',
  'users:read',
  'channels:read',
  'groups:read',
  'channels:history',
  'groups:history',
  'metadata.message:read',
  'links:read',
  'links:write',
  'im:write',
  'im:history',
] as const;

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface InstallFlowSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  readonly secretKey: string;
  readonly redirectUri?: string | undefined;
  /** Slack's Web API base; the consent page sits beside it (`…/oauth/v2/authorize`). */
  readonly apiUrl?: string | undefined;
}

export interface InstallFlow {
  readonly installations: SlackInstallations;
  /** Every workspace's token, rotated when due (for digests, vote edits and lookups). */
  readonly authorize: Authorize;
  /** The App options that turn Bolt's install flow on; `installed` hears of every (re)install. */
  appOptions(installed: (workspaceIds: string[]) => Promise<void>): Pick<AppOptions, 'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore' | 'redirectUri' | 'installerOptions'>;
}

export function createInstallFlow(
  settings: InstallFlowSettings,
  deps: { store: InstallationStore; marks: DeliveryMarks; clock: Clock; logger: Logger; boltLogger: BoltLogger; client: SlackClientSettings },
): InstallFlow {
  const installations = createSlackInstallations({ store: deps.store, box: createSecretBox(settings.secretKey), clock: deps.clock });
  const stateStore = createOneTimeStateStore({ stateSecret: settings.stateSecret, marks: deps.marks });
  const authorizationUrl = settings.apiUrl === undefined ? undefined : new URL('../oauth/v2/authorize', settings.apiUrl).toString();
  const installer = new InstallProvider({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    stateStore,
    installationStore: installations,
    clientOptions: boltClientOptions(deps.client),
    logger: deps.boltLogger,
  });
  // Bolt saves the installation and then calls `successAsync` with the same object.
  const served = new WeakMap<Installation, string[]>();

  return {
    installations,
    authorize: (query) => installer.authorize(query),
    appOptions(installed) {
      return {
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        stateSecret: settings.stateSecret,
        scopes: [...SLACK_BOT_SCOPES],
        installationStore: {
          ...installations,
          storeInstallation: async (installation) => {
            served.set(installation, await installations.save(installation));
          },
        },
        ...(settings.redirectUri === undefined ? {} : { redirectUri: settings.redirectUri }),
        installerOptions: {
          stateStore,
          // /slack/install goes straight to Slack's consent page, as Slack's directory expects.
          directInstall: true,
          installPath: INSTALL_PATH,
          redirectUriPath: settings.redirectUri === undefined ? REDIRECT_PATH : new URL(settings.redirectUri).pathname,
          ...(authorizationUrl === undefined ? {} : { authorizationUrl }),
          callbackOptions: {
            successAsync: async (installation: Installation, options: InstallURLOptions, req: IncomingMessage, res: ServerResponse) => {
              const workspaces = served.get(installation) ?? [];
              deps.logger.info({ ...installationKey(installation), workspaces }, 'slack workspace installed');
              try {
                await installed(workspaces);
              } catch (error) {
                deps.logger.error({ err: error, workspaces }, 'could not resume the digests of a reinstalled workspace');
              }
              defaultCallbackSuccess(installation, options, req, res);
            },
            failure: (error: CodedError, options: InstallURLOptions, req: IncomingMessage, res: ServerResponse) => {
              deps.logger.warn({ code: error.code, reason: error.message }, 'slack install refused');
              defaultCallbackFailure(error, options, req, res);
            },
          },
        },
      };
    },
  };
}
