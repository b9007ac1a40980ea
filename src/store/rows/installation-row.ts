/** How an installation is laid out in a row of `installations`, the same in both engines. */
import type { PlatformName } from '../../core/channels.js';
import type { InstallationKey, StoredInstallation } from '../../core/ports.js';

export interface InstallationRow {
  platform: string;
  scope: 'workspace' | 'organisation';
  scope_id: string;
  enterprise_id: string | null;
  sealed: string;
  installed_at: string;
  updated_at: string;
}

/** The row key of an installation: a workspace's own install, else an organisation's. */
export type InstallationScope = { platform: string; scope: InstallationRow['scope']; scopeId: string };

/** A key names a workspace install when it has a workspace, else an organisation's. */
export function installationScope(key: InstallationKey): InstallationScope | undefined {
  if (key.workspaceId !== undefined) return { platform: key.platform, scope: 'workspace', scopeId: key.workspaceId };
  if (key.enterpriseId !== undefined) return { platform: key.platform, scope: 'organisation', scopeId: key.enterpriseId };
  return undefined;
}

export function installationFromRow(row: InstallationRow): StoredInstallation {
  return {
    platform: row.platform as PlatformName,
    workspaceId: row.scope === 'workspace' ? row.scope_id : undefined,
    enterpriseId: row.scope === 'organisation' ? row.scope_id : (row.enterprise_id ?? undefined),
    sealed: row.sealed,
    installedAt: row.installed_at,
    updatedAt: row.updated_at,
  };
}
