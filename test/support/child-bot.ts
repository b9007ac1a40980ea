/**
 * The real bot as a child process, for the tests that kill and restart it: where it lives, how
 * it is started against the loopback fakes, how a test waits on it, and the seeded random kill
 * moments (seeded, so a failing run can be replayed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');

/** A seeded PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/** Polls `condition` every `stepMs` until it holds or `timeoutMs` passes; its last answer. */
export async function waitFor(condition: () => boolean, timeoutMs: number, stepMs = 20): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolveWait) => setTimeout(resolveWait, stepMs));
  }
  return condition();
}

/** Resolves with the exit code (null when a signal ended it) once the process has ended. */
export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolveExit) => child.once('exit', (code) => { resolveExit(code); }));
}

/** `paperboy start` in `cwd` on its SQLite file there, against the fakes of Hugging Face, Discord and Slack. */
export function startBotProcess(cwd: string, fakes: { hfUrl: string; discordUrl: string; slackUrl: string }): ChildProcess {
  return spawn(process.execPath, [join(REPO, 'bin', 'paperboy.js'), 'start'], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HF_BASE_URL: fakes.hfUrl,
      DATABASE_PATH: join(cwd, 'paperboy.db'),
      LOG_LEVEL: 'warn',
      DISCORD_TOKEN: 'crash-test-token',
      DISCORD_API_URL: fakes.discordUrl,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'crash-test-secret',
      SLACK_API_URL: fakes.slackUrl,
      SLACK_HOST: '127.0.0.1',
      SLACK_PORT: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
