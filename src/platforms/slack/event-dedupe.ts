/**
 * Slack redelivers an event it thinks we missed (up to three retries, `x-slack-retry-num`), so
 * the same reaction may arrive twice, and a retried `reaction_added` may arrive after the
 * `reaction_removed` that followed it. The gate lets each event id through once and drops an
 * event older than the last one applied to the same (user, message, emoji), so add → remove →
 * retried add leaves the vote removed. Both memories are bounded; the oldest entries go first.
 */

export interface ReactionKey {
  readonly channel: string;
  readonly messageTs: string;
  readonly user: string;
  readonly emoji: string;
}

export type GateDecision = 'apply' | 'duplicate' | 'stale';

export interface ReactionGate {
  /** Whether to apply this event; records it when the answer is 'apply'. */
  admit(eventId: string | undefined, key: ReactionKey, eventTs: string | undefined): GateDecision;
}

/** Slack ts strings (`1700000000.000100`) compared exactly, without float rounding. */
export function compareSlackTs(a: string, b: string): number {
  const [aSec = '0', aMicro = '0'] = a.split('.');
  const [bSec = '0', bMicro = '0'] = b.split('.');
  const bySeconds = BigInt(aSec.replace(/\D/gu, '') || '0') - BigInt(bSec.replace(/\D/gu, '') || '0');
  if (bySeconds !== 0n) return bySeconds < 0n ? -1 : 1;
  const micro = (s: string): number => Number(s.replace(/\D/gu, '').padEnd(6, '0').slice(0, 6));
  return Math.sign(micro(aMicro) - micro(bMicro));
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) {
    const oldest = map.keys().next();
    if (oldest.done === true) break;
    map.delete(oldest.value);
  }
}

export function createReactionGate(options: { maxEvents?: number; maxKeys?: number } = {}): ReactionGate {
  const maxEvents = options.maxEvents ?? 10_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const seen = new Map<string, true>();
  const latest = new Map<string, string>();

  return {
    admit(eventId, key, eventTs) {
      if (eventId !== undefined && seen.has(eventId)) return 'duplicate';
      const id = JSON.stringify([key.channel, key.messageTs, key.user, key.emoji]);
      const last = latest.get(id);
      if (eventTs !== undefined && last !== undefined && compareSlackTs(eventTs, last) <= 0) {
        if (eventId !== undefined) remember(seen, eventId, true, maxEvents);
        return 'stale';
      }
      if (eventId !== undefined) remember(seen, eventId, true, maxEvents);
      if (eventTs !== undefined) remember(latest, id, eventTs, maxKeys);
      return 'apply';
    },
  };
}
