/**
 * Channel subscriptions to the digest: validating what an admin typed and storing it. Both
 * platforms parse their own command syntax into SubscribeInput and call these use cases.
 */
import { z } from 'zod';
import type { ChannelRef } from '../channels.js';
import type { Clock, SubscriptionStore } from '../ports.js';
import { CADENCES, type Cadence, type Subscription } from '../subscription.js';
import { checkFilter, keywordsToFilter } from './filter.js';
import { EVERY_DAY } from './schedule.js';

/** Most papers of one papers-day (or one weekly digest); keeps a channel readable and within rate limits. */
export const MAX_DIGEST_PAPERS = 25;
/** Limits of the old `keywords` option. */
export const MAX_KEYWORDS = 10;
export const MAX_KEYWORD_LENGTH = 40;
/** A weekly digest without a chosen day goes out on Mondays. */
export const DEFAULT_WEEKLY_DAY = 1;


export function isIanaTimezone(value: string): boolean {
  if (value.trim() === '' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Canonical spelling of a timezone (`europe/berlin` → `Europe/Berlin`). */
export function canonicalTimezone(value: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
}

const settingsSchema = z.object({
  time: z.string().trim().regex(/^([01]?\d|2[0-3]):[0-5]\d$/u, 'time must be HH:MM in 24-hour form, e.g. 09:30'),
  timezone: z.string().trim().refine(isIanaTimezone, 'timezone must be an IANA name such as Europe/Berlin or America/New_York'),
  maxPapers: z.number().int(`max_papers must be a whole number`).min(1, 'max_papers must be at least 1').max(MAX_DIGEST_PAPERS, `max_papers must be at most ${MAX_DIGEST_PAPERS}`),
  minUpvotes: z.number().int('min_upvotes must be a whole number').min(0, 'min_upvotes must be 0 or more').max(100_000, 'min_upvotes is too large'),
  /** Search-language text; checked by `checkFilter` (it needs the clock for `since:`). */
  filter: z.string(),
  cadence: z.enum(CADENCES as [Cadence, ...Cadence[]]),
  thread: z.boolean(),
  weekdays: z
    .array(z.number().int().min(0).max(6))
    .min(1, 'days must name at least one day, e.g. mon-fri')
    .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
  emptyNote: z.boolean(),
}).refine((settings) => settings.cadence === 'daily' || settings.weekdays.length === 1, {
  message: 'a weekly digest goes out on one day: give days:mon (or another single day)',
});

export type SubscriptionSettings = z.input<typeof settingsSchema>;

/** What a subscription starts from when the config does not say otherwise. */
export const DEFAULT_SCHEDULE = { weekdays: [...EVERY_DAY], emptyNote: false, filter: '', cadence: 'daily' } as const;

/** What a subscribe command may set; anything left out keeps the current value or the default. */
export type SubscribeInput = Partial<SubscriptionSettings>;

export type SubscribeResult =
  | { readonly status: 'created' | 'updated'; readonly subscription: Subscription }
  | { readonly status: 'invalid'; readonly problems: readonly string[] };

/**
 * Splits `a, b ,c` into trimmed keywords, dropping empties and duplicates: the old `keywords`
 * option, which the commands still accept and turn into the filter `a OR b OR c`.
 */
export function parseKeywordList(raw: string): string[] {
  return [...new Set(raw.split(',').map((keyword) => keyword.trim().toLowerCase()).filter(Boolean))];
}

export { keywordsToFilter };

export async function subscribeChannel(
  store: SubscriptionStore,
  clock: Clock,
  request: { channel: ChannelRef; userId: string; input: SubscribeInput; defaults: SubscriptionSettings },
): Promise<SubscribeResult> {
  const existing = await store.getSubscription(request.channel);
  const base: SubscriptionSettings = existing ? settingsOf(existing) : request.defaults;
  const input = definedOnly(request.input);
  const candidate = { ...base, ...input, weekdays: weekdaysFor(base, input) };
  const parsed = settingsSchema.safeParse(candidate);
  const filter = checkFilter(candidate.filter, clock.now());
  const problems = [...(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message)), ...(filter.status === 'invalid' ? filter.problems : [])];
  if (!parsed.success || filter.status === 'invalid') return { status: 'invalid', problems };

  const now = clock.now().toISOString();
  const settings = parsed.data;
  const subscription: Subscription = {
    ...request.channel,
    ...settings,
    time: settings.time.padStart(5, '0'),
    timezone: canonicalTimezone(settings.timezone),
    filter: filter.filter,
    // Subscribing again is how an admin resumes a paused digest after fixing the channel.
    consecutiveFailures: 0,
    pausedAt: undefined,
    pauseReason: undefined,
    createdBy: existing?.createdBy ?? request.userId,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await store.saveSubscription(subscription);
  return { status: existing ? 'updated' : 'created', subscription };
}

export async function unsubscribeChannel(store: SubscriptionStore, channel: ChannelRef): Promise<{ status: 'removed' | 'not_subscribed' }> {
  return { status: (await store.removeSubscription(channel)) ? 'removed' : 'not_subscribed' };
}

export function settingsOf(subscription: Subscription): SubscriptionSettings {
  const { time, timezone, maxPapers, minUpvotes, filter, cadence, thread, weekdays, emptyNote } = subscription;
  return { time, timezone, maxPapers, minUpvotes, filter, cadence, thread, weekdays: [...weekdays], emptyNote };
}

/**
 * The days to post on: as given; else, when the cadence changes, the new cadence's default
 * (every day for daily, Monday for weekly); else as they were.
 */
function weekdaysFor(base: SubscriptionSettings, input: SubscribeInput): readonly number[] {
  if (input.weekdays !== undefined) return input.weekdays;
  if (input.cadence === undefined || input.cadence === base.cadence) return base.weekdays;
  return input.cadence === 'weekly' ? [DEFAULT_WEEKLY_DAY] : [...EVERY_DAY];
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
