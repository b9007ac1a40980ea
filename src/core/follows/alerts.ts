/**
 * Follow alerts for one papers-day: every active follow is matched against the day's papers, and
 * each person with new matches gets one direct message listing them all. Each message goes
 * through the post ledger (guarded-send.ts) under the person's DM place and the day's alert
 * key, and its content is fixed in the store before it is sent, so a run killed mid-way and
 * started again sends the same message, once. A person whose DMs are closed has their alerts
 * paused with the platform's reason; their next follow command resumes them and says why.
 */
import { guardedSend } from '../guarded-send.js';
import type { Paper } from '../paper.js';
import type { Alerters, AlertSendResult, ChannelLock, Clock, FollowStore, PaperStore, PostLedger } from '../ports.js';
import { alertKey, type SendResult } from '../posts.js';
import { alertPlace, type FollowAlert, type Follower } from './follow.js';
import { matchFollows, type PersonMatches } from './match.js';

export interface AlertDeps {
  readonly follows: FollowStore;
  readonly papers: PaperStore;
  readonly ledger: PostLedger;
  readonly clock: Clock;
  readonly alerters: Alerters;
  /** Held for a day's run, so two instances never send one day's alerts at once (see sendFollowAlerts). */
  readonly channelLock: ChannelLock;
}

export type PersonAlertOutcome =
  | { readonly status: 'sent'; readonly papers: number; readonly recovered: boolean }
  | { readonly status: 'already_sent' | 'nothing_new' }
  | { readonly status: 'paused'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string; readonly permanent: boolean };

export interface AlertRunSummary {
  readonly day: string;
  /** People with at least one match. */
  readonly people: number;
  readonly sent: number;
  readonly paused: number;
  readonly failed: number;
}

/**
 * One day's run, under the day's lock: an instance that took a person's alert as pending and is
 * still sending it would otherwise look, to another instance running the same day, like a run
 * killed mid-send, and be sent again. After the lock the second run finds every alert sent.
 */
export function sendFollowAlerts(deps: AlertDeps, day: string, options: { signal?: AbortSignal } = {}): Promise<AlertRunSummary> {
  return deps.channelLock.run(`follow-alerts:${day}`, () => runFollowAlerts(deps, day, options));
}

async function runFollowAlerts(deps: AlertDeps, day: string, options: { signal?: AbortSignal }): Promise<AlertRunSummary> {
  const now = () => deps.clock.now().toISOString();
  await deps.follows.beginAlertRun(day, now());
  const papers = await deps.papers.papersForDay(day);
  const follows = (await deps.follows.activeFollows()).filter((follow) => deps.alerters[follow.platform] !== undefined);
  const matched = papers.length === 0 ? new Map<string, PersonMatches>() : matchFollows(follows, papers, deps.clock.now());
  let sent = 0;
  let paused = 0;
  let failed = 0;
  for (const person of matched.values()) {
    // Stopping: the run stays unfinished and the next start takes it up where it stopped.
    if (options.signal?.aborted === true) return { day, people: matched.size, sent, paused, failed };
    const outcome = await alertPerson(deps, day, person, papers);
    if (outcome.status === 'sent') sent += 1;
    else if (outcome.status === 'paused') paused += 1;
    else if (outcome.status === 'failed') failed += 1;
  }
  // A failure that may pass (a platform hiccup) leaves the run open, so a later start retries it.
  if (failed === 0) await deps.follows.finishAlertRun(day, { people: matched.size, sent }, now());
  return { day, people: matched.size, sent, paused, failed };
}

export async function alertPerson(deps: AlertDeps, day: string, person: PersonMatches, dayPapers: readonly Paper[]): Promise<PersonAlertOutcome> {
  const [follower] = person.follows;
  const alerter = follower === undefined ? undefined : deps.alerters[follower.platform];
  if (follower === undefined || alerter === undefined) return { status: 'nothing_new' };
  const place = alertPlace(follower);
  const key = alertKey(day);
  if ((await deps.ledger.findPost(place, key))?.state === 'sent') return { status: 'already_sent' };

  const ids = person.papers.map((paper) => paper.id);
  const before = await deps.follows.alertedAmong(follower, ids);
  const fresh = ids.filter((id) => !before.has(id));
  // Fixed once per person and day: a restart sends what the killed run was sending.
  const fixed = await deps.follows.fixAlert(follower, day, fresh, deps.clock.now().toISOString());
  const byId = new Map(dayPapers.map((paper) => [paper.id, paper]));
  const alert: FollowAlert = { day, papers: fixed.flatMap((id) => byId.get(id) ?? []) };
  if (alert.papers.length === 0) return { status: 'nothing_new' };

  const who: Follower = { platform: follower.platform, userId: follower.userId, workspaceId: follower.workspaceId };
  let closed: string | undefined;
  const step = await guardedSend(deps, place, { key, day }, {
    send: async (nonce) => asSendResult(await alerter.sendAlert(who, alert, { nonce }), (reason) => (closed = reason)),
    find: alerter.findAlert === undefined ? undefined : (nonce) => alerter.findAlert?.(who, alert, nonce) ?? Promise.resolve(undefined),
  });
  if (closed !== undefined) {
    await deps.follows.pauseFollower(who, closed, deps.clock.now().toISOString());
    return { status: 'paused', reason: closed };
  }
  if (step.status === 'failed') return { status: 'failed', reason: step.reason, permanent: step.permanent };
  await deps.follows.recordAlerted(who, day, alert.papers.map((paper) => paper.id));
  return { status: 'sent', papers: alert.papers.length, recovered: step.recovered };
}

/** A closed DM created nothing: the ledger frees the key, and the person is paused instead. */
function asSendResult(result: AlertSendResult, onClosed: (reason: string) => void): SendResult {
  if (result.status !== 'closed') return result;
  onClosed(result.reason);
  return { status: 'failed', permanent: true, maybeDelivered: false, reason: result.reason };
}
