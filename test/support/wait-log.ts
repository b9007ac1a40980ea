/**
 * An append-only record a fake keeps (requests, gateway frames, Web API calls) that tests can
 * wait on. `waitFor` looks at what is already recorded first, so a test never races the
 * request it is waiting for. Shared by the fake Discord and the fake Slack.
 */
export interface Log<T> {
  readonly items: readonly T[];
  push(item: T): void;
  waitFor(match: (item: T) => boolean, timeoutMs: number, label: string): Promise<T>;
  /** Rejects every pending wait (the fake is stopping). */
  close(): void;
}

interface Waiter<T> {
  readonly match: (item: T) => boolean;
  readonly resolve: (item: T) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export function createLog<T>(name: string, describe: (items: readonly T[]) => string): Log<T> {
  const items: T[] = [];
  const waiters = new Set<Waiter<T>>();

  return {
    items,
    push(item) {
      items.push(item);
      for (const waiter of waiters) {
        if (!waiter.match(item)) continue;
        clearTimeout(waiter.timer);
        waiters.delete(waiter);
        waiter.resolve(item);
      }
    },
    waitFor(match, timeoutMs, label) {
      const found = items.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${name}: no ${label} within ${timeoutMs} ms; recorded: ${describe(items)}`));
        }, timeoutMs);
        const waiter: Waiter<T> = { match, resolve, reject, timer };
        waiters.add(waiter);
      });
    },
    close() {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`${name} stopped while a test was waiting`));
      }
      waiters.clear();
    },
  };
}

/** Polls `condition` every 5 ms until it holds; rejects after `timeoutMs`, naming what it waited for. */
export async function waitUntil(condition: () => boolean, label: string, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`${label}: not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
