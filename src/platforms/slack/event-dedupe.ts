/**
 * Slack redelivers an event it thinks we missed (up to three retries over about five minutes,
 * `x-slack-retry-num`), so the same reaction may arrive twice, and a retried `reaction_added`
 * may arrive after the `reaction_removed` that followed it. The gate lets each event id through
 * once and drops an event older than the last one applied to the same (user, message, emoji), so
 * add → remove → retried add leaves the vote removed. Both records are delivery marks in the
 * store, so a retry that reaches another instance behind the load balancer is recognised too.
 */
import type { Clock, DeliveryMarks } from '../../core/ports.js';

export interface ReactionKey {
  readonly channel: string;
  readonly messageTs: string;
  readonly user: string;
  readonly emoji: string;
}

export type GateDecision = 'apply' | 'duplicate' | 'stale';

export interface ReactionGate {
  /** Whether to apply this event; records it when the answer is 'apply'. */
  admit(eventId: string | undefined, key: ReactionKey, eventTs: string | undefined): Promise<GateDecision>;
}

/** Longer than Slack's retries take (the last comes about five minutes after the first try). */
export const REACTION_MARK_SECONDS = 3600;

/**
 * A Slack ts (`1700000000.000100`) as whole microseconds, exactly (no float rounding), or
 * undefined when it is not one.
 */
export function slackTsMicros(ts: string): number | undefined {
  const match = /^(\d{1,10})(?:\.(\d{1,6}))?$/u.exec(ts);
  if (match === null) return undefined;
  const micros = Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
  return Number.isSafeInteger(micros) ? micros : undefined;
}

export function createReactionGate(marks: DeliveryMarks, clock: Clock): ReactionGate {
  return {
    async admit(eventId, key, eventTs) {
      const now = clock.now();
      const span = { at: now.toISOString(), until: new Date(now.getTime() + REACTION_MARK_SECONDS * 1000).toISOString() };
      if (eventId !== undefined && !(await marks.markFirst(`slack-event:${eventId}`, span))) return 'duplicate';
      const position = eventTs === undefined ? undefined : slackTsMicros(eventTs);
      if (position === undefined) return 'apply';
      const reaction = JSON.stringify([key.channel, key.messageTs, key.user, key.emoji]);
      return (await marks.advance(`slack-reaction:${reaction}`, position, span)) ? 'apply' : 'stale';
    },
  };
}
