/** InstallationStore on SQLite (tables created by installations-schema.ts). */
import type { Database } from 'better-sqlite3';
import type { InstallationKey, InstallationStore } from '../../core/ports.js';
import { installationFromRow, installationScope, type InstallationRow as Row, type InstallationScope as Scoped } from '../rows/installation-row.js';
import { promised, type Synchronous } from '../promised.js';

/** The synchronous implementation, for SQLite-specific tests. */
export function createSqliteInstallationStoreSync(db: Database): Synchronous<InstallationStore> {
  // A reinstall keeps the first installed_at: it is the same workspace coming back.
  const upsert = db.prepare<[Scoped & { enterpriseId: string | null; sealed: string; installedAt: string; updatedAt: string }]>(`
    INSERT INTO installations (platform, scope, scope_id, enterprise_id, sealed, installed_at, updated_at)
    VALUES (@platform, @scope, @scopeId, @enterpriseId, @sealed, @installedAt, @updatedAt)
    ON CONFLICT (platform, scope, scope_id) DO UPDATE SET
      enterprise_id = excluded.enterprise_id, sealed = excluded.sealed, updated_at = excluded.updated_at`);
  const select = db.prepare<[Scoped], Row>('SELECT * FROM installations WHERE platform = @platform AND scope = @scope AND scope_id = @scopeId');
  const linkedEnterprise = db.prepare<[{ platform: string; workspaceId: string }], string>(
    'SELECT enterprise_id FROM installation_links WHERE platform = @platform AND workspace_id = @workspaceId',
  ).pluck();
  const link = db.prepare<[{ platform: string; workspaceId: string; enterpriseId: string }]>(`
    INSERT INTO installation_links (platform, workspace_id, enterprise_id) VALUES (@platform, @workspaceId, @enterpriseId)
    ON CONFLICT (platform, workspace_id) DO UPDATE SET enterprise_id = excluded.enterprise_id`);
  const remove = db.prepare<[Scoped]>('DELETE FROM installations WHERE platform = @platform AND scope = @scope AND scope_id = @scopeId');
  const linkedWorkspaces = db.prepare<[{ platform: string; enterpriseId: string }], string>(
    'SELECT workspace_id FROM installation_links WHERE platform = @platform AND enterprise_id = @enterpriseId ORDER BY workspace_id',
  ).pluck();

  const organisation = (platform: string, enterpriseId: string | undefined): Row | undefined =>
    enterpriseId === undefined ? undefined : select.get({ platform, scope: 'organisation', scopeId: enterpriseId });

  const served = (scoped: Scoped): string[] =>
    scoped.scope === 'workspace' ? [scoped.scopeId] : linkedWorkspaces.all({ platform: scoped.platform, enterpriseId: scoped.scopeId });

  const removeInstallation = db.transaction((key: InstallationKey): string[] => {
    const scoped = installationScope(key);
    return scoped === undefined || remove.run(scoped).changes === 0 ? [] : served(scoped);
  });

  return {
    saveInstallation(installation) {
      const scoped = installationScope(installation);
      if (scoped === undefined) throw new Error('an installation needs a workspace or an enterprise id');
      upsert.run({
        ...scoped,
        enterpriseId: scoped.scope === 'workspace' ? (installation.enterpriseId ?? null) : null,
        sealed: installation.sealed,
        installedAt: installation.installedAt,
        updatedAt: installation.updatedAt,
      });
      return served(scoped);
    },
    findInstallation(key) {
      const scoped = installationScope(key);
      if (scoped === undefined) return undefined;
      const own = select.get(scoped);
      if (own !== undefined) return installationFromRow(own);
      if (scoped.scope === 'organisation') return undefined;
      const org = organisation(key.platform, key.enterpriseId)
        ?? organisation(key.platform, linkedEnterprise.get({ platform: key.platform, workspaceId: scoped.scopeId }));
      return org === undefined ? undefined : installationFromRow(org);
    },
    linkWorkspace(platform, workspaceId, enterpriseId) {
      link.run({ platform, workspaceId, enterpriseId });
    },
    removeInstallation: (key) => removeInstallation(key),
  };
}

export function createSqliteInstallationStore(db: Database): InstallationStore {
  return promised<InstallationStore>(createSqliteInstallationStoreSync(db));
}
