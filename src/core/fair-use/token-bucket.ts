/**
 * Fair use of the bot: a token bucket per user. Each command takes a token; a user holds at
 * most `burst` and gets `perMinute` back each minute, so a person can search freely in bursts
 * while a script that sends hundreds is told to slow down after the first few. This bucket
 * lives in one process; several instances would share one in the store (the CommandLimiter port).
 */
import type { CommandLimiter, LimitDecision } from '../ports.js';

export interface TokenBucketSettings {
  /** Commands a user may send back to back. */
  readonly burst: number;
  /** Commands a user gets back per minute. */
  readonly perMinute: number;
  /** Users remembered at once; full buckets are forgotten first (they hold no information). */
  readonly maxKeys?: number;
}

const DEFAULT_MAX_KEYS = 50_000;

/** `now` is elapsed real time in ms (not the business clock, which tests pin to one instant). */
export function createTokenBucketLimiter(settings: TokenBucketSettings, now: () => number = () => performance.now()): CommandLimiter {
  const burst = Math.max(1, settings.burst);
  const perMs = Math.max(settings.perMinute, 0.001) / 60_000;
  const maxKeys = settings.maxKeys ?? DEFAULT_MAX_KEYS;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function level(key: string, now: number): { tokens: number; at: number } {
    const bucket = buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    return bucket;
  }

  function remember(key: string, bucket: { tokens: number; at: number }, now: number): void {
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size <= maxKeys) return;
    // The least recently seen users first; one whose bucket has refilled lost nothing.
    for (const [oldKey, oldBucket] of buckets) {
      if (buckets.size <= maxKeys) break;
      if (oldBucket.tokens + (now - oldBucket.at) * perMs >= burst || buckets.size > maxKeys * 2) buckets.delete(oldKey);
    }
  }

  return {
    take(key, cost = 1): Promise<LimitDecision> {
      const at = now();
      const bucket = level(key, at);
      if (bucket.tokens >= cost) {
        bucket.tokens -= cost;
        remember(key, bucket, at);
        return Promise.resolve({ allowed: true });
      }
      remember(key, bucket, at);
      return Promise.resolve({ allowed: false, retryAfterMs: Math.ceil((cost - bucket.tokens) / perMs) });
    },
  };
}
