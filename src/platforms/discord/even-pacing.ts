/**
 * Spacing the proxy's requests to Discord evenly: one every 1/N of a second.
 *
 * @discordjs/rest's global limit is a fixed one-second window opened by its first request, and
 * Discord counts its own second from wherever it starts. A burst at the end of one of our windows
 * and another at the start of the next can then land in one of Discord's seconds: up to twice the
 * budget there, answered with global 429s (measured with three instances). Requests sent 1/N s
 * apart put at most N in any second, however the two clocks are aligned.
 *
 * Turns follow a fixed schedule, so timers firing a little late do not slow the pace; a turn
 * missed by more than a turn's length (a stall) is not made up; and no request goes while N have
 * gone in the last second, so the catch-up after a small delay keeps to N in any second too.
 */

/** Waits for the caller's turn to send; rejects with the signal's reason if it is aborted first. */
export type Pace = (signal?: AbortSignal | null) => Promise<void>;

interface Waiter {
  readonly resolve: () => void;
  readonly signal: AbortSignal | null | undefined;
  readonly aborted: () => void;
}

const SECOND = 1000;

export function evenPacing(perSecond: number, now: () => number = Date.now): Pace {
  const interval = SECOND / perSecond;
  const waiting: Waiter[] = [];
  // When each of the last `perSecond` requests went, oldest first.
  const sent: number[] = [];
  // The schedule: when the next turn is due.
  let nextTurn = -Infinity;
  let timer: NodeJS.Timeout | undefined;

  function dueAt(): number {
    const secondAgo = sent.length < perSecond ? -Infinity : (sent[0] ?? -Infinity) + SECOND;
    return Math.max(nextTurn, secondAgo);
  }

  function release(): void {
    timer = undefined;
    for (;;) {
      const waiter = waiting[0];
      if (waiter === undefined) return;
      const at = dueAt();
      const time = now();
      if (at > time) {
        // Never early: Node would round a wait of 20.8 ms down to 20.
        timer = setTimeout(release, Math.ceil(at - time));
        return;
      }
      waiting.shift();
      waiter.signal?.removeEventListener('abort', waiter.aborted);
      // Late by less than a turn: keep the schedule. Later (a quiet spell, a stall): start it
      // again from now rather than hand out the missed turns at once.
      nextTurn = (time - at < interval ? at : time) + interval;
      sent.push(time);
      if (sent.length > perSecond) sent.shift();
      waiter.resolve();
    }
  }

  return (signal) => new Promise<void>((resolve, reject) => {
    signal?.throwIfAborted();
    const waiter: Waiter = {
      resolve,
      signal,
      // An aborted request gives up its place; the others keep the schedule.
      aborted: () => {
        const index = waiting.indexOf(waiter);
        if (index >= 0) waiting.splice(index, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
      },
    };
    signal?.addEventListener('abort', waiter.aborted, { once: true });
    waiting.push(waiter);
    if (timer === undefined) release();
  });
}
