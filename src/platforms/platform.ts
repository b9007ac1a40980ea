/**
 * How the composition root builds, starts and stops a chat platform. Each platform folder
 * exports one PlatformFactory; `paperboy start` prepares every one whose credentials are set.
 *
 * Building happens in two steps so that nothing travels back up: `prepare` makes the platform's
 * clients and its digest poster (not yet connected); the root wraps the poster, hands it to the
 * use cases and the scheduler, and then `start` connects and answers commands with those use
 * cases.
 */
import type { Config } from '../config.js';
import type { PlatformName } from '../core/channels.js';
import type { Clock, DeliveryMarks, DigestPoster, FollowAlerter, InstallationStore } from '../core/ports.js';
import type { UseCases } from '../core/use-cases.js';
import type { Logger } from '../logger.js';

export interface PlatformContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Where a platform with an install flow (Slack's OAuth) keeps its workspaces' installations. */
  readonly installations: InstallationStore;
  /** Deliveries already acted on (a Slack retry or replay), shared by every instance. */
  readonly deliveryMarks: DeliveryMarks;
}

export interface PlatformStartDeps {
  /** Everything a platform may do with papers, votes and subscriptions. */
  readonly useCases: UseCases;
  /** Reports how long a command took to get its first response, for /metrics. */
  readonly observeCommand?: ((command: string, seconds: number) => void) | undefined;
  /** Counts a command answered with "slow down", for /metrics. */
  readonly observeThrottled?: ((platform: PlatformName) => void) | undefined;
  /** Counts a request refused at the door (bad signature, replay, too large), for /metrics. */
  readonly observeRefusal?: ((platform: PlatformName, reason: string) => void) | undefined;
}

/** One gateway connection of this instance (a Discord shard), for /healthz and /metrics. */
export interface ShardState {
  readonly id: number;
  /** The library's word for it: 'ready', 'connecting', 'resuming', … */
  readonly status: string;
  readonly connected: boolean;
  /** Last heartbeat round trip, once there has been one. */
  readonly pingMs?: number;
}

export interface ShardReport {
  /** Shards of the bot across every instance. */
  readonly count: number;
  /** The ones this instance runs. */
  readonly shards: readonly ShardState[];
}

export interface RunningPlatform {
  readonly name: PlatformName;
  /** False while disconnected from the platform (on Discord: while any of its shards is), for /healthz. */
  isConnected(): boolean;
  /** The gateway shards this instance runs, on platforms that shard (Discord). */
  shards?(): ShardReport;
  stop(): Promise<void>;
}

export interface PreparedPlatform {
  readonly name: PlatformName;
  /**
   * Whose rate limits a post spends: the one bot token's (Discord) or each workspace's own
   * (Slack). Scheduled digests then queue per platform or per workspace, so one workspace's
   * backlog or 429s never hold up another's.
   */
  readonly rateLimits: 'per-bot' | 'per-workspace';
  /** Posts digests; usable once `start` has connected. */
  readonly poster: DigestPoster;
  /** Sends follow alerts by direct message; usable once `start` has connected. */
  readonly alerter?: FollowAlerter | undefined;
  /** Connects and answers commands, reactions and buttons with `useCases`. */
  start(deps: PlatformStartDeps): Promise<RunningPlatform>;
}

export interface PlatformFactory {
  readonly name: PlatformName;
  /** Why it cannot start (a missing setting), or undefined when it can. */
  missing(config: Config): string | undefined;
  prepare(context: PlatformContext): PreparedPlatform;
}
