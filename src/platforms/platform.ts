/**
 * How the composition root starts and stops a chat platform. Each platform folder exports one
 * PlatformFactory; `paperboy start` runs every one whose credentials are configured.
 */
import type { Config } from '../config.js';
import type { DigestPoster } from '../core/post-digest.js';
import type { Clock } from '../core/ports.js';
import type { UseCases } from '../core/use-cases.js';
import type { Logger } from '../logger.js';

export interface RunningPlatform {
  readonly name: string;
  /**
   * How digests reach this platform: the poster already passed through `PlatformDeps.wrapPoster`,
   * the same one `/paperboy today` uses, so the scheduler shares its pacing and counting.
   */
  readonly poster?: DigestPoster;
  /** False while disconnected from the platform, for /healthz. */
  isConnected?(): boolean;
  stop(): Promise<void>;
}

export interface PlatformDeps {
  readonly config: Config;
  readonly logger: Logger;
  /** Everything a platform may do with papers, votes and subscriptions. */
  readonly useCases: UseCases;
  readonly clock: Clock;
  /** Reports how long a command took to get its first response, for /metrics. */
  readonly observeCommand?: (command: string, seconds: number) => void;
  /**
   * Decorates the platform's digest poster once (pacing, metrics) before anything posts with
   * it; the platform uses the result for `/paperboy today` and exposes it as
   * RunningPlatform.poster. Absent: the poster is used as it is.
   */
  readonly wrapPoster?: (poster: DigestPoster) => DigestPoster;
}

export interface PlatformFactory {
  readonly name: string;
  /** Why it cannot start (a missing setting), or undefined when it can. */
  missing(config: Config): string | undefined;
  start(deps: PlatformDeps): Promise<RunningPlatform>;
}
