/** `paperboy start`: run the bot until SIGINT or SIGTERM. */
import { startPaperboy } from '../main.js';
import { discordPlatform } from '../platforms/discord/platform.js';
import type { PlatformFactory } from '../platforms/platform.js';
import { slackPlatform } from '../platforms/slack/platform.js';
import { parseCommandArgs } from './args.js';
import { writeLine, type CliIo } from './io.js';
import { watchProcessFaults } from './process-faults.js';
import { loadRuntime } from './runtime.js';
import { listenForStop } from './signals.js';

/** Every platform Paperboy knows; each starts only when its credentials are set. */
export const PLATFORMS: readonly PlatformFactory[] = [discordPlatform, slackPlatform];

/** Shutdown must finish within this; then the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

export const START_HELP = `Usage: paperboy start

Runs the bot with every chat platform whose credentials are set in the environment
(see .env.example). Stops cleanly on SIGINT or SIGTERM; an error nothing caught is logged
and also leads to a clean stop, then exit code 1.`;

export async function runStart(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('start', argv, { help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) {
    writeLine(io.stdout, START_HELP);
    return 0;
  }
  const { config, logger } = loadRuntime(io);
  // Listen before starting: a SIGTERM during start-up must still end in an orderly stop once
  // start-up is done, not in the default kill. A process fault ends the same way, with exit 1.
  const stop = listenForStop();
  let exitCode = 0;
  let faulted: () => void = () => undefined;
  const fault = new Promise<void>((resolveFault) => (faulted = resolveFault));
  const unwatch = watchProcessFaults(process, logger, () => {
    exitCode = 1;
    faulted();
  });
  let bot;
  try {
    bot = await startPaperboy({ config, logger, cwd: io.cwd, platforms: PLATFORMS });
  } catch (error) {
    stop.dispose();
    unwatch();
    throw error;
  }
  await Promise.race([stop.requested, fault]);
  stop.dispose();
  logger.info('shutting down');
  const deadline = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  await bot.stop();
  clearTimeout(deadline);
  unwatch();
  return exitCode;
}
