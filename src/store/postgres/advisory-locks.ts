/**
 * Paperboy's PostgreSQL advisory locks. Every lock uses the two-key form (namespace, key), so
 * Paperboy's locks never collide with another application's on the same database, and a
 * channel's hashed key never collides with a fixed one.
 */

/** Namespaces: the first key of each lock. 'PB' then a letter, so they read well in pg_locks. */
export const LockNamespace = {
  /** Fixed, store-wide locks (LockKey). */
  store: 0x5042_0073,
  /** One lock per channel (ChannelLock), keyed by a hash of the channel key. */
  channel: 0x5042_0063,
  /** One lock per person who follows, keyed by a hash of platform and user, held while a follow is added. */
  follower: 0x5042_0066,
} as const;

/** Keys within the `store` namespace. */
export const LockKey = {
  /** Held while migrations run, so only one instance applies them. */
  migrations: 1,
  /** Held by a paper upsert's transaction, so two instances never insert the same paper at once. */
  paperUpsert: 2,
} as const;

/** FNV-1a of the text as a signed 32-bit integer: the same on every instance and version. */
export function lockKeyOf(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
