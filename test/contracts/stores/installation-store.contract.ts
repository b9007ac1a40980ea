/**
 * The InstallationStore contract: what every adapter (SQLite, PostgreSQL) must do with OAuth
 * installations, the workspaces an org-wide install serves, and one-time install states.
 */
import { describe, expect, it } from 'vitest';
import type { StoredInstallation } from '../../../src/core/ports.js';
import { useStores, type StoreAdapter } from './adapter.js';

export const workspace = (id: string, extra: Partial<StoredInstallation> = {}): StoredInstallation => ({
  platform: 'slack', workspaceId: id, sealed: `sealed-${id}`, installedAt: '2026-06-01T00:00:00.000Z', updatedAt: '2026-06-01T00:00:00.000Z', ...extra,
});
const organisation = (id: string, extra: Partial<StoredInstallation> = {}): StoredInstallation => ({
  platform: 'slack', enterpriseId: id, sealed: `sealed-${id}`, installedAt: '2026-06-01T00:00:00.000Z', updatedAt: '2026-06-01T00:00:00.000Z', ...extra,
});

export function describeInstallationStoreContract(adapter: StoreAdapter): void {
  describe(`InstallationStore on ${adapter.name}`, () => {
    const test = useStores(adapter);

    it('saves a workspace installation and finds it by workspace, with or without its enterprise', async () => {
      const store = test().stores.installations;
      expect(await store.saveInstallation(workspace('T1', { enterpriseId: 'E1' }))).toEqual(['T1']);
      await store.saveInstallation(workspace('T2'));
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T1' })).toEqual(workspace('T1', { enterpriseId: 'E1' }));
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T1', enterpriseId: 'E1' })).toMatchObject({ sealed: 'sealed-T1' });
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T2' })).toEqual(workspace('T2'));
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T3' })).toBeUndefined();
      expect(await store.findInstallation({ platform: 'discord', workspaceId: 'T1' })).toBeUndefined();
      expect(await store.findInstallation({ platform: 'slack' })).toBeUndefined();
    });

    it('replaces an installation on save and keeps when it was first installed', async () => {
      const store = test().stores.installations;
      await store.saveInstallation(workspace('T1'));
      await store.saveInstallation(workspace('T1', { sealed: 'rotated', installedAt: '2026-06-05T00:00:00.000Z', updatedAt: '2026-06-05T00:00:00.000Z' }));
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T1' })).toEqual(
        workspace('T1', { sealed: 'rotated', updatedAt: '2026-06-05T00:00:00.000Z' }),
      );
    });

    it('serves a workspace of an org-wide install through its enterprise, named or linked', async () => {
      const store = test().stores.installations;
      expect(await store.saveInstallation(organisation('E1'))).toEqual([]);
      expect(await store.findInstallation({ platform: 'slack', enterpriseId: 'E1' })).toEqual(organisation('E1'));
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T7', enterpriseId: 'E1' })).toEqual(organisation('E1'));
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T7' })).toBeUndefined();
      await store.linkWorkspace('slack', 'T7', 'E1');
      await store.linkWorkspace('slack', 'T7', 'E1');
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T7' })).toEqual(organisation('E1'));
      // A workspace's own installation wins over its organisation's.
      await store.saveInstallation(workspace('T7', { enterpriseId: 'E1', sealed: 'own' }));
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T7' })).toMatchObject({ sealed: 'own' });
    });

    it('removes an installation and says which workspaces it served', async () => {
      const store = test().stores.installations;
      await store.saveInstallation(workspace('T1'));
      await store.saveInstallation(workspace('T2'));
      expect(await store.removeInstallation({ platform: 'slack', workspaceId: 'T1' })).toEqual(['T1']);
      expect(await store.removeInstallation({ platform: 'slack', workspaceId: 'T1' })).toEqual([]);
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T1' })).toBeUndefined();
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T2' })).toMatchObject({ sealed: 'sealed-T2' });

      await store.saveInstallation(organisation('E1'));
      await store.linkWorkspace('slack', 'T8', 'E1');
      await store.linkWorkspace('slack', 'T9', 'E1');
      expect(await store.removeInstallation({ platform: 'slack', enterpriseId: 'E1' })).toEqual(['T8', 'T9']);
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T8' })).toBeUndefined();
      // Installed again, the organisation serves the same workspaces (whose digests then resume).
      expect(await store.saveInstallation(organisation('E1'))).toEqual(['T8', 'T9']);
      expect(await store.findInstallation({ platform: 'slack', workspaceId: 'T8' })).toEqual(organisation('E1'));
    });
  });
}
