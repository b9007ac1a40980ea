/**
 * The one DigestPoster fake: it records every call in order (channel, paper, nonce, thread,
 * votes, the answer it gave) and answers as a platform would. Tests tell it which papers,
 * headers or channels fail and how; everything else is sent. Message ids are unique across
 * every fake in a test file, as a platform's are, so a ledger shared by several fakes (a crash
 * and a restart) never sees one id twice.
 */
import type { ChannelRef } from '../../src/core/channels.js';
import type { PaperId } from '../../src/core/paper.js';
import type { Clock, DigestPoster } from '../../src/core/ports.js';
import type { SendFailure, SendResult } from '../../src/core/posts.js';

interface CallBase {
  readonly channel: ChannelRef;
  /** When the call arrived, by the fake's clock (the epoch when it has none). */
  readonly at: number;
}

export interface HeaderCall extends CallBase {
  readonly kind: 'header';
  /** The last papers-day of the digest (its only one, for a one-day digest). */
  readonly day: string;
  /** Its first papers-day; `day` for a one-day digest. */
  readonly from: string;
  /** Papers in the plan; 0 for a "no papers today" note. */
  readonly papers: number;
  readonly thread: boolean;
  /** Whose votes a weekly ranking counted, as the header will say. */
  readonly votesWhere?: string | undefined;
  readonly nonce: string;
  readonly result: SendResult;
}

export interface PaperCall extends CallBase {
  readonly kind: 'paper';
  readonly paperId: PaperId;
  readonly nonce: string;
  readonly threadId: string | undefined;
  readonly votes: number;
  readonly votesWhere?: string | undefined;
  /** Set for a shared card. */
  readonly sharedBy?: string | undefined;
  readonly result: SendResult;
}

export interface ReactionCall extends CallBase {
  readonly kind: 'reaction';
  readonly messageId: string;
}

export interface UpdateCall extends CallBase {
  readonly kind: 'update';
  readonly messageId: string;
  readonly messageChannelId: string;
  readonly paperId: PaperId;
  readonly votes: number;
  readonly votesWhere?: string | undefined;
  readonly sharedBy?: string | undefined;
}

export type PosterCall = HeaderCall | PaperCall | ReactionCall | UpdateCall;

/** A post the platform accepted, with the message id it gave. */
export type Sent<T extends HeaderCall | PaperCall> = T & { readonly result: Extract<SendResult, { status: 'sent' }> };

export interface RecordingPosterOptions {
  /** The thread a header posted with `thread: true` opens; `T9` unless given. */
  readonly threadId?: string;
  /** Stamps each call with this clock's time (to see pacing). */
  readonly clock?: Clock;
  /** Answers a lookup of an unrecorded earlier post; without it the poster has no findDelivered. */
  readonly findDelivered?: DigestPoster['findDelivered'];
}

export interface RecordingPoster extends DigestPoster {
  /** Every call, in order, including posts that failed. */
  readonly calls: PosterCall[];
  /** Header and paper posts that went out (a failed attempt is left out). */
  sent(): Sent<HeaderCall | PaperCall>[];
  /** Paper posts that went out. */
  sentPapers(): Sent<PaperCall>[];
  /** Vote-count edits, in order. */
  updates(): UpdateCall[];
  /** Every post of this paper fails with `failure` from now on. */
  failPaper(paperId: PaperId, failure: SendFailure): void;
  /** Every header (and "no papers" note) fails with `failure` from now on; undefined stops that. */
  failHeaders(failure: SendFailure | undefined): void;
  /** Every post to this channel (by channel id) fails with `failure` from now on. */
  failChannel(channelId: string, failure: SendFailure): void;
}

let nextMessage = 1;

function isSentPost(call: PosterCall): call is Sent<HeaderCall | PaperCall> {
  return (call.kind === 'header' || call.kind === 'paper') && call.result.status === 'sent';
}

/** A failure as a platform reports it; `maybeDelivered` says whether a timeout hid a delivery. */
export function sendFailure(reason: string, fields: { permanent?: boolean; maybeDelivered?: boolean } = {}): SendFailure {
  return { status: 'failed', permanent: fields.permanent ?? false, maybeDelivered: fields.maybeDelivered ?? false, reason };
}

export function recordingPoster(options: RecordingPosterOptions = {}): RecordingPoster {
  const calls: PosterCall[] = [];
  const failingPapers = new Map<PaperId, SendFailure>();
  const failingChannels = new Map<string, SendFailure>();
  let failingHeaders: SendFailure | undefined;
  const at = () => options.clock?.now().getTime() ?? 0;
  const messageId = () => `m${nextMessage++}`;

  const poster: RecordingPoster = {
    calls,
    sent: () => calls.filter(isSentPost),
    sentPapers: () => calls.filter(isSentPost).filter((call) => call.kind === 'paper'),
    updates: () => calls.filter((call) => call.kind === 'update'),
    failPaper: (paperId, failure) => void failingPapers.set(paperId, failure),
    failHeaders: (failure) => void (failingHeaders = failure),
    failChannel: (channelId, failure) => void failingChannels.set(channelId, failure),

    postHeader(channel, plan, { thread, nonce }) {
      const sent: SendResult = { status: 'sent', messageId: messageId(), threadId: thread ? (options.threadId ?? 'T9') : undefined };
      const result = failingChannels.get(channel.channelId) ?? failingHeaders ?? sent;
      calls.push({ kind: 'header', channel, at: at(), day: plan.day, from: plan.from ?? plan.day, papers: plan.papers.length, thread, votesWhere: plan.votesWhere, nonce, result });
      return Promise.resolve(result);
    },
    postPaper(channel, paper, { nonce, threadId, votes, votesWhere, sharedBy }) {
      const result: SendResult = failingChannels.get(channel.channelId) ?? failingPapers.get(paper.id) ?? { status: 'sent', messageId: messageId() };
      calls.push({ kind: 'paper', channel, at: at(), paperId: paper.id, nonce, threadId, votes, votesWhere, sharedBy, result });
      return Promise.resolve(result);
    },
    messageLink(channel, message) {
      return Promise.resolve(`link:${channel.channelId}/${message.messageId}`);
    },
    addUpvoteReaction(channel, id) {
      calls.push({ kind: 'reaction', channel, at: at(), messageId: id });
      return Promise.resolve();
    },
    updateVotes(post, paper, votes, votesWhere) {
      calls.push({ kind: 'update', channel: post.channel, at: at(), messageId: post.messageId, messageChannelId: post.messageChannelId, paperId: paper.id, votes, votesWhere, sharedBy: post.sharedBy });
      return Promise.resolve();
    },
  };
  if (options.findDelivered) poster.findDelivered = options.findDelivered;
  return poster;
}
