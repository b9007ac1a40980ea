/**
 * The post ledger's discipline for any message that must reach a place at most once: a digest's
 * header and papers, a shared card, a person's follow alert. The post is recorded as pending
 * before it is sent and as sent after; a post an earlier run left pending is first looked for on
 * the platform (it may have gone out before the crash), then sent again with the same nonce,
 * which the platform dedupes where it can. A failure that certainly created nothing frees the
 * key, so a later attempt can try again.
 */
import type { ChannelRef } from './channels.js';
import type { Clock, DigestPoster, PostLedger } from './ports.js';
import type { PendingPost, SendFailure, SendResult, SentMessage } from './posts.js';

export interface GuardedSendDeps {
  readonly ledger: PostLedger;
  readonly clock: Clock;
}

export type GuardedStep = { readonly status: 'sent'; readonly message: SentMessage; readonly recovered: boolean } | SendFailure;

export interface GuardedPost {
  /** The ledger key (posts.ts). */
  readonly key: string;
  readonly day?: string | undefined;
  readonly sharedBy?: string | undefined;
}

export interface GuardedAttempt {
  readonly send: (nonce: string) => Promise<SendResult>;
  /** Looks for an earlier, unrecorded delivery of this post (see DigestPoster.findDelivered). */
  readonly find?: ((nonce: string) => Promise<SentMessage | SendFailure | undefined>) | undefined;
  /** The thread the message goes into, when not the channel itself. */
  readonly threadId?: string | undefined;
}

export async function guardedSend(deps: GuardedSendDeps, channel: ChannelRef, post: GuardedPost, attempt: GuardedAttempt): Promise<GuardedStep> {
  const { ledger, clock } = deps;
  const { key } = post;
  const prior = await ledger.findPost(channel, key);
  const record = await ledger.beginPost({ channel, paperId: key, day: post.day, sharedBy: post.sharedBy, at: clock.now().toISOString() });
  if (prior?.state === 'pending' && attempt.find) {
    const found = await attempt.find(record.nonce);
    // The message is out, so the post stays pending whatever the failure says.
    if (found && 'status' in found) return found;
    if (found) {
      await ledger.markSent(channel, key, found, clock.now().toISOString());
      return { status: 'sent', message: found, recovered: true };
    }
  }
  const result = await attempt.send(record.nonce);
  if (result.status === 'failed') {
    if (!result.maybeDelivered) await ledger.abandonPost(channel, key);
    return result;
  }
  const message: SentMessage = {
    messageId: result.messageId,
    messageChannelId: result.messageChannelId ?? attempt.threadId ?? channel.channelId,
    threadId: result.threadId,
  };
  await ledger.markSent(channel, key, message, clock.now().toISOString());
  return { status: 'sent', message, recovered: false };
}

/** The poster's lookup for an unrecorded earlier delivery of `post`, when it has one. */
export function finder(poster: DigestPoster, channel: ChannelRef, post: PendingPost, where: { threadId?: string | undefined }) {
  if (poster.findDelivered === undefined) return undefined;
  return (nonce: string) => poster.findDelivered?.(channel, nonce, where, post) ?? Promise.resolve(undefined);
}
