/**
 * The series Paperboy exports, and decorators that count at the ports (posters, source) so no
 * adapter has to know about metrics.
 */
import type { PlatformName } from '../core/channels.js';
import type { DeliveryOutcome } from '../core/digest/deliver.js';
import type { PaperSource, DigestPoster } from '../core/ports.js';
import type { ShardReport } from '../platforms/platform.js';
import { createMetricsRegistry, LATENCY_BUCKETS, type MetricsRegistry } from './metrics.js';
import type { SendResult } from '../core/posts.js';

export interface PaperboyMetrics {
  readonly registry: MetricsRegistry;
  countPosts(platform: PlatformName, poster: DigestPoster): DigestPoster;
  countSourceErrors(source: PaperSource): PaperSource;
  recordRun(platform: PlatformName, outcome: DeliveryOutcome): void;
  observeCommand(platform: string, command: string, seconds: number): void;
  /** Exports the shards a running platform holds, read at each scrape. */
  watchShards(platform: PlatformName, report: () => ShardReport): void;
  /** A request refused before any handler ran (bad signature, replay, too large). */
  countRefusal(platform: string, reason: string): void;
  /** A command answered with "slow down" instead of being run. */
  countThrottled(platform: string): void;
}

export function createPaperboyMetrics(): PaperboyMetrics {
  const registry = createMetricsRegistry();
  const postsSent = registry.counter('paperboy_posts_sent_total', 'Digest messages (headers and papers) the platform accepted.');
  const postsFailed = registry.counter('paperboy_posts_failed_total', 'Digest messages that failed, by whether the failure is permanent.');
  const runs = registry.counter('paperboy_digest_runs_total', 'Scheduled digest deliveries by outcome.');
  const sourceErrors = registry.counter('paperboy_source_fetch_errors_total', 'Failed Hugging Face requests (after the client\'s own retries).');
  const refusals = registry.counter('paperboy_requests_refused_total', 'Inbound requests refused before any handler ran, by reason.');
  const throttled = registry.counter('paperboy_commands_throttled_total', 'Commands answered with "slow down" by the per-user limit.');
  const commands = registry.histogram('paperboy_command_duration_seconds', 'Time from a command reaching the bot to its first response.', LATENCY_BUCKETS);
  const sharded: { platform: PlatformName; report: () => ShardReport }[] = [];
  registry.gauge('paperboy_shard_count', 'Gateway shards of the bot across every instance.', () =>
    sharded.map(({ platform, report }) => ({ labels: { platform }, value: report().count })));
  registry.gauge('paperboy_shard_connected', 'Whether each gateway shard this instance runs is connected (1) or not (0).', () =>
    sharded.flatMap(({ platform, report }) => report().shards.map((shard) => ({ labels: { platform, shard: String(shard.id) }, value: shard.connected ? 1 : 0 }))));

  const count = (platform: PlatformName, result: SendResult) => {
    if (result.status === 'sent') postsSent.inc({ platform });
    else postsFailed.inc({ platform, permanent: String(result.permanent) });
    return result;
  };
  const failing = <T>(operation: string, promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      sourceErrors.inc({ operation });
      throw error;
    });

  return {
    registry,
    countPosts: (platform, poster) => ({
      postHeader: async (channel, plan, options) => count(platform, await poster.postHeader(channel, plan, options)),
      postPaper: async (channel, paper, options) => count(platform, await poster.postPaper(channel, paper, options)),
      addUpvoteReaction: (channel, messageId) => poster.addUpvoteReaction(channel, messageId),
      ...(poster.findDelivered ? { findDelivered: poster.findDelivered.bind(poster) } : {}),
      ...(poster.updateVotes ? { updateVotes: poster.updateVotes.bind(poster) } : {}),
      ...(poster.messageLink ? { messageLink: poster.messageLink.bind(poster) } : {}),
    }),
    countSourceErrors: (source) => ({
      fetchDay: (day, options) => failing('daily_papers', source.fetchDay(day, options)),
      search: (query, limit, options) => failing('search', source.search(query, limit, options)),
      getPaper: (id, options) => failing('paper', source.getPaper(id, options)),
    }),
    recordRun: (platform, outcome) => runs.inc({ platform, outcome: outcome.status }),
    observeCommand: (platform, command, seconds) => commands.observe({ platform, command }, seconds),
    watchShards: (platform, report) => { sharded.push({ platform, report }); },
    countRefusal: (platform, reason) => refusals.inc({ platform, reason }),
    countThrottled: (platform) => throttled.inc({ platform }),
  };
}
