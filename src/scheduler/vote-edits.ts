/**
 * Keeps the vote count on posted papers current: when a paper's votes change, each message
 * that shows it is edited, at most once per interval per message (Discord and Slack both
 * rate-limit edits, and a burst of reactions should cost one edit, not twenty).
 */
import type { PlatformName } from '../core/channels.js';
import type { PaperId } from '../core/paper.js';
import type { DigestPoster } from '../core/post-digest.js';
import type { Clock, PaperStore } from '../core/ports.js';
import type { PostLedger, PostRecord } from '../core/posts.js';
import type { VoteStore } from '../core/votes.js';
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
  posters: Partial<Record<PlatformName, DigestPoster>>;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}): VoteEdits {
  const interval = options.intervalMs ?? VOTE_EDIT_INTERVAL_MS;
  const lastEdit = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const keyOf = (post: PostRecord) => `${post.channel.platform}:${post.messageChannelId ?? post.channel.channelId}:${post.messageId ?? ''}`;

  function edit(post: PostRecord): void {
    const key = keyOf(post);
    timers.delete(key);
    const poster = options.posters[post.channel.platform];
    const paper = options.papers.getPaper(post.paperId);
    if (!poster?.updateVotes || !paper || post.messageId === undefined) return;
    lastEdit.set(key, options.clock.now().getTime());
    const work = poster
      .updateVotes({ channel: post.channel, messageId: post.messageId, messageChannelId: post.messageChannelId ?? post.channel.channelId }, paper, options.votes.countVotes(post.paperId))
      .catch((error: unknown) => options.logger.warn({ err: error, paperId: post.paperId, messageId: post.messageId }, 'could not update the vote count'))
      .finally(() => running.delete(work));
    running.add(work);
  }

  return {
    votesChanged(paperId) {
      for (const post of options.ledger.sentPostsOfPaper(paperId)) {
        const key = keyOf(post);
        if (timers.has(key)) continue;
        const wait = Math.max(0, (lastEdit.get(key) ?? -Infinity) + interval - options.clock.now().getTime());
        // The edit reads the count when it runs, so every vote in the wait is included.
        const timer = setTimeout(() => edit(post), wait);
        timer.unref();
        timers.set(key, timer);
      }
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
}
