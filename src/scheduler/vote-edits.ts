/**
 * Keeps the vote count on posted papers current: when a paper's votes change, each message
 * that shows it is edited, at most once per interval per message (Discord and Slack both
 * rate-limit edits, and a burst of reactions should cost one edit, not twenty), and at most
 * `editsPerMinute` edits in all: edits share the bot's request budget with digests and
 * replies, and a few people toggling reactions on a paper posted in many channels must never
 * crowd those out. An edit over the budget waits for its turn and then shows the count as it
 * is by then, so nothing is lost, only later.
 *
 * Instances sharing a database each hear the votes of their own shards and may want to edit
 * the same message: an edit is claimed in the store per message for the interval, so across
 * instances too a message is edited at most once per interval. An instance refused the claim
 * drops its edit when the holder took it after this instance's vote came in (that edit reads
 * the count with the vote in it), and otherwise tries again when the holder's interval ends.
 */
import type { Community } from '../core/channels.js';
import type { DomainEvents } from '../core/events.js';
import type { PaperId } from '../core/paper.js';
import type { PaperStore, PostLedger, Posters, VoteStore } from '../core/ports.js';
import { paperOfKey, type PostRecord } from '../core/posts.js';
import type { VotePools } from '../core/votes/pools.js';
import type { Logger } from '../logger.js';
import type { ClaimHolder } from './claim-holder.js';

/** At most one edit per message per this long. */
export const VOTE_EDIT_INTERVAL_MS = 30_000;
/** At most this many edits per minute across every message and platform. */
export const VOTE_EDITS_PER_MINUTE = 30;

export interface VoteEdits {
  /**
   * Call after a paper's votes changed; the edits follow, throttled, on the posts whose pool
   * the vote counts in (every post when `community` is omitted).
   */
  votesChanged(paperId: PaperId, community?: Community): void;
  /** Cancels pending edits (shutdown). */
  stop(): void;
  /** Resolves when no edit is running or waiting (tests). */
  idle(): Promise<void>;
}

