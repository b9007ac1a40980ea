/**
 * WebClient settings. The SDK default retries every failure ten times over thirty minutes;
 * ours are bounded. Reads (users.info, auth.test) retry briefly. Posting retries only rate
 * limits: WebClient itself waits out `Retry-After` on a 429 and then tries again, but a 5xx or
 * a timeout on chat.postMessage may already have posted, so it is reported, never resent.
 */
import { webApi } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import { isRateLimitRetry } from './errors.js';

/** Requests that get no answer in this time fail; a post then counts as maybe delivered. */
export const SLACK_REQUEST_TIMEOUT_MS = 10_000;
/** 429s in a row that one call waits out before it gives up. */
export const RATE_LIMIT_RETRIES = 3;

export const READ_RETRY_POLICY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 3_000, randomize: true };

/**
 * WebClient hands its retry options to p-retry, which calls `onFailedAttempt` before each
 * retry; throwing there ends the loop. Everything but WebClient's own rate-limit signal ends it.
 */
export function rateLimitOnlyRetryPolicy(retries = RATE_LIMIT_RETRIES): webApi.RetryOptions {
  const policy = {
    retries,
    factor: 1,
    minTimeout: 0,
    maxTimeout: 0,
    onFailedAttempt: (error: Error) => {
      if (!isRateLimitRetry(error)) throw error;
    },
  };
  return policy;
}

export interface SlackClientSettings {
  readonly apiUrl?: string | undefined;
  readonly logger: BoltLogger;
}

/** Options for Bolt's own client (commands, events, users.info). */
export function boltClientOptions(settings: SlackClientSettings): webApi.WebClientOptions {
  return {
    ...(settings.apiUrl === undefined ? {} : { slackApiUrl: settings.apiUrl }),
    retryConfig: READ_RETRY_POLICY,
    timeout: SLACK_REQUEST_TIMEOUT_MS,
    logger: settings.logger,
  };
}

/** A separate client for digest posts, so its narrower retry rule cannot affect reads. */
export function createPostingClient(token: string, settings: SlackClientSettings): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(settings.apiUrl === undefined ? {} : { slackApiUrl: settings.apiUrl }),
    retryConfig: rateLimitOnlyRetryPolicy(),
    timeout: SLACK_REQUEST_TIMEOUT_MS,
    logger: settings.logger,
  });
}

/**
 * A third client for vote-count edits (chat.update). WebClient pauses its whole request queue
 * while it waits out a 429, so edits sharing the posting client could hold digest posts back;
 * on their own client a rate-limited edit fails at once instead, and the next vote retries it.
 */
export function createEditingClient(token: string, settings: SlackClientSettings): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(settings.apiUrl === undefined ? {} : { slackApiUrl: settings.apiUrl }),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: SLACK_REQUEST_TIMEOUT_MS,
    logger: settings.logger,
  });
}
