/**
 * Spacing the proxy's requests to Discord evenly: one every 1/N of a second.
 *
 * @discordjs/rest's global limit is a fixed one-second window opened by its first request, and
 * Discord counts its own second from wherever it starts. A burst at the end of one of our windows
 * and another at the start of the next can then land in one of Discord's seconds: up to twice the
 * budget there, answered with global 429s (measured with three instances). Requests sent at least
 * 1/N s apart put at most N in any second, however the two clocks are aligned.
 */

/** Waits for the caller's turn to send; rejects with the signal's reason if it is aborted first. */
export type Pace = (signal?: AbortSignal | null) => Promise<void>;

export function evenPacing(perSecond: number, now: () => number = Date.now): Pace {
  const interval = 1000 / perSecond;
  // When the next request may go; turns are handed out in call order, so waits never overlap.
  let nextTurn = 0;
  return async (signal) => {
    signal?.throwIfAborted();
    const at = Math.max(now(), nextTurn);
    nextTurn = at + interval;
    const wait = at - now();
    if (wait <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', aborted);
        resolve();
      }, Math.ceil(wait)); // never early: Node would round 20.8 ms down to 20
      // An aborted request gives up its turn; the turns after it stay where they were, which
      // only spaces those further apart, never closer.
      function aborted(): void {
        clearTimeout(timer);
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
      }
      signal?.addEventListener('abort', aborted, { once: true });
    });
  };
}
