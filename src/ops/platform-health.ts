/**
 * A running chat platform as a /healthz check: healthy while connected; on a sharded platform
 * (Discord) it names the shards that are down and lists every shard this instance runs.
 */
import type { RunningPlatform, ShardReport } from '../platforms/platform.js';
import type { HealthCheck } from './health-server.js';

function notConnected(report: ShardReport | undefined): string {
  const down = report?.shards.filter((shard) => !shard.connected) ?? [];
  if (down.length === 0) return 'not connected';
  return `shard${down.length === 1 ? '' : 's'} ${down.map((shard) => `${shard.id} (${shard.status})`).join(', ')} of ${report?.count ?? '?'} not connected`;
}

export function platformHealthCheck(platform: RunningPlatform): HealthCheck {
  const shards = platform.shards?.bind(platform);
  return {
    name: platform.name,
    problem: () => Promise.resolve(platform.isConnected() ? undefined : notConnected(shards?.())),
    ...(shards === undefined ? {} : {
      details: () => {
        const report = shards();
        return { shardCount: report.count, shards: report.shards };
      },
    }),
  };
}
