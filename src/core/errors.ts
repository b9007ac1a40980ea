/**
 * Stable error codes. Expected outcomes (no papers today, a vanished channel) are return values,
 * not errors; these are for things that went wrong and must be caught once at the edge.
 */
export const ErrorCode = {
  ConfigInvalid: 'config_invalid',
  SourceHttp: 'source_http',
  SourceTimeout: 'source_timeout',
  SourceNetwork: 'source_network',
  SourceBadResponse: 'source_bad_response',
  SourceNotFound: 'source_not_found',
  StoreFailure: 'store_failure',
  UsageError: 'usage_error',
  InputInvalid: 'input_invalid',
  PlatformFailure: 'platform_failure',
  PermissionDenied: 'permission_denied',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra structured context for the log line at the edge. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** A one-line description of any thrown value, for logs and user-facing messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
