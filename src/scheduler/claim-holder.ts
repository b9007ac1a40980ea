/**
 * This instance's side of the work claims: takes, renews and gives up leases in the store under
 * its instance id, and remembers which it holds, so /healthz and /metrics can say so without a
 * query (a lease that ran out unrenewed counts as gone).
 */
import type { Clock, WorkClaim, WorkClaims } from '../core/ports.js';

export interface HeldClaim {
  readonly key: string;
  readonly expiresAt: string;
}

export type ClaimOutcome = { readonly granted: true } | { readonly granted: false; readonly heldBy: WorkClaim };

export interface ClaimHolder {
  readonly instanceId: string;
  /** Takes (or renews) `key` for `leaseMs` from now. */
  take(key: string, leaseMs: number): Promise<ClaimOutcome>;
  /** Gives `key` up; a store error is left to the lease to clear. */
  release(key: string): Promise<void>;
  /** What this instance holds, as far as it knows, by key. */
  held(): HeldClaim[];
}

export function createClaimHolder(options: { claims: WorkClaims; instanceId: string; clock: Clock }): ClaimHolder {
  const { claims, instanceId, clock } = options;
  const held = new Map<string, string>();
  return {
    instanceId,
    async take(key, leaseMs) {
      const now = clock.now();
      const answer = await claims.claim(key, instanceId, { at: now.toISOString(), until: new Date(now.getTime() + leaseMs).toISOString() });
      if (!answer.granted) {
        held.delete(key);
        return answer;
      }
      held.set(key, answer.claim.expiresAt);
      return { granted: true };
    },
    async release(key) {
      held.delete(key);
      await claims.release(key, instanceId);
    },
    held() {
      const now = clock.now().toISOString();
      for (const [key, expiresAt] of held) if (expiresAt <= now) held.delete(key);
      return [...held].map(([key, expiresAt]) => ({ key, expiresAt })).sort((a, b) => a.key.localeCompare(b.key));
    },
  };
}
