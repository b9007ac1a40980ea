import { afterEach, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../src/ops/metrics.js';
import { createPaperboyMetrics } from '../../src/ops/paperboy-metrics.js';
import { startHealthServer, type HealthServer } from '../../src/ops/health-server.js';
import type { PaperSource } from '../../src/core/ports.js';
import { platformHealthCheck } from '../../src/ops/platform-health.js';
import type { RunningPlatform, ShardReport } from '../../src/platforms/platform.js';
import { makePaper } from '../support/papers.js';
import { recordingPoster, sendFailure } from '../support/recording-poster.js';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('metrics', () => {
  it('renders counters and histograms in the Prometheus text format, labels escaped', () => {
    const registry = createMetricsRegistry();
    const counter = registry.counter('x_total', 'Things.');
    counter.inc({ platform: 'slack' });
    counter.inc({ platform: 'slack' }, 2);
    counter.inc({ platform: 'we"ird\n' });
    const histogram = registry.histogram('lat_seconds', 'Latency.', [0.1, 1]);
    histogram.observe({ command: 'papers' }, 0.05);
    histogram.observe({ command: 'papers' }, 0.5);
    const text = registry.render();
    expect(text).toContain('# TYPE x_total counter');
    expect(text).toContain('x_total{platform="slack"} 3');
    expect(text).toContain('x_total{platform="we\\"ird\\n"} 1');
    expect(text).toContain('lat_seconds_bucket{command="papers",le="0.1"} 1');
    expect(text).toContain('lat_seconds_bucket{command="papers",le="1"} 2');
    expect(text).toContain('lat_seconds_bucket{command="papers",le="+Inf"} 2');
    expect(text).toContain('lat_seconds_count{command="papers"} 2');
  });

  it('counts posts and source errors at the ports', async () => {
    const metrics = createPaperboyMetrics();
    const poster = recordingPoster();
    poster.failPaper('2606.00001', sendFailure('gone', { permanent: true }));
    const counted = metrics.countPosts('discord', poster);
    const channel = { platform: 'discord' as const, workspaceId: 'G', channelId: 'C' };
    await counted.postHeader(channel, { day: 'd', papers: [], availableCount: 0 }, { thread: false, nonce: 'n' });
    await counted.postPaper(channel, makePaper('2606.00001'), { nonce: 'n', votes: 0 });
    const source: PaperSource = { fetchDay: () => Promise.reject(new Error('down')), search: () => Promise.resolve({ papers: [], skipped: [] }), getPaper: () => Promise.resolve(undefined) };
    await expect(metrics.countSourceErrors(source).fetchDay('2026-06-12')).rejects.toThrow('down');
    const text = metrics.registry.render();
    expect(text).toContain('paperboy_posts_sent_total{platform="discord"} 1');
    expect(text).toContain('paperboy_posts_failed_total{platform="discord",permanent="true"} 1');
    expect(text).toContain('paperboy_source_fetch_errors_total{operation="daily_papers"} 1');
  });

  it("passes reactions, vote edits and lookups of unrecorded posts through to the platform's poster, uncounted", async () => {
    const metrics = createPaperboyMetrics();
    const found = { messageId: 'M1', messageChannelId: 'C' };
    const poster = recordingPoster({ findDelivered: () => Promise.resolve(found) });
    const counted = metrics.countPosts('slack', poster);
    const channel = { platform: 'slack' as const, workspaceId: 'T', channelId: 'C' };
    const paper = makePaper('2606.00001');
    await counted.addUpvoteReaction(channel, 'M1');
    await counted.updateVotes?.({ channel, messageId: 'M1', messageChannelId: 'C' }, paper, 2);
    expect(await counted.findDelivered?.(channel, 'n', {}, { kind: 'paper', key: paper.id, paper })).toEqual(found);
    expect(poster.calls.map((call) => call.kind)).toEqual(['reaction', 'update']);
    expect(metrics.registry.render()).not.toContain('paperboy_posts_sent_total{platform="slack"}');
  });
});

describe('health server', () => {
  it('answers /healthz 200 when every check passes and 503 with reasons when one fails', async () => {
    let connected = true;
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      metrics: () => 'm 1\n',
      checks: [{ name: 'store', problem: () => Promise.resolve(undefined) }, { name: 'discord', problem: () => Promise.resolve(connected ? undefined : 'not connected') }],
    });
    const base = `http://127.0.0.1:${server.port}`;
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok', problems: [] });
    connected = false;
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', problems: [{ check: 'discord', problem: 'not connected' }] });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toBe('m 1\n');
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('says which shards a platform runs, healthy or not, and names the ones that are down', async () => {
    let report: ShardReport = { count: 4, shards: [{ id: 1, status: 'ready', connected: true, pingMs: 12 }, { id: 3, status: 'ready', connected: true }] };
    const platform: RunningPlatform = {
      name: 'discord',
      isConnected: () => report.shards.every((shard) => shard.connected),
      shards: () => report,
      stop: () => Promise.resolve(),
    };
    server = await startHealthServer({ port: 0, host: '127.0.0.1', metrics: () => '', checks: [platformHealthCheck(platform)] });
    const healthz = async (): Promise<unknown> => (await fetch(`http://127.0.0.1:${server?.port ?? 0}/healthz`)).json();
    expect(await healthz()).toEqual({ status: 'ok', problems: [], details: { discord: { shardCount: 4, shards: report.shards } } });
    report = { count: 4, shards: [{ id: 1, status: 'reconnecting', connected: false }, { id: 3, status: 'ready', connected: true }] };
    expect(await healthz()).toMatchObject({ status: 'unavailable', problems: [{ check: 'discord', problem: 'shard 1 (reconnecting) of 4 not connected' }] });
    const unsharded: RunningPlatform = { name: 'slack', isConnected: () => false, stop: () => Promise.resolve() };
    expect(await platformHealthCheck(unsharded).problem()).toBe('not connected');
    expect('details' in platformHealthCheck(unsharded)).toBe(false);
  });
});

describe('shard metrics', () => {
  it('exports the shard count and whether each shard this instance runs is connected, read at each scrape', () => {
    const metrics = createPaperboyMetrics();
    let connected = true;
    metrics.watchShards('discord', () => ({ count: 2, shards: [{ id: 1, status: connected ? 'ready' : 'resuming', connected }] }));
    expect(metrics.registry.render()).toContain('# TYPE paperboy_shard_connected gauge');
    expect(metrics.registry.render()).toContain('paperboy_shard_count{platform="discord"} 2');
    expect(metrics.registry.render()).toContain('paperboy_shard_connected{platform="discord",shard="1"} 1');
    connected = false;
    expect(metrics.registry.render()).toContain('paperboy_shard_connected{platform="discord",shard="1"} 0');
  });
});
