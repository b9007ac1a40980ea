/**
 * Which WebClient speaks for a workspace. With SLACK_BOT_TOKEN there is one workspace and one
 * pair of clients. With the install flow every workspace has its own installation: its token is
 * looked up (and rotated when it is about to expire) through the installer's `authorize` on
 * every use, so a reinstall, a rotated token or an uninstall takes effect at the next call, on
 * any instance. Each workspace gets clients of its own, so one workspace's 429 pauses only its
 * own request queue (WebClient waits out `Retry-After` per client).
 */
import { webApi } from '@slack/bolt';
import type { AuthorizeResult, InstallationQuery } from '@slack/oauth';
import { boltClientOptions, createEditingClient, createPostingClient, type SlackClientSettings } from './client.js';
import { isWorkspaceNotInstalled, WorkspaceNotInstalledError } from './errors.js';

export interface WorkspaceClients {
  /** Posts digests and edits them: retries only rate limits (see client.ts). */
  poster(workspaceId: string): Promise<webApi.WebClient>;
  /** Reads (users.info), with short retries. */
  reader(workspaceId: string): Promise<webApi.WebClient>;
  /** Vote-count edits: a rate limit fails the edit at once instead of pausing the poster's queue. */
  editor(workspaceId: string): Promise<webApi.WebClient>;
}

/** SLACK_BOT_TOKEN: the same two clients for the one workspace. */
export function singleWorkspaceClients(token: string, settings: SlackClientSettings): WorkspaceClients {
  const poster = createPostingClient(token, settings);
  const reader = new webApi.WebClient(token, boltClientOptions(settings));
  const editor = createEditingClient(token, settings);
  return { poster: () => Promise.resolve(poster), reader: () => Promise.resolve(reader), editor: () => Promise.resolve(editor) };
}

export type Authorize = (query: InstallationQuery<boolean>) => Promise<AuthorizeResult>;

/**
 * The install flow: a token per workspace from `authorize` (the installer's, which reads the
 * installation store and refreshes a rotating token). Lookups for one workspace that overlap
 * share one `authorize`, so a digest's burst of posts refreshes a token once, not once a post.
 */
export function installedWorkspaceClients(authorize: Authorize, settings: SlackClientSettings): WorkspaceClients {
  const lookups = new Map<string, Promise<string>>();
  const clients = new Map<string, { token: string; poster: webApi.WebClient; reader: webApi.WebClient; editor: webApi.WebClient }>();

  async function lookUp(workspaceId: string): Promise<string> {
    let result: AuthorizeResult;
    try {
      result = await authorize({ teamId: workspaceId, enterpriseId: undefined, isEnterpriseInstall: false });
    } catch (error) {
      // The installer wraps the store's answer; "not installed" is the one a retry cannot fix.
      const original = (error as { original?: unknown }).original ?? error;
      if (isWorkspaceNotInstalled(original)) throw new WorkspaceNotInstalledError(workspaceId, { cause: original });
      throw error;
    }
    if (result.botToken === undefined) throw new WorkspaceNotInstalledError(workspaceId);
    return result.botToken;
  }

  function tokenFor(workspaceId: string): Promise<string> {
    const running = lookups.get(workspaceId);
    if (running !== undefined) return running;
    const lookup = lookUp(workspaceId).finally(() => lookups.delete(workspaceId));
    lookups.set(workspaceId, lookup);
    return lookup;
  }

  async function clientsOf(workspaceId: string) {
    let token: string;
    try {
      token = await tokenFor(workspaceId);
    } catch (error) {
      if (isWorkspaceNotInstalled(error)) clients.delete(workspaceId);
      throw error;
    }
    const known = clients.get(workspaceId);
    if (known?.token === token) return known;
    const fresh = { token, poster: createPostingClient(token, settings), reader: new webApi.WebClient(token, boltClientOptions(settings)), editor: createEditingClient(token, settings) };
    clients.set(workspaceId, fresh);
    return fresh;
  }

  return {
    poster: async (workspaceId) => (await clientsOf(workspaceId)).poster,
    reader: async (workspaceId) => (await clientsOf(workspaceId)).reader,
    editor: async (workspaceId) => (await clientsOf(workspaceId)).editor,
  };
}
