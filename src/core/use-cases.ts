/**
 * Every use case a chat platform calls, bound to the stores, the posters and the settings once.
 * Platform handlers stay thin: acknowledge, call one of these, render the result, reply.
 */
import { channelKey, type ChannelRef, type Community, type PlatformName } from './channels.js';
import type { DigestSelection } from './digest-plan.js';
import { findLatestDigest } from './digest/latest.js';
import { postDigest, type DigestPostOutcome } from './digest/post.js';
import type { DomainEvents } from './events.js';
import { DEFAULT_FOLLOW_LIMITS, type Follow, type Follower, type FollowLimits } from './follows/follow.js';
import { follow, following, unfollow, type FollowResult, type UnfollowResult, type WasPaused } from './follows/manage.js';
import type { Paper, PaperId } from './paper.js';
import type { Clock, CommandLimiter, PaperSource, Posters, Stores } from './ports.js';
import { lookUpPaper, type PaperLookupResult } from './search/lookup.js';
import { paperIdOfUrl, paperReferencesIn } from './search/paper-reference.js';
import { createSearchPapers, type SearchRequest, type SearchResult, type SearchSettings } from './search/search-papers.js';
import { sharePaper, type ShareOutcome } from './shares/share.js';
import type { Subscription } from './subscription.js';
import { channelStatus, type ChannelStatus } from './subscriptions/status.js';
import { settingsOf, subscribeChannel, unsubscribeChannel, type SubscribeInput, type SubscribeResult, type SubscriptionSettings } from './subscriptions/subscribe.js';
import { pauseWorkspaces, resumeWorkspaces } from './subscriptions/workspace.js';
import { createVotePools, type VotePools } from './votes/pools.js';
import { castVote, recordReactionVote, withdrawVote, type ReactionEvent, type VoteOutcome } from './votes/record.js';
import { DEFAULT_TOP_LIMIT, topPapers, type TopPapers, type TopPeriod } from './votes/top.js';

export interface UseCaseDeps {
  readonly stores: Pick<Stores, 'papers' | 'subscriptions' | 'ledger' | 'votes' | 'runs' | 'channelLock' | 'follows'>;
  /** Each running platform's poster; `/paperboy today` posts through the same one as the scheduler. */
  readonly posters: Posters;
  readonly events: DomainEvents;
  readonly source?: PaperSource | undefined;
  readonly clock: Clock;
  /** Settings a new subscription starts from (config `digest`). */
  readonly defaults: SubscriptionSettings;
  /** The scheduler's `dayOffset`, so `/paperboy today` and the digest agree on the latest papers-day. */
  readonly dayOffset?: number | undefined;
  readonly search: Omit<SearchSettings, 'minRanked'>;
  /** Fair use per user; omitted, nothing is limited (the CLI, tests). */
  readonly limiter?: CommandLimiter | undefined;
  /** Subscribed channels one server or workspace may have. */
  readonly maxSubscriptionsPerCommunity?: number | undefined;
  /** Whose votes count where (config `votes.pool`); omitted, one pool for the whole install. */
  readonly pools?: VotePools | undefined;
  readonly followLimits?: FollowLimits | undefined;
}

/** What a command costs of a user's fair-use bucket: autocomplete fires per keystroke. */
export const COMMAND_COST = { command: 1, button: 1, autocomplete: 0.2 } as const;
export type CommandKind = keyof typeof COMMAND_COST;

export type Admission = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export type TodayOutcome =
  | (DigestPostOutcome & { readonly day: string; readonly sourceError?: string | undefined })
  | { readonly status: 'no_papers'; readonly sourceError?: string | undefined };

/** What became of a share: the shared card, the first share of the day, or why there is none. */
export type ShareResult =
  | ShareOutcome
  | { readonly status: 'not_found' | 'unavailable'; readonly paperId: PaperId }
  /** The text (a message someone used "paper card" on) names no paper. */
  | { readonly status: 'no_paper' }
  | { readonly status: 'not_running'; readonly platform: PlatformName };

/** A link someone posted and the paper it points to, with the votes of its pool (Slack unfurls). */
export interface LinkedPaper {
  readonly url: string;
  readonly paper: Paper;
  readonly votes: number;
  /** Whose votes `votes` are, in words. */
  readonly votesWhere: string;
}

/** Links of one message looked up at most: each may cost a Hugging Face request. */
export const MAX_LINKED_PAPERS = 5;

/** Local hits a chat search ranks before it shows its first page (pages of 5: ten pages). */
export const CHAT_SEARCH_DEPTH = 50;

