/**
 * Keeps the vote count on posted papers current: when a paper's votes change, each message
 * that shows it is edited, at most once per interval per message (Discord and Slack both
 * rate-limit edits, and a burst of reactions should cost one edit, not twenty).
 */
import type { DomainEvents } from '../core/events.js';
import type { PaperId } from '../core/paper.js';
import type { Clock, PaperStore, PostLedger, Posters, VoteStore } from '../core/ports.js';
import type { PostRecord } from '../core/posts.js';
import type { Logger } from '../logger.js';

/** At most one edit per message per this long. */
export const VOTE_EDIT_INTERVAL_MS = 30_000;

export interface VoteEdits {
  /** Call after a paper's votes changed; the edits follow, throttled. */
  votesChanged(paperId: PaperId): void;
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
  clock: Clock;
  logger: Logger;
  /** Edits follow every votesChanged event. */
  events?: DomainEvents;
  intervalMs?: number;
}): VoteEdits {
  const interval = options.intervalMs ?? VOTE_EDIT_INTERVAL_MS;
  const lastEdit = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
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
    const paper = await options.papers.getPaper(post.paperId);
    if (!paper) return;
    const votes = await options.votes.countVotes(post.paperId);
    await poster.updateVotes({ channel: post.channel, messageId: post.messageId, messageChannelId: post.messageChannelId ?? post.channel.channelId }, paper, votes);
  }

  /** Edit times older than the interval constrain nothing; forgetting them keeps the map small. */
  function forgetOldEdits(now: number): void {
    for (const [key, at] of lastEdit) {
      if (at + interval > now) break;
      lastEdit.delete(key);
    }
  }

  function schedule(post: PostRecord): void {
    forgetOldEdits(options.clock.now().getTime());
    const key = keyOf(post);
    if (timers.has(key)) return;
    const wait = Math.max(0, (lastEdit.get(key) ?? -Infinity) + interval - options.clock.now().getTime());
    // The edit reads the count when it runs, so every vote in the wait is included.
    const timer = setTimeout(() => {
      timers.delete(key);
      // Re-inserted, so the map stays in edit order for forgetOldEdits.
      lastEdit.delete(key);
      lastEdit.set(key, options.clock.now().getTime());
      track(edit(post), { paperId: post.paperId, messageId: post.messageId }, 'could not update the vote count');
    }, wait);
    timer.unref();
    timers.set(key, timer);
  }

  const edits: VoteEdits = {
    votesChanged(paperId) {
      track(
        options.ledger.sentPostsOfPaper(paperId).then((posts) => {
          for (const post of posts) schedule(post);
        }),
        { paperId },
        'could not look up the posts of a paper',
      );
    },
    stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
    async idle() {
      while (timers.size > 0 || running.size > 0) {
        await Promise.allSettled(running);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
  options.events?.on('votesChanged', (paperId) => {
    edits.votesChanged(paperId);
  });
  return edits;
}
