/** The one timer source for schedules: node-cron in production, a recording fake in tests. */
import cron from 'node-cron';

export interface CronJob {
  stop(): void;
}

export interface CronPort {
  /** Calls `run` whenever the wall clock in `timezone` matches `expression`. */
  schedule(expression: string, timezone: string, name: string, run: () => void): CronJob;
}

export const nodeCron: CronPort = {
  schedule(expression, timezone, name, run) {
    const task = cron.schedule(expression, run, { timezone, name, noOverlap: true });
    return {
      stop() {
        void task.destroy();
      },
    };
  },
};