export function createVoteEdits(options: {
  ledger: PostLedger;
  votes: VoteStore;
  papers: PaperStore;
  posters: Posters;
  logger: Logger;
  /** Edits follow every votesChanged event. */
  events?: DomainEvents;
  intervalMs?: number;
  editsPerMinute?: number;
  /** Whose votes each post shows; omitted, the whole install's. */
  pools?: VotePools;
  /** Edits claimed per message across instances (on a clock that runs, as the timers here do); omitted, this process is alone. */
  editClaims?: ClaimHolder;
}): VoteEdits {
  const interval = options.intervalMs ?? VOTE_EDIT_INTERVAL_MS;
  const spacing = 60_000 / Math.max(1, options.editsPerMinute ?? VOTE_EDITS_PER_MINUTE);
  const lastEdit = new Map<string, number>();
  /** Messages with an edit coming: waiting out their interval, or due and queued. */
  const pending = new Map<string, PostRecord>();
  /** When the oldest change a pending edit must show came in (Date.now()). */
  const requested = new Map<string, number>();
  const intervalTimers = new Map<string, NodeJS.Timeout>();
  /** Due edits in the order they came due; the global budget lets them out one by one. */
  const due: string[] = [];
  let lastSent = -Infinity;
  let budgetTimer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<void>>();

  const keyOf = (post: PostRecord) => `${post.channel.platform}:${post.messageChannelId ?? post.channel.channelId}:${post.messageId ?? ''}`;

  /** Work the edits are waiting on, for idle() and for errors to be logged once. */
  function track(work: Promise<void>, context: Record<string, unknown>, failure: string): void {
    const tracked = work
      .catch((error: unknown) => options.logger.warn({ err: error, ...context }, failure))
      .finally(() => running.delete(tracked));
    running.add(tracked);
  }

  async function edit(post: PostRecord): Promise<void> {
    const poster = options.posters[post.channel.platform];
    if (!poster?.updateVotes || post.messageId === undefined) return;
    const paperId = paperOfKey(post.paperId);
    const paper = paperId === undefined ? undefined : await options.papers.getPaper(paperId);
    if (!paper) return;
    const pool = options.pools?.poolOf(post.channel);
    const votes = await options.votes.countVotes(paper.id, pool?.communities);
    const message = { channel: post.channel, messageId: post.messageId, messageChannelId: post.messageChannelId ?? post.channel.channelId, sharedBy: post.sharedBy };
    await poster.updateVotes(message, paper, votes, pool?.where);
  }

  /** Edit times older than the interval constrain nothing; forgetting them keeps the map small. */
  function forgetOldEdits(now: number): void {
    for (const [key, at] of lastEdit) {
      if (at + interval > now) break;
      lastEdit.delete(key);
    }
  }

  /** Sends due edits as the budget allows, then waits for the next slot. */
  function release(): void {
    if (budgetTimer !== undefined) return;
    for (let key = due[0]; key !== undefined; key = due[0]) {
      const now = Date.now();
      const wait = lastSent + spacing - now;
      if (wait > 0) {
        budgetTimer = setTimeout(() => {
          budgetTimer = undefined;
          release();
        }, wait);
        budgetTimer.unref();
        return;
      }
      due.shift();
      const post = pending.get(key);
      const since = requested.get(key) ?? now;
      pending.delete(key);
      requested.delete(key);
      if (post === undefined) continue;
      lastSent = now;
      // Re-inserted, so the map stays in edit order for forgetOldEdits.
      lastEdit.delete(key);
      lastEdit.set(key, now);
      // The edit reads the count when it runs, so every vote in the wait is included.
      track(claimedEdit(key, post, since), { paperId: post.paperId, messageId: post.messageId }, 'could not update the vote count');
    }
  }

  async function claimedEdit(key: string, post: PostRecord, since: number): Promise<void> {
    const answer = await options.editClaims?.take(`vote-edit:${key}`, interval);
    if (answer?.granted === false) {
      // Another instance edits this message; its edit shows this change if it began after it.
      if (Date.parse(answer.heldBy.claimedAt) >= since) return;
      if (pending.has(key)) return;
      pending.set(key, post);
      requested.set(key, since);
      later(key, Date.parse(answer.heldBy.expiresAt) - Date.now());
      return;
    }
    await edit(post);
  }

  function schedule(post: PostRecord): void {
    // Pacing runs on timers, so it measures the time timers see, not the app's clock (which
    // tests fix at one instant).
    const now = Date.now();
    forgetOldEdits(now);
    const key = keyOf(post);
    if (pending.has(key)) return;
    pending.set(key, post);
    requested.set(key, now);
    later(key, (lastEdit.get(key) ?? -Infinity) + interval - now);
  }

  /** Queues the edit of `key` for the budget once `wait` has passed. */
  function later(key: string, wait: number): void {
    if (wait <= 0) {
      due.push(key);
      release();
      return;
    }
    const timer = setTimeout(() => {
      intervalTimers.delete(key);
      due.push(key);
      release();
    }, wait);
    timer.unref();
    intervalTimers.set(key, timer);
  }

  const edits: VoteEdits = {
    votesChanged(paperId, community) {
      const shows = (post: PostRecord) => community === undefined || options.pools === undefined || options.pools.shares(community, post.channel);
      track(
        options.ledger.sentPostsOfPaper(paperId).then((posts) => {
          for (const post of posts) if (shows(post)) schedule(post);
        }),
        { paperId },
        'could not look up the posts of a paper',
      );
    },
    stop() {
      for (const timer of intervalTimers.values()) clearTimeout(timer);
      intervalTimers.clear();
      clearTimeout(budgetTimer);
      budgetTimer = undefined;
      due.length = 0;
      pending.clear();
      requested.clear();
    },
    async idle() {
      while (pending.size > 0 || running.size > 0) {
        await Promise.allSettled(running);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
  options.events?.on('votesChanged', (paperId, community) => {
    edits.votesChanged(paperId, community);
  });
  return edits;
}
