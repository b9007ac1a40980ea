/**
 * Outbound pacing. Slack allows about one message per second per channel; a digest of eleven
 * messages must not burst. Pacing is per channel, so one slow or broken channel never delays
 * the others, and channels are worked on side by side up to a concurrency limit per lane: a
 * lane is a platform whose limits belong to its one bot token (Discord), or one workspace of a
 * platform whose limits belong to each workspace's token (Slack), so a workspace stuck in 429s
 * holds none of the places another workspace's digests queue for.
 */
import { channelKey, type ChannelRef, type PlatformName } from '../core/channels.js';
import { realSleep, type Clock, type DigestPoster, type Sleep } from '../core/ports.js';

/** Wraps a poster so consecutive messages to one channel are at least `minIntervalMs` apart. */
export function pacedPoster(poster: DigestPoster, options: { minIntervalMs: number; clock: Clock; sleep?: Sleep }): DigestPoster {
  if (options.minIntervalMs <= 0) return poster;
  const sleep = options.sleep ?? realSleep;
  const lastSend = new Map<string, number>();
  const tails = new Map<string, Promise<unknown>>();

  async function paced<T>(channel: ChannelRef, send: () => Promise<T>): Promise<T> {
    const key = channelKey(channel);
    const run = async () => {
      const wait = (lastSend.get(key) ?? -Infinity) + options.minIntervalMs - options.clock.now().getTime();
      if (wait > 0) await sleep(wait);
      try {
        return await send();
      } finally {
        lastSend.set(key, options.clock.now().getTime());
      }
    };
    const result = (tails.get(key) ?? Promise.resolve()).then(run, run);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  }

  return {
    postHeader: (channel, plan, opts) => paced(channel, () => poster.postHeader(channel, plan, opts)),
    postPaper: (channel, paper, opts) => paced(channel, () => poster.postPaper(channel, paper, opts)),
    addUpvoteReaction: (channel, messageId) => poster.addUpvoteReaction(channel, messageId),
    ...(poster.findDelivered ? { findDelivered: poster.findDelivered.bind(poster) } : {}),
    ...(poster.updateVotes ? { updateVotes: poster.updateVotes.bind(poster) } : {}),
    ...(poster.messageLink ? { messageLink: poster.messageLink.bind(poster) } : {}),
  };
}

/** Whose rate limits a platform's posts spend (a PreparedPlatform says). */
export type RateLimitScope = 'per-bot' | 'per-workspace';

/** The queue a channel's scheduled digest waits in. */
export function laneOf(channel: ChannelRef, scopes: Partial<Record<PlatformName, RateLimitScope>>): string {
  return scopes[channel.platform] === 'per-workspace' ? `${channel.platform}:${channel.workspaceId}` : channel.platform;
}

/** Runs at most `concurrency` tasks at once, in the order they were queued. */
export interface WorkQueue {
  push<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void>;
  readonly pending: number;
}

export function createWorkQueue(concurrency: number): WorkQueue {
  const waiting: (() => void)[] = [];
  let active = 0;
  let queued = 0;
  let idleWaiters: (() => void)[] = [];

  const settle = () => {
    if (active === 0 && waiting.length === 0) {
      const done = idleWaiters;
      idleWaiters = [];
      for (const resolve of done) resolve();
    }
  };

  return {
    get pending() {
      return queued;
    },
    push(task) {
      queued += 1;
      return new Promise((resolve, reject) => {
        const start = () => {
          active += 1;
          task()
            .then(resolve, reject)
            .finally(() => {
              active -= 1;
              queued -= 1;
              waiting.shift()?.();
              settle();
            });
        };
        if (active < concurrency) start();
        else waiting.push(start);
      });
    },
    idle() {
      if (active === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
