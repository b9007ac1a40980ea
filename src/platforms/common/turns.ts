/**
 * Lets heavy synchronous work (a search over the SQLite index takes milliseconds on a large
 * archive) start at most once per event-loop turn, and, where the platform can tell, not while
 * a command that already arrived still waits for its first answer. Between two starts Node
 * reads the sockets again, so a command that came in meanwhile is acknowledged first: under
 * load, answering within Discord's and Slack's 3 seconds matters more than finishing any one
 * search sooner.
 */
export interface Turns {
  /** Resolves when it is this caller's turn; start the work right after, without awaiting first. */
  take(): Promise<void>;
}

export interface TurnsOptions {
  /** True while some command still waits for its first response. */
  readonly busy?: () => boolean;
  /** Longest a turn is held back for busy(), so a lost answer cannot stall searches. */
  readonly maxHoldMs?: number;
}

export function createTurns(options: TurnsOptions = {}): Turns {
  const busy = options.busy ?? (() => false);
  const maxHoldMs = options.maxHoldMs ?? 250;
  const waiting: (() => void)[] = [];
  let scheduled = false;
  let heldSince: number | undefined;

  function next(): void {
    scheduled = false;
    if (busy() && performance.now() - (heldSince ??= performance.now()) < maxHoldMs) {
      schedule();
      return;
    }
    heldSince = undefined;
    waiting.shift()?.();
    // An immediate queued from inside an immediate runs on the next turn, after the poll phase.
    if (waiting.length > 0) schedule();
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(next);
  }

  return {
    take() {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        schedule();
      });
    },
  };
}
