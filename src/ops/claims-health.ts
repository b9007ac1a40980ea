/**
 * What work this instance holds, for /healthz and /metrics: its id and its live claims (a digest
 * run per channel, a vote edit per message), so an operator running several instances can see
 * which one is posting where. Never a problem in itself: a claim that cannot be taken is work
 * another instance does.
 */
import type { HealthCheck } from './health-server.js';
import type { MetricsRegistry } from './metrics.js';
import type { HeldClaim } from '../scheduler/claim-holder.js';

/** The claims of one kind of work this instance holds. */
export type ClaimKinds = Readonly<Record<string, { held(): HeldClaim[] }>>;

export function claimsHealthCheck(instanceId: string, kinds: ClaimKinds): HealthCheck {
  return {
    name: 'claims',
    problem: () => Promise.resolve(undefined),
    details: () => ({ instance: instanceId, held: Object.entries(kinds).flatMap(([kind, holder]) => holder.held().map((claim) => ({ kind, ...claim }))) }),
  };
}

export function exportClaims(registry: MetricsRegistry, instanceId: string, kinds: ClaimKinds): void {
  registry.gauge('paperboy_instance', "This instance's id, as it signs its claims in the store.", () => [{ labels: { instance: instanceId }, value: 1 }]);
  registry.gauge('paperboy_claims_held', 'Claims on work this instance holds, by kind.', () =>
    Object.entries(kinds).map(([kind, holder]) => ({ labels: { kind }, value: holder.held().length })));
  registry.gauge('paperboy_claim_held', 'Each claim this instance holds (a digest run is keyed by its channel).', () =>
    Object.entries(kinds).flatMap(([kind, holder]) => holder.held().map((claim) => ({ labels: { kind, key: claim.key }, value: 1 }))));
}
