/**
 * Everything the core needs from the outside world, in one place. Each port is a small
 * interface named by the domain; adapters are named by technology (createHfSource,
 * createSqliteStores, createDiscordPoster). Store ports are asynchronous so that any engine
 * (the embedded SQLite, or PostgreSQL for several instances) can stand behind them; every
 * store adapter passes the contract suites in test/contracts/.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ChannelRef, Community, PlatformName } from './channels.js';
import type { DigestPlan } from './digest-plan.js';
import type { Follow, FollowAlert, Follower } from './follows/follow.js';
import type { Paper, PaperId } from './paper.js';
import type { PendingPost, PostRecord, SendFailure, SendResult, SentMessage } from './posts.js';
import type { DigestRun, RunState } from './runs.js';
import type { SearchQuery } from './search/query.js';
import type { Subscription } from './subscription.js';

// ---------------------------------------------------------------------------------------------
// Time

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Waits `ms`; an aborted signal rejects the wait. Tests pass a fake that returns at once. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});

// ---------------------------------------------------------------------------------------------
// Papers in: the Hugging Face source

/** An item the source could not use; the rest of the batch goes on. */
export interface SkippedItem {
  /** Position in the response array. */
  readonly index: number;
  /** The paper id when one could be read. */
  readonly id?: string | undefined;
  /** `path: message` list of what was wrong. */
  readonly reason: string;
}

export interface SourceBatch {
  readonly papers: Paper[];
  readonly skipped: SkippedItem[];
}

export interface DayBatch extends SourceBatch {
  /** The papers-day asked for, `YYYY-MM-DD`. */
  readonly day: string;
}

export interface PaperSource {
  /** Every paper put on Daily Papers on `day`, deduplicated; `[]` for a day without a batch. */
  fetchDay(day: string, options?: { signal?: AbortSignal }): Promise<DayBatch>;
  /** Hugging Face's own search (hybrid semantic and full text), in its relevance order. */
  search(query: string, limit: number, options?: { signal?: AbortSignal }): Promise<SourceBatch>;
  /** One paper, or undefined when Hugging Face has not indexed it. */
  getPaper(id: PaperId, options?: { signal?: AbortSignal }): Promise<Paper | undefined>;
}

// ---------------------------------------------------------------------------------------------
// The archive: papers and their search index

