/** Waiting for SIGINT or SIGTERM in a long-running command (`start`, `discord-proxy`). */

export interface StopSignal {
  /** Resolves on the first SIGINT or SIGTERM. */
  readonly requested: Promise<void>;
  /** Stops listening, e.g. when start-up failed and the process ends anyway. */
  dispose(): void;
}

/** Call before start-up: a signal during start-up (a deploy, a supervisor) must still end in an orderly stop. */
export function listenForStop(): StopSignal {
  let signalled: () => void = () => undefined;
  const requested = new Promise<void>((resolve) => (signalled = resolve));
  process.once('SIGINT', signalled);
  process.once('SIGTERM', signalled);
  return {
    requested,
    dispose() {
      process.off('SIGINT', signalled);
      process.off('SIGTERM', signalled);
    },
  };
}
