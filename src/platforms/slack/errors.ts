/**
 * Slack Web API failures as the core's SendResult. Two questions per error: can retrying ever
 * help (`permanent`), and could Slack have posted the message anyway (`maybeDelivered`)? An
 * `ok:false` answer means Slack refused and posted nothing, except `internal_error` and
 * `fatal_error`, which Slack documents as "some aspect of the operation may have succeeded".
 */
import type { SendResult } from '../../core/posts.js';

/** Errors after which the same request can never succeed without someone changing something. */
export const PERMANENT_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  'ekm_access_denied',
  'org_login_required',
  // The payload itself is wrong (a formatter bug): resending it fails the same way.
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'msg_blocks_too_long',
  'too_many_attachments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
]);

const MAYBE_DONE_SLACK_ERRORS: ReadonlySet<string> = new Set(['internal_error', 'fatal_error']);

/** Socket errors raised before a request could be written: nothing reached Slack. */
const NOT_SENT_NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The message WebClient throws after waiting out a 429, to make its retry loop try again
 * (8.x wraps it in a WebAPIRequestError, whose `original` carries it).
 */
const RATE_LIMIT_RETRY = 'A rate limit was exceeded';

export function isRateLimitRetry(error: unknown): boolean {
  const message = (value: unknown): string => (value instanceof Error ? value.message : '');
  const original = typeof error === 'object' && error !== null ? (error as { original?: unknown }).original : undefined;
  return message(error).startsWith(RATE_LIMIT_RETRY) || message(original).startsWith(RATE_LIMIT_RETRY);
}

type Failed = Extract<SendResult, { status: 'failed' }>;

const failed = (reason: string, permanent: boolean, maybeDelivered: boolean): Failed => ({ status: 'failed', reason, permanent, maybeDelivered });

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The Slack `error` string of an ok:false answer, if this is one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (field(error, 'code') !== 'slack_webapi_platform_error') return undefined;
  const code = field(field(error, 'data'), 'error');
  return typeof code === 'string' ? code : undefined;
}

/** Finds a Node socket error code (`ECONNREFUSED`) anywhere in an error's cause chain. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    const code = field(current, 'code');
    if (typeof code === 'string' && /^E[A-Z]+$/u.test(code)) return code;
    current = field(current, 'original') ?? field(current, 'cause');
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    const name = field(current, 'name');
    if (name === 'TimeoutError' || name === 'AbortError') return true;
    current = field(current, 'original') ?? field(current, 'cause');
  }
  return false;
}

/** Paperboy is not (or no longer) installed in the workspace: nothing to retry until it is. */
export class WorkspaceNotInstalledError extends Error {
  readonly code = 'not_installed';
  constructor(readonly workspaceId: string, options?: ErrorOptions) {
    super(`Paperboy is not installed in Slack workspace ${workspaceId}`, options);
    this.name = 'WorkspaceNotInstalledError';
  }
}

export function isWorkspaceNotInstalled(error: unknown): error is WorkspaceNotInstalledError {
  return error instanceof WorkspaceNotInstalledError;
}

/**
 * No token could be had for the workspace, so nothing was sent: permanent when Paperboy is not
 * installed there (any more), else (the store did not answer) worth another try.
 */
export function unreachableWorkspaceFailure(error: unknown): Failed {
  return isWorkspaceNotInstalled(error) ? failed('not_installed', true, false) : failed('no_token', false, false);
}

export function sendFailureFromSlackError(error: unknown): Failed {
  const code = field(error, 'code');
  const slackCode = slackErrorCode(error);
  if (slackCode !== undefined) {
    return failed(slackCode, PERMANENT_SLACK_ERRORS.has(slackCode), MAYBE_DONE_SLACK_ERRORS.has(slackCode));
  }
  if (code === 'slack_webapi_rate_limited_error') return failed('rate_limited', false, false);
  if (code === 'slack_webapi_http_error') {
    const status = Number(field(error, 'statusCode'));
    return failed(`http_${Number.isFinite(status) ? status : 'error'}`, false, !(status >= 400 && status < 500));
  }
  // WebClient's own 429 handling gives up with this error once its retries are spent.
  if (isRateLimitRetry(error)) return failed('rate_limited', false, false);
  if (isTimeout(error)) return failed('timeout', false, true);
  const network = networkCode(error);
  if (network !== undefined) return failed(`network_${network}`, false, !NOT_SENT_NETWORK_CODES.has(network));
  // Unknown: assume the worst for duplicates (the ledger keeps the post pending).
  return failed(code === 'slack_webapi_request_error' ? 'network_error' : 'unknown_error', false, true);
}