export interface UpsertSummary {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface SearchHit {
  readonly paper: Paper;
  /** Higher is better; only comparable within one result list. */
  readonly score: number;
  /** Community votes (the whole install's) when the store knows the paper; absent otherwise. */
  readonly votes?: number | undefined;
}

export interface SearchPage {
  readonly hits: SearchHit[];
  /** Matches in all, for "page 1 of N". */
  readonly total: number;
  /** True when no paper matched every word and these match only some of them. */
  readonly partial?: boolean | undefined;
  /** True when more papers match than were ranked (a very common word); `total` counts the ranked ones. */
  readonly capped?: boolean | undefined;
}

/** A search result before its paper is read: what the ranking decided. */
export interface RankedHit {
  readonly id: PaperId;
  readonly score: number;
  /** Community votes (both platforms). */
  readonly votes: number;
}

/** A ranked page of ids; the same flags as SearchPage. */
export interface RankedPage extends Omit<SearchPage, 'hits'> {
  readonly hits: RankedHit[];
}

export interface PaperStore {
  /** Inserts new papers and refreshes the changing fields of known ones; never duplicates. */
  upsertPapers(papers: readonly Paper[]): Promise<UpsertSummary>;
  getPaper(id: PaperId): Promise<Paper | undefined>;
  /** Papers by id, in the order asked; ids the store does not know are left out. */
  getPapers(ids: readonly PaperId[]): Promise<Paper[]>;
  /** Papers of one Daily Papers day, most upvoted first. */
  papersForDay(day: string): Promise<Paper[]>;
  /** The newest papers-day in the store, if any. */
  latestDay(): Promise<string | undefined>;
  /** Ranked full-text search; an empty or unmatchable query gives an empty page, never an error. */
  search(query: SearchQuery, options: { limit: number; offset?: number }): Promise<SearchPage>;
  /**
   * The same ranking as `search`, without reading the papers: for callers that rank many and
   * show a few (chat pages of 5 out of 50), who then read the page with `getPapers`.
   */
  rankPapers(query: SearchQuery, options: { limit: number; offset?: number }): Promise<RankedPage>;
  /** Titles starting with or containing what the user is typing, for autocomplete. */
  suggestTitles(prefix: string, limit: number): Promise<{ id: PaperId; title: string }[]>;
  countPapers(): Promise<number>;
}

/** Which papers-days have been fetched completely (resumable archive ingest). */
export interface IngestLog {
  /** Those of `days` recorded as complete. */
  completedDays(days: readonly string[]): Promise<Set<string>>;
  markComplete(day: string, papers: number, at: Date): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Channels: subscriptions, digest runs, the post ledger

export interface SubscriptionStore {
  saveSubscription(subscription: Subscription): Promise<void>;
  getSubscription(channel: ChannelRef): Promise<Subscription | undefined>;
  /** True when there was one to remove. */
  removeSubscription(channel: ChannelRef): Promise<boolean>;
  listSubscriptions(platform?: PlatformName): Promise<Subscription[]>;
  /** Records how delivery went without touching the settings. */
  setDeliveryState(channel: ChannelRef, state: { consecutiveFailures: number; pausedAt?: string | undefined; pauseReason?: string | undefined }): Promise<void>;
}

/**
 * Digest runs, one per (channel, first papers-day); see runs.ts. Coverage is read from the runs
 * themselves (`latestFinishedRun`), so finishing a run and recording what the channel has had
 * are one write.
 */
export interface RunStore {
  /**
   * Starts (or re-attempts) the run for (channel, day), covering `day` to `to` (default `day`);
   * a re-attempt takes the `to` given (the core keeps it once the header is out). A finished run
   * is returned untouched.
   */
  beginRun(channel: ChannelRef, day: string, scheduledFor: string, at: string, span?: { to: string }): Promise<DigestRun>;
  finishRun(channel: ChannelRef, day: string, result: {
    state: Exclude<RunState, 'running'>;
    posted: number;
    error?: string | undefined;
    sourceError?: string | undefined;
    at: string;
    /** Days the run found empty; stored as given (none when left out). */
    emptyDays?: readonly string[] | undefined;
    /** Days the next run must look at again; stored as given (none when left out). */
    openDays?: readonly string[] | undefined;
  }): Promise<void>;
  getRun(channel: ChannelRef, day: string): Promise<DigestRun | undefined>;
  /** The most recently started run of a channel. */
  latestRun(channel: ChannelRef): Promise<DigestRun | undefined>;
  /** The finished (`done` or `empty`) run with the latest `to`: how far the channel is covered. */
  latestFinishedRun(channel: ChannelRef): Promise<DigestRun | undefined>;
  /** Runs a restart must pick up again: still `running`, or `failed` and retryable. */
  unfinishedRuns(): Promise<DigestRun[]>;
  /** Retention: forgets runs started before `cutoff` (ISO time), whatever their state; returns how many. */
  pruneRunsBefore(cutoff: string): Promise<number>;
}

/**
 * Which paper went to which channel as which message. A post is recorded as pending before it
 * is sent and as sent after, so nothing reaches a channel twice (see posts.ts).
 */
export interface PostLedger {
  /**
   * Records a pending post, or returns the existing record for (channel, key) untouched. `paperId`
   * is the ledger key: a paper id, or a header, share or alert key (posts.ts).
   */
  beginPost(record: { channel: ChannelRef; paperId: PaperId; day?: string | undefined; at: string; sharedBy?: string | undefined }): Promise<PostRecord>;
  markSent(channel: ChannelRef, paperId: PaperId, message: SentMessage, at: string): Promise<void>;
  /** Forgets a pending post that certainly never reached the platform, so it can be tried again. */
  abandonPost(channel: ChannelRef, paperId: PaperId): Promise<void>;
  findPost(channel: ChannelRef, paperId: PaperId): Promise<PostRecord | undefined>;
  /** The post a reaction landed on; `channel` is where the message lives (a thread, maybe). */
  findPostByMessage(channel: ChannelRef, messageId: string): Promise<PostRecord | undefined>;
  /** Every sent post showing a paper (digest posts and shared cards), on every channel and platform (to refresh vote counts). */
  sentPostsOfPaper(paperId: PaperId): Promise<PostRecord[]>;
  /**
   * Retention: forgets posts recorded (or sent) before `cutoff` (ISO time); returns how many. A
   * reaction on a forgotten post no longer counts, and its paper could be posted to that
   * channel again, so the retention must be far longer than any digest's day is relevant.
   */
  prunePostsBefore(cutoff: string): Promise<number>;
}

/**
 * Runs work for one channel at a time, so `/paperboy today` and a scheduled digest never post
 * into one channel at once: the second finds the first one's posts in the ledger.
 */
export interface ChannelLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** A lease on one piece of work (a channel's digest run, a message's vote edit). */
export interface WorkClaim {
  readonly key: string;
  /** The instance holding it. */
  readonly holder: string;
  /** When the holder took it (a renewal keeps this), ISO time. */
  readonly claimedAt: string;
  /** When the lease ends unless renewed, ISO time; after it anyone may take the work over. */
  readonly expiresAt: string;
}

export type ClaimAnswer = { readonly granted: true; readonly claim: WorkClaim } | { readonly granted: false; readonly heldBy: WorkClaim };

/**
 * Which instance does which piece of work, so each is done by exactly one of several instances
 * sharing a database. A claim is a lease: an instance that dies holding one loses it when the
 * lease runs out, and another takes the work over. Times come from the caller's clock.
 */
export interface WorkClaims {
  /**
   * Takes `key` for `holder` until `until` when nobody holds it or its lease ended by `at`; when
   * `holder` holds it already, renews it to `until`. Otherwise says who holds it, till when.
   */
  claim(key: string, holder: string, lease: { at: string; until: string }): Promise<ClaimAnswer>;
  /** Gives the work up; true when `holder` held it (a lease taken over meanwhile is left alone). */
  release(key: string, holder: string): Promise<boolean>;
  /** The claims `holder` holds whose lease has not ended by `at`, by key. */
  heldBy(holder: string, at: string): Promise<WorkClaim[]>;
  /** Forgets claims whose lease ended before `cutoff` (ISO time); returns how many. */
  pruneExpired(cutoff: string): Promise<number>;
}

/** A mark's life: `at` is now (a mark whose `until` has passed counts as gone), ISO times. */
export interface MarkSpan {
  readonly at: string;
  readonly until: string;
}

/**
 * What platform deliveries were already acted on, kept where every instance sees it: a platform
 * that redelivers (Slack retries an event, a signed request or an install redirect is replayed)
 * may reach any instance behind a load balancer, and only a shared record can tell the second
 * arrival from the first.
 */
export interface DeliveryMarks {
  /** True when this call marked `key` first; false while an earlier mark of it stands (a repeat). */
  markFirst(key: string, span: MarkSpan): Promise<boolean>;
  /**
   * Moves `key` forward to `position` (a safe non-negative integer, such as a Slack timestamp in
   * microseconds); true when it moved (no standing mark, or one before `position`), false when
   * the mark already stands at or past it (an older event arriving late).
   */
  advance(key: string, position: number, span: MarkSpan): Promise<boolean>;
  /** Forgets marks that ended before `cutoff` (ISO time); returns how many. */
  pruneExpired(cutoff: string): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Votes

export interface VoteStore {
  /**
   * True when the vote is new; false when this user had already voted for the paper in this
   * community (server or workspace). A user may vote once per community.
   */
  addVote(vote: { platform: PlatformName; workspaceId: string; userId: string; paperId: PaperId; at: string }): Promise<boolean>;
  /** True when a vote was taken back. */
  removeVote(vote: { platform: PlatformName; workspaceId: string; userId: string; paperId: PaperId }): Promise<boolean>;
  /**
   * People who voted for the paper in any of `communities` (all when undefined); one person
   * voting in two communities of the pool counts once.
   */
  countVotes(paperId: PaperId, communities?: readonly Community[]): Promise<number>;
  /**
   * Known papers with the most votes cast since `since` (ISO time; all time when undefined) in
   * `communities` (all when undefined), most votes first, ties by Hugging Face upvotes.
   */
  topVoted(options: { since?: string | undefined; limit: number; communities?: readonly Community[] | undefined }): Promise<{ paperId: PaperId; votes: number }[]>;
}

// ---------------------------------------------------------------------------------------------
// Workspaces that installed Paperboy through an OAuth install flow (Slack)

/**
 * Where an installation applies: one workspace, or a whole organisation (a Slack Enterprise
 * Grid org-wide install, which belongs to no single workspace).
 */
export interface InstallationKey {
  readonly platform: PlatformName;
  /** Slack team id; undefined for an organisation-wide install. */
  readonly workspaceId?: string | undefined;
  /** Slack enterprise id, when the workspace belongs to an Enterprise Grid organisation. */
  readonly enterpriseId?: string | undefined;
}

export interface StoredInstallation extends InstallationKey {
  /**
   * The platform's installation record, tokens included, sealed (encrypted) by the platform
   * before it gets here: the store never holds a token in the clear.
   */
  readonly sealed: string;
  readonly installedAt: string;
  readonly updatedAt: string;
}

export interface InstallationStore {
  /**
   * Saves an installation, replacing the one with the same key (a reinstall, a refreshed
   * token); returns the workspaces it serves (an organisation's: those linked to it).
   */
  saveInstallation(installation: StoredInstallation): Promise<string[]>;
  /**
   * The installation serving `key`: with a workspace, that workspace's own, else the one of its
   * organisation (named by `enterpriseId`, or linked earlier); without one, the organisation's.
   */
  findInstallation(key: InstallationKey): Promise<StoredInstallation | undefined>;
  /** Records that a workspace is served by its organisation's org-wide installation. */
  linkWorkspace(platform: PlatformName, workspaceId: string, enterpriseId: string): Promise<void>;
  /**
   * Removes an installation; returns the workspaces it served (empty when there was none). An
   * organisation's links stay, so a reinstall serves (and resumes) the same workspaces.
   */
  removeInstallation(key: InstallationKey): Promise<string[]>;
}

// ---------------------------------------------------------------------------------------------
// Fair use

export type LimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Whether one more command from `key` (a platform user) may run now. One process keeps its
 * buckets in memory (core/fair-use/token-bucket.ts); several instances would share one
 * implementation over the store, so a user cannot spread a flood across them.
 */
export interface CommandLimiter {
  /** Takes `cost` (default 1) tokens when there are enough; otherwise says how long until there are. */
  take(key: string, cost?: number): Promise<LimitDecision>;
}

// ---------------------------------------------------------------------------------------------
// Every store port over one database, as the composition root opens it

// ---------------------------------------------------------------------------------------------
// Follows: people's standing searches and what they were alerted to

export type AddFollowResult =
  | { readonly status: 'added' | 'duplicate'; readonly follow: Follow }
  | { readonly status: 'limit'; readonly count: number };

export interface FollowStore {
  /** Adds a follow unless the person already has this query, or already `max` follows. */
  addFollow(follow: Follower & { query: string; at: string }, max: number): Promise<AddFollowResult>;
  /** A person's follows, oldest first. */
  listFollows(follower: Pick<Follower, 'platform' | 'userId'>): Promise<Follow[]>;
  /** Removes one follow by id (only the person's own) or all of them; returns how many went. */
  removeFollows(follower: Pick<Follower, 'platform' | 'userId'>, which: number | 'all'): Promise<number>;
  /** Every follow of people whose alerts are not paused. */
  activeFollows(): Promise<Follow[]>;
  /** Stops a person's alerts (Discord refused to open a DM with them) until they are resumed. */
  pauseFollower(follower: Pick<Follower, 'platform' | 'userId'>, reason: string, at: string): Promise<void>;
  /** Resumes a paused person, returning why they were paused (they are told on their next use). */
  resumeFollower(follower: Pick<Follower, 'platform' | 'userId'>): Promise<string | undefined>;
  /** Which of `paperIds` the person was already alerted to. */
  alertedAmong(follower: Pick<Follower, 'platform' | 'userId'>, paperIds: readonly PaperId[]): Promise<Set<PaperId>>;
  /** Records that the person was alerted to `paperIds` (for the papers-day `day`). */
  recordAlerted(follower: Pick<Follower, 'platform' | 'userId'>, day: string, paperIds: readonly PaperId[]): Promise<void>;
  /**
   * Fixes what the person's alert for `day` holds the first time it is asked, and returns that
   * from then on: a restart sends the very message a killed run was sending.
   */
  fixAlert(follower: Pick<Follower, 'platform' | 'userId'>, day: string, paperIds: readonly PaperId[], at: string): Promise<PaperId[]>;
  /** Records that `day` is being matched against every follow (again, when it was done before). */
  beginAlertRun(day: string, at: string): Promise<void>;
  finishAlertRun(day: string, summary: { people: number; sent: number }, at: string): Promise<void>;
  /** Days whose alert run was begun and never finished (the process died), oldest first. */
  unfinishedAlertRuns(): Promise<string[]>;
}

/** What a platform answers to an alert: sent, failed, or the person takes no DMs from the bot. */
export type AlertSendResult = SendResult | { readonly status: 'closed'; readonly reason: string };

/** A platform's direct messages, for follow alerts. */
export interface FollowAlerter {
  /** Opens the person's DM (Discord: POST /users/@me/channels; Slack: conversations.open) and sends the alert. */
  sendAlert(follower: Follower, alert: FollowAlert, options: { nonce: string }): Promise<AlertSendResult>;
  /** Finds an alert an earlier run sent with `nonce` but never recorded (see DigestPoster.findDelivered). */
  findAlert?(follower: Follower, alert: FollowAlert, nonce: string): Promise<SentMessage | undefined>;
}

/** The follow alerter of each running platform. */
export type Alerters = Partial<Record<PlatformName, FollowAlerter>>;

/**
 * What an instance's local search copy (PostgreSQL store) reports for /healthz. While it is not
 * ready, searches run on PostgreSQL itself.
 */
export type SearchCopyState = 'building' | 'ready' | 'failed';

export interface SearchCopyStatus {
  readonly state: SearchCopyState;
  readonly path: string;
  /** The last change the copy holds. */
  readonly watermark: number;
  /** Changes PostgreSQL had at the last check that the copy did not hold yet. */
  readonly lag: number;
  /** Papers re-copied by pulls since this process opened the copy (a build not counted). */
  readonly pulledPapers: number;
  /** How long the last build took, when this process built it. */
  readonly buildMs?: number;
  readonly papers?: number;
}

export interface Stores {
  readonly papers: PaperStore;
  readonly subscriptions: SubscriptionStore;
  readonly ledger: PostLedger;
  readonly votes: VoteStore;
  readonly runs: RunStore;
  readonly ingestLog: IngestLog;
  readonly installations: InstallationStore;
  readonly channelLock: ChannelLock;
  readonly claims: WorkClaims;
  readonly deliveryMarks: DeliveryMarks;
  readonly follows: FollowStore;
  /** Undefined when the database answers, else why not (for /healthz). */
  problem(): Promise<string | undefined>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Papers out: a chat platform's digest poster

/** What a platform adapter provides to post digests. */
export interface DigestPoster {
  postHeader(channel: ChannelRef, plan: DigestPlan, options: { thread: boolean; nonce: string }): Promise<SendResult>;
  /**
   * One paper's card. `votesWhere`: whose votes `votes` are, in words ("in this server");
   * `sharedBy` (a user id) makes it a shared card that says who shared it.
   */
  postPaper(channel: ChannelRef, paper: Paper, options: { nonce: string; threadId?: string | undefined; votes: number; votesWhere?: string | undefined; sharedBy?: string | undefined }): Promise<SendResult>;
  /** Adds the upvote reaction to a paper post; a failure here loses no paper. */
  addUpvoteReaction(channel: ChannelRef, messageId: string): Promise<void>;
  /**
   * Finds a message sent earlier with `nonce` (as `post`) that was never recorded: the process
   * died between send and record. Undefined sends the post again with the same nonce. A failure
   * means the post was found but could not be completed (a header whose thread will not start);
   * it stays pending for a later run.
   */
  findDelivered?(
    channel: ChannelRef,
    nonce: string,
    where: { threadId?: string | undefined },
    post: PendingPost,
  ): Promise<SentMessage | SendFailure | undefined>;
  /** A link to a posted message, for "already shared here: <link>"; undefined when none can be made. */
  messageLink?(channel: ChannelRef, message: SentMessage): Promise<string | undefined>;
  /** Re-renders a posted paper with its current community vote count (edits the message). */
  updateVotes?(post: { channel: ChannelRef; messageId: string; messageChannelId: string; sharedBy?: string | undefined }, paper: Paper, votes: number, votesWhere?: string): Promise<void>;
}

/** The digest poster of each running platform. */
export type Posters = Partial<Record<PlatformName, DigestPoster>>;