export interface UseCases {
  /** Fair use: whether this user may run one more command now; ask before doing any work. */
  admit(platform: PlatformName, userId: string, kind: CommandKind): Promise<Admission>;
  /** Vote counts on the hits are those of `community`'s pool. */
  searchPapers(request: SearchRequest, community: Community): Promise<SearchResult>;
  suggestTitles(prefix: string, limit: number): Promise<{ id: PaperId; title: string }[]>;
  subscribe(channel: ChannelRef, userId: string, input: SubscribeInput): Promise<SubscribeResult>;
  unsubscribe(channel: ChannelRef): Promise<{ status: 'removed' | 'not_subscribed' }>;
  subscription(channel: ChannelRef): Promise<Subscription | undefined>;
  /** Last run, next run, last source error and pause state of a channel. */
  status(channel: ChannelRef): Promise<ChannelStatus>;
  /** Posts the latest complete papers-day to the channel now, with its settings or the defaults. */
  postLatestDigest(channel: ChannelRef): Promise<TodayOutcome>;
  /** Most voted papers in the pool of the channel's community. */
  top(channel: Community, period: TopPeriod, limit?: number): Promise<TopPapers>;
  reaction(event: ReactionEvent): Promise<VoteOutcome>;
  /** An "Upvote" button: toggles this user's vote on the paper. */
  toggleVote(community: Community, userId: string, paperId: PaperId): Promise<VoteOutcome>;
  /** The app was removed from these workspaces (`why`: the platform's event): pauses their digests. */
  workspacesRemoved(platform: PlatformName, workspaceIds: readonly string[], why: string): Promise<{ paused: number }>;
  /** The app was installed (again) in these workspaces: resumes digests a removal paused. */
  workspacesInstalled(platform: PlatformName, workspaceIds: readonly string[]): Promise<{ resumed: number }>;
  /** One paper by id: from the archive, else from Hugging Face (then stored). */
  findPaper(paperId: PaperId): Promise<PaperLookupResult>;
  /** Posts the paper's card in the channel, attributed to `userId`; once per paper, channel and day. */
  sharePaper(channel: ChannelRef, userId: string, paperId: PaperId): Promise<ShareResult>;
  /** Shares the first paper `text` links to or names (Discord's "Paperboy: paper card"). */
  sharePaperIn(channel: ChannelRef, userId: string, text: string): Promise<ShareResult>;
  /**
   * The papers behind links (arXiv or Hugging Face), looked up like a search does; others are
   * left out. Counts are those of `community`'s pool, where the unfurl is shown and voted on.
   */
  linkedPapers(urls: readonly string[], community: Community): Promise<LinkedPaper[]>;
  /** `/paperboy follow <query>`: a standing search whose new matches come to the person. */
  follow(follower: Follower, query: string): Promise<FollowResult>;
  following(follower: Follower): Promise<{ readonly follows: readonly Follow[] } & WasPaused>;
  unfollow(follower: Follower, which: number | 'all'): Promise<UnfollowResult & WasPaused>;
}

