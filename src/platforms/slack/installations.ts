/**
 * Bolt's installation store and state store, kept in Paperboy's own store (the
 * InstallationStore port), so any instance can answer any workspace and finish any install.
 *
 * Installations are sealed with the secret box before they reach the store: the database holds
 * no token in the clear, and a sealed record opens only as the installation it was saved as.
 * The install flow's `state` is signed (Bolt's ClearStateStore, a JWT with SLACK_STATE_SECRET,
 * ten minutes) and, on top of that, used once: the store's delivery marks record each state
 * accepted, so a replayed redirect is refused on every instance.
 */
import { createHash } from 'node:crypto';
import type { Installation, InstallationQuery, InstallationStore as BoltInstallationStore, InstallURLOptions, StateStore } from '@slack/bolt';
import slackOAuth, { InvalidStateError } from '@slack/oauth';
import { z } from 'zod';
import type { Clock, DeliveryMarks, InstallationKey, InstallationStore } from '../../core/ports.js';
import type { SecretBox } from '../../secret-box.js';
import { WorkspaceNotInstalledError } from './errors.js';

// Node's ESM loader does not see ClearStateStore among the package's named exports (it is
// re-exported through a getter it cannot analyse), so it is read off the CommonJS exports.
const { ClearStateStore } = slackOAuth;

/** How long an install may take from /slack/install to the redirect back (Bolt's default). */
export const STATE_TTL_SECONDS = 600;

/** What must come back out of a sealed installation for Bolt to use it. */
const installationShape = z.looseObject({
  team: z.looseObject({ id: z.string() }).optional(),
  enterprise: z.looseObject({ id: z.string() }).optional(),
  bot: z.looseObject({ token: z.string(), userId: z.string(), id: z.string(), scopes: z.array(z.string()) }).optional(),
  isEnterpriseInstall: z.boolean().optional(),
});

const keyText = (key: InstallationKey): string =>
  key.workspaceId === undefined ? `${key.platform}:organisation:${key.enterpriseId ?? ''}` : `${key.platform}:workspace:${key.workspaceId}`;

/** Where an installation applies: an org-wide install to its enterprise, any other to its workspace. */
export function installationKey(installation: Pick<Installation, 'team' | 'enterprise' | 'isEnterpriseInstall'>): InstallationKey {
  const enterpriseId = installation.enterprise?.id;
  if (installation.isEnterpriseInstall === true && enterpriseId !== undefined) return { platform: 'slack', enterpriseId };
  const workspaceId = installation.team?.id;
  if (workspaceId === undefined) throw new Error('a Slack installation without a team or an org-wide enterprise');
  return { platform: 'slack', workspaceId, enterpriseId };
}

export interface SlackInstallations extends BoltInstallationStore {
  /** Saves an installation; returns the workspaces it serves. */
  save(installation: Installation): Promise<string[]>;
  /** Removes the installation a query names; returns the workspaces it served. */
  remove(query: InstallationQuery<boolean>): Promise<string[]>;
}

export function createSlackInstallations(deps: { store: InstallationStore; box: SecretBox; clock: Clock }): SlackInstallations {
  const { store, box, clock } = deps;
  const linked = new Set<string>();

  function keyOf(query: InstallationQuery<boolean>): InstallationKey {
    if (query.isEnterpriseInstall && query.enterpriseId !== undefined) return { platform: 'slack', enterpriseId: query.enterpriseId };
    return { platform: 'slack', workspaceId: query.teamId, enterpriseId: query.enterpriseId };
  }

  async function save(installation: Installation): Promise<string[]> {
    const key = installationKey(installation);
    const at = clock.now().toISOString();
    return store.saveInstallation({ ...key, sealed: box.seal(JSON.stringify(installation), keyText(key)), installedAt: at, updatedAt: at });
  }

  async function fetch(query: InstallationQuery<boolean>): Promise<Installation> {
    const key = keyOf(query);
    // A workspace of an org-wide install: remember which organisation serves it, for the
    // digests this workspace will get later (they name the workspace only). Once per process.
    if (query.isEnterpriseInstall && query.enterpriseId !== undefined && query.teamId !== undefined && !linked.has(query.teamId)) {
      await store.linkWorkspace('slack', query.teamId, query.enterpriseId);
      linked.add(query.teamId);
    }
    const found = await store.findInstallation(key);
    if (found === undefined) throw new WorkspaceNotInstalledError(query.teamId ?? query.enterpriseId ?? 'unknown');
    const record = installationShape.parse(JSON.parse(box.open(found.sealed, keyText(found))));
    return record as unknown as Installation;
  }

  return {
    save,
    storeInstallation: async (installation) => {
      await save(installation);
    },
    fetchInstallation: fetch,
    remove: (query) => store.removeInstallation(keyOf(query)),
    deleteInstallation: async (query) => {
      await store.removeInstallation(keyOf(query));
    },
  };
}

/** Signed by Bolt's own state store, and accepted once across every instance. */
export function createOneTimeStateStore(deps: { stateSecret: string; marks: DeliveryMarks }): StateStore {
  const signed = new ClearStateStore(deps.stateSecret, STATE_TTL_SECONDS);
  return {
    generateStateParam: (options: InstallURLOptions, now: Date) => signed.generateStateParam(options, now),
    async verifyStateParam(now: Date, state: string): Promise<InstallURLOptions> {
      const options = await signed.verifyStateParam(now, state);
      const digest = createHash('sha256').update(state).digest('base64url');
      // Bolt's clock, as it judged the state's age with it.
      const span = { at: now.toISOString(), until: new Date(now.getTime() + STATE_TTL_SECONDS * 1000).toISOString() };
      if (!(await deps.marks.markFirst(`slack-install-state:${digest}`, span))) {
        throw new InvalidStateError('The state parameter was used before');
      }
      return options;
    },
  };
}
