/**
 * /healthz and /metrics say which instance this is and which claims it holds, by kind, while it
 * holds them, and drop a claim once it is released or its lease has ended.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { claimsHealthCheck, exportClaims } from '../../src/ops/claims-health.js';
import { startHealthServer, type HealthServer } from '../../src/ops/health-server.js';
import { createMetricsRegistry } from '../../src/ops/metrics.js';
import { createClaimHolder } from '../../src/scheduler/claim-holder.js';
import { createInProcessClaims } from '../../src/store/in-process-claims.js';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('claims on /healthz and /metrics', () => {
  it('lists the live claims this instance holds, and forgets released and lapsed ones', async () => {
    let now = new Date('2026-06-13T09:00:00Z');
    const clock = { now: () => now };
    const claims = createInProcessClaims();
    const digest = createClaimHolder({ claims, instanceId: 'host-1', clock });
    const other = createClaimHolder({ claims, instanceId: 'host-2', clock });
    const kinds = { digest };
    const registry = createMetricsRegistry();
    exportClaims(registry, 'host-1', kinds);
    server = await startHealthServer({ port: 0, host: '127.0.0.1', checks: [claimsHealthCheck('host-1', kinds)], metrics: () => registry.render() });
    const base = `http://127.0.0.1:${String(server.port)}`;
    const healthz = async (): Promise<unknown> => (await fetch(`${base}/healthz`)).json();
    const metrics = async () => (await fetch(`${base}/metrics`)).text();

    await digest.take('digest:discord:G1:C1', 60_000);
    await digest.take('digest:slack:T1:C2', 10_000);
    expect(await other.take('digest:discord:G1:C1', 60_000)).toMatchObject({ granted: false, heldBy: { holder: 'host-1' } });
    expect(await healthz()).toEqual({
      status: 'ok',
      problems: [],
      details: { claims: { instance: 'host-1', held: [
        { kind: 'digest', key: 'digest:discord:G1:C1', expiresAt: '2026-06-13T09:01:00.000Z' },
        { kind: 'digest', key: 'digest:slack:T1:C2', expiresAt: '2026-06-13T09:00:10.000Z' },
      ] } },
    });
    expect(await metrics()).toContain('paperboy_instance{instance="host-1"} 1');
    expect(await metrics()).toContain('paperboy_claims_held{kind="digest"} 2');
    expect(await metrics()).toContain('paperboy_claim_held{kind="digest",key="digest:slack:T1:C2"} 1');

    await digest.release('digest:discord:G1:C1');
    now = new Date('2026-06-13T09:00:11Z');
    expect(await healthz()).toMatchObject({ details: { claims: { instance: 'host-1', held: [] } } });
    expect(await metrics()).toContain('paperboy_claims_held{kind="digest"} 0');
    expect(await metrics()).not.toContain('paperboy_claim_held{');
  });
});
