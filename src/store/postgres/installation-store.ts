/** InstallationStore on PostgreSQL (tables created by installations-schema.ts). */
import type { InstallationStore } from '../../core/ports.js';
import { installationFromRow, installationScope, type InstallationRow, type InstallationScope } from '../rows/installation-row.js';
import type { Queryable } from './database.js';

const SCOPE = 'platform = $1 AND scope = $2 AND scope_id = $3';
const scopeParams = (scoped: InstallationScope): string[] => [scoped.platform, scoped.scope, scoped.scopeId];

export function createPostgresInstallationStore(db: Queryable): InstallationStore {
  const select = async (scoped: InstallationScope): Promise<InstallationRow | undefined> =>
    (await db.query<InstallationRow>(`SELECT * FROM installations WHERE ${SCOPE}`, scopeParams(scoped))).rows[0];

  const organisation = (platform: string, enterpriseId: string | undefined) =>
    enterpriseId === undefined ? Promise.resolve(undefined) : select({ platform, scope: 'organisation', scopeId: enterpriseId });

  const linkedEnterprise = async (platform: string, workspaceId: string): Promise<string | undefined> =>
    (await db.query<{ enterprise_id: string }>('SELECT enterprise_id FROM installation_links WHERE platform = $1 AND workspace_id = $2', [platform, workspaceId])).rows[0]
      ?.enterprise_id;

  const served = async (scoped: InstallationScope): Promise<string[]> => {
    if (scoped.scope === 'workspace') return [scoped.scopeId];
    const { rows } = await db.query<{ workspace_id: string }>(
      'SELECT workspace_id FROM installation_links WHERE platform = $1 AND enterprise_id = $2 ORDER BY workspace_id',
      [scoped.platform, scoped.scopeId],
    );
    return rows.map((row) => row.workspace_id);
  };

  return {
    async saveInstallation(installation) {
      const scoped = installationScope(installation);
      if (scoped === undefined) throw new Error('an installation needs a workspace or an enterprise id');
      // A reinstall keeps the first installed_at: it is the same workspace coming back.
      await db.query(
        `INSERT INTO installations (platform, scope, scope_id, enterprise_id, sealed, installed_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (platform, scope, scope_id) DO UPDATE SET
           enterprise_id = excluded.enterprise_id, sealed = excluded.sealed, updated_at = excluded.updated_at`,
        [...scopeParams(scoped), scoped.scope === 'workspace' ? (installation.enterpriseId ?? null) : null, installation.sealed, installation.installedAt, installation.updatedAt],
      );
      return served(scoped);
    },
    async findInstallation(key) {
      const scoped = installationScope(key);
      if (scoped === undefined) return undefined;
      const own = await select(scoped);
      if (own !== undefined) return installationFromRow(own);
      if (scoped.scope === 'organisation') return undefined;
      const org = (await organisation(key.platform, key.enterpriseId)) ?? (await organisation(key.platform, await linkedEnterprise(key.platform, scoped.scopeId)));
      return org === undefined ? undefined : installationFromRow(org);
    },
    async linkWorkspace(platform, workspaceId, enterpriseId) {
      await db.query(
        `INSERT INTO installation_links (platform, workspace_id, enterprise_id) VALUES ($1, $2, $3)
         ON CONFLICT (platform, workspace_id) DO UPDATE SET enterprise_id = excluded.enterprise_id`,
        [platform, workspaceId, enterpriseId],
      );
    },
    async removeInstallation(key) {
      const scoped = installationScope(key);
      if (scoped === undefined) return [];
      const removed = await db.query(`DELETE FROM installations WHERE ${SCOPE}`, scopeParams(scoped));
      return (removed.rowCount ?? 0) === 0 ? [] : served(scoped);
    },
  };
}
