/**
 * Every use case a chat platform calls, bound to the stores and settings once. Platform
 * handlers stay thin: acknowledge, call one of these, render the result, reply.
 */
import { createChannelLock, type ChannelLock } from './channel-lock.js';
import { channelStatus, type ChannelStatus } from './channel-status.js';
import type { RunStore } from './digest-runs.js';
import { channelKey, type ChannelRef, type PlatformName } from './channels.js';
import type { DigestSelection } from './digest.js';
import { findLatestDigest } from './latest-digest.js';
import type { PaperId } from './paper.js';
import { postDigest, type DigestPostOutcome, type DigestPoster } from './post-digest.js';
import type { Clock, PaperSource, PaperStore } from './ports.js';
import type { PostLedger } from './posts.js';
import { createSearchService, type MergedSearchResult } from './search-service.js';
import {
  settingsOf,
  subscribeChannel,
  unsubscribeChannel,
  type SubscribeInput,
  type SubscribeResult,
  type Subscription,
  type SubscriptionSettings,
  type SubscriptionStore,
} from './subscriptions.js';
import { topPapers, type TopEntry, type TopPeriod } from './top-papers.js';
import { castVote, recordReactionVote, withdrawVote, type ReactionEvent, type VoteOutcome, type VoteStore } from './votes.js';

export interface UseCaseDeps {
  readonly papers: PaperStore;
  readonly subscriptions: SubscriptionStore;
  readonly ledger: PostLedger;
  readonly votes: VoteStore;
  readonly source?: PaperSource | undefined;
  readonly clock: Clock;
  /** Settings a new subscription starts from (config `digest`). */
  readonly defaults: SubscriptionSettings;
  readonly search: { readonly liveBudgetMs: number; readonly cacheTtlMs: number; readonly liveLimit: number };
  readonly runs: RunStore;
  /** Shared with the scheduler, so `/paperboy today` and a scheduled run never post to one channel at once. */
  readonly channelLock?: ChannelLock | undefined;
  /** Called after a subscription was added, changed or removed, so schedules follow at once. */
  readonly onSubscriptionsChanged?: (() => void) | undefined;
  /** Called after a paper's community votes changed, so its posts can show the new count. */
  readonly onVotesChanged?: ((paperId: PaperId) => void) | undefined;
}

export type TodayOutcome =
  | (DigestPostOutcome & { readonly day: string; readonly sourceError?: string | undefined })
  | { readonly status: 'no_papers'; readonly sourceError?: string | undefined };

export interface UseCases {
  searchPapers(request: { text: string; page: number; pageSize: number }): Promise<MergedSearchResult>;
  suggestTitles(prefix: string, limit: number): { id: PaperId; title: string }[];
  subscribe(channel: ChannelRef, userId: string, input: SubscribeInput): SubscribeResult;
  unsubscribe(channel: ChannelRef): { status: 'removed' | 'not_subscribed' };
  subscription(channel: ChannelRef): Subscription | undefined;
  /** Last run, next run, last source error and pause state of a channel. */
  status(channel: ChannelRef): ChannelStatus;
  /** Posts the latest complete papers-day to the channel now, with its settings or the defaults. */
  postLatestDigest(channel: ChannelRef, poster: DigestPoster): Promise<TodayOutcome>;
  top(period: TopPeriod, limit: number): TopEntry[];
  reaction(event: ReactionEvent): VoteOutcome;
  /** An "Upvote" button: toggles this user's vote on the paper. */
  toggleVote(platform: PlatformName, userId: string, paperId: PaperId): VoteOutcome;
  voteCount(paperId: PaperId): number;
}

export function createUseCases(deps: UseCaseDeps): UseCases {
  const lock = deps.channelLock ?? createChannelLock();
  const search = createSearchService({
    store: deps.papers,
    source: deps.source,
    clock: deps.clock,
    liveBudgetMs: deps.search.liveBudgetMs,
    cacheTtlMs: deps.search.cacheTtlMs,
    liveLimit: deps.search.liveLimit,
    maxLocalResults: 50,
    votes: deps.votes,
  });

  const notifyVotes = (outcome: VoteOutcome): VoteOutcome => {
    if (outcome.status === 'recorded' || outcome.status === 'removed') deps.onVotesChanged?.(outcome.paperId);
    return outcome;
  };

  return {
    searchPapers: (request) => search.search(request),
    suggestTitles: (prefix, limit) => deps.papers.suggestTitles(prefix, limit),
    subscribe: (channel, userId, input) => {
      const result = subscribeChannel(deps.subscriptions, deps.clock, { channel, userId, input, defaults: deps.defaults });
      if (result.status !== 'invalid') deps.onSubscriptionsChanged?.();
      return result;
    },
    unsubscribe: (channel) => {
      const result = unsubscribeChannel(deps.subscriptions, channel);
      if (result.status === 'removed') deps.onSubscriptionsChanged?.();
      return result;
    },
    subscription: (channel) => deps.subscriptions.getSubscription(channel),
    status: (channel) => channelStatus(deps, channel, deps.clock.now()),
    postLatestDigest: (channel, poster) =>
      lock.run(channelKey(channel), async (): Promise<TodayOutcome> => {
        const settings = deps.subscriptions.getSubscription(channel);
        const chosen = settings ? settingsOf(settings) : deps.defaults;
        const selection: DigestSelection = { maxPapers: chosen.maxPapers, minUpvotes: chosen.minUpvotes, keywords: chosen.keywords };
        const latest = await findLatestDigest({ source: deps.source, store: deps.papers, clock: deps.clock }, selection);
        if (latest.status === 'no_papers') return latest;
        const outcome = await postDigest({ ...deps, poster }, channel, latest.plan, { thread: chosen.thread });
        return { ...outcome, day: latest.plan.day, sourceError: latest.sourceError };
      }),
    top: (period, limit) => topPapers({ votes: deps.votes, store: deps.papers, clock: deps.clock }, period, limit),
    reaction: (event) => notifyVotes(recordReactionVote(deps.ledger, deps.votes, deps.clock, event)),
    toggleVote: (platform, userId, paperId) => {
      const withdrawn = withdrawVote(deps.votes, platform, userId, paperId);
      return notifyVotes(withdrawn.status === 'removed' ? withdrawn : castVote(deps.votes, deps.clock, platform, userId, paperId));
    },
    voteCount: (paperId) => deps.votes.countVotes(paperId),
  };
}
