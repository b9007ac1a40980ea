/**
 * IDENTIFY turns taken from the shared Discord proxy (rest-proxy.ts) instead of this process's
 * own throttler: Discord counts identify concurrency per token, so shards of several instances
 * must queue in one place. Plugged into discord.js as `ws.buildIdentifyThrottler`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { IIdentifyThrottler } from 'discord.js';
import type { Logger } from '../../logger.js';
import { loggableError } from './errors.js';

/** How long to wait before asking again when the proxy cannot be reached (a restart, say). */
const RETRY_MS = 1_000;

export interface IdentifyTurnsOptions {
  /** DISCORD_PROXY_URL. */
  readonly proxyUrl: string;
  readonly token: string;
  /** From GET /gateway/bot: shards identify in buckets of `shard_id % max_concurrency`. */
  readonly maxConcurrency: number;
  readonly logger: Logger;
}

export function proxyIdentifyThrottler(options: IdentifyTurnsOptions): IIdentifyThrottler {
  const url = `${options.proxyUrl.replace(/\/+$/u, '')}/identify`;
  const body = (shardId: number) => JSON.stringify({ shardId, maxConcurrency: options.maxConcurrency });
  return {
    async waitForIdentify(shardId, signal) {
      // Identifying without a turn could cost every session of the token, so keep asking.
      for (;;) {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { authorization: `Bot ${options.token}`, 'content-type': 'application/json' },
            body: body(shardId),
            signal,
          });
          if (response.status === 204) return;
          throw new Error(`the Discord proxy answered ${response.status} to an identify turn: ${await response.text()}`);
        } catch (error) {
          if (signal.aborted) throw error;
          options.logger.warn({ shard: shardId, err: loggableError(error) }, 'could not get an identify turn from the Discord proxy; asking again');
        }
        await sleep(RETRY_MS, undefined, { signal });
      }
    },
  };
}