export function createUseCases(deps: UseCaseDeps): UseCases {
  const { papers, subscriptions, ledger, votes, runs, channelLock } = deps.stores;
  const { clock, events } = deps;
  const searchPapers = createSearchPapers({ store: papers, source: deps.source, votes, clock, settings: { ...deps.search, minRanked: CHAT_SEARCH_DEPTH } });

  const pools = deps.pools ?? createVotePools({ mode: 'install' }, Object.keys(deps.posters) as (keyof Posters)[]);
  const voteDeps = { votes, clock, poolOf: (community: Community) => pools.poolOf(community) };
  const notifyVotes = (outcome: VoteOutcome): VoteOutcome => {
    if (outcome.status === 'recorded' || outcome.status === 'removed') events.emit('votesChanged', outcome.paperId, outcome.community);
    return outcome;
  };

  /** The page's counts in the searcher's pool (ranking reads the whole install's). */
  async function searchInPool(request: SearchRequest, community: Community): Promise<SearchResult> {
    const result = await searchPapers(request);
    const pool = pools.poolOf(community);
    if (pool.communities === undefined) return { ...result, votesWhere: pool.where };
    const hits = await Promise.all(result.hits.map(async (hit) => ({ ...hit, votes: await votes.countVotes(hit.paper.id, pool.communities) })));
    return { ...result, hits, votesWhere: pool.where };
  }

  /** A new subscription past the per-community cap is refused; changing an existing one is not. */
  async function communityIsFull(channel: ChannelRef): Promise<SubscribeResult | undefined> {
    const cap = deps.maxSubscriptionsPerCommunity;
    if (cap === undefined || (await subscriptions.getSubscription(channel)) !== undefined) return undefined;
    const count = (await subscriptions.listSubscriptions(channel.platform)).filter((s) => s.workspaceId === channel.workspaceId).length;
    if (count < cap) return undefined;
    const where = channel.platform === 'discord' ? 'server' : 'workspace';
    return { status: 'invalid', problems: [`this ${where} already has ${count} subscribed channels, the most this Paperboy allows; unsubscribe one first`] };
  }

  async function postLatestDigest(channel: ChannelRef): Promise<TodayOutcome> {
    const poster = deps.posters[channel.platform];
    if (poster === undefined) {
      return { status: 'failed', day: '', posted: [], alreadyPosted: [], failure: { permanent: true, reason: `${channel.platform} is not running` } };
    }
    const settings = await subscriptions.getSubscription(channel);
    const chosen = settings ? settingsOf(settings) : deps.defaults;
    const selection: DigestSelection = { maxPapers: chosen.maxPapers, minUpvotes: chosen.minUpvotes, filter: chosen.filter };
    const latest = await findLatestDigest({ source: deps.source, store: papers, clock }, selection, deps.dayOffset ?? 0);
    if (latest.status === 'no_papers') return latest;
    const outcome = await postDigest({ ledger, votes, poster, clock, pools }, channel, latest.plan, { thread: chosen.thread });
    return { ...outcome, day: latest.plan.day, sourceError: latest.sourceError };
  }

  const followDeps = { follows: deps.stores.follows, clock, limits: deps.followLimits ?? DEFAULT_FOLLOW_LIMITS };

  const findPaper = (paperId: PaperId) => lookUpPaper({ store: papers, source: deps.source, timeoutMs: deps.search.liveBudgetMs }, paperId);

  async function share(channel: ChannelRef, userId: string, paperId: PaperId): Promise<ShareResult> {
    const poster = deps.posters[channel.platform];
    if (poster === undefined) return { status: 'not_running', platform: channel.platform };
    const found = await findPaper(paperId);
    if (found.status !== 'found') return { status: found.status, paperId };
    // The digest's lock: a share waits for a digest being posted here, and vice versa.
    return channelLock.run(channelKey(channel), () => sharePaper({ ledger, votes, poster, clock, pools }, channel, userId, found.paper));
  }

  return {
    async admit(platform, userId, kind) {
      if (deps.limiter === undefined) return { allowed: true };
      const decision = await deps.limiter.take(`${platform}:${userId}`, COMMAND_COST[kind]);
      return decision.allowed ? decision : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) };
    },
    searchPapers: searchInPool,
    findPaper,
    sharePaper: share,
    async sharePaperIn(channel, userId, text) {
      const [first] = paperReferencesIn(text);
      return first === undefined ? { status: 'no_paper' } : share(channel, userId, first.id);
    },
    async linkedPapers(urls, community) {
      const pool = pools.poolOf(community);
      const named = urls.flatMap((url) => {
        const id = paperIdOfUrl(url);
        return id === undefined ? [] : [{ url, id }];
      });
      const found = await Promise.all(named.slice(0, MAX_LINKED_PAPERS).map(async ({ url, id }) => {
        const result = await findPaper(id);
        return result.status === 'found' ? [{ url, paper: result.paper, votes: await votes.countVotes(id, pool.communities), votesWhere: pool.where }] : [];
      }));
      return found.flat();
    },
    follow: (follower, query) => follow(followDeps, follower, query),
    following: (follower) => following(followDeps, follower),
    unfollow: (follower, which) => unfollow(followDeps, follower, which),
    suggestTitles: (prefix, limit) => papers.suggestTitles(prefix, limit),
    async subscribe(channel, userId, input) {
      const full = await communityIsFull(channel);
      if (full !== undefined) return full;
      const result = await subscribeChannel(subscriptions, clock, { channel, userId, input, defaults: deps.defaults });
      if (result.status !== 'invalid') events.emit('subscriptionsChanged');
      return result;
    },
    async unsubscribe(channel) {
      const result = await unsubscribeChannel(subscriptions, channel);
      if (result.status === 'removed') events.emit('subscriptionsChanged');
      return result;
    },
    subscription: (channel) => subscriptions.getSubscription(channel),
    status: (channel) => channelStatus({ subscriptions, runs }, channel, clock.now()),
    // One lock with the scheduler: never two digests into one channel at once.
    postLatestDigest: (channel) => channelLock.run(channelKey(channel), () => postLatestDigest(channel)),
    top: (community, period, limit = DEFAULT_TOP_LIMIT) => topPapers({ votes, store: papers, clock }, pools.poolOf(community), period, limit),
    reaction: async (event) => notifyVotes(await recordReactionVote(ledger, voteDeps, event)),
    async toggleVote(community, userId, paperId) {
      const withdrawn = await withdrawVote(voteDeps, community, userId, paperId);
      return notifyVotes(withdrawn.status === 'removed' ? withdrawn : await castVote(voteDeps, community, userId, paperId));
    },
    async workspacesRemoved(platform, workspaceIds, why) {
      const paused = await pauseWorkspaces({ subscriptions, clock }, platform, workspaceIds, why);
      if (paused > 0) events.emit('subscriptionsChanged');
      return { paused };
    },
    async workspacesInstalled(platform, workspaceIds) {
      const resumed = await resumeWorkspaces({ subscriptions }, platform, workspaceIds);
      if (resumed > 0) events.emit('subscriptionsChanged');
      return { resumed };
    },
  };
}
