import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { createWorkQueue, pacedPoster } from '../../src/scheduler/pacing.js';
import { makePaper } from '../support/papers.js';
import { recordingPoster } from '../support/recording-poster.js';

const paper = makePaper('2606.00001');

describe('pacedPoster', () => {
  it('spaces messages to one channel by the interval but lets other channels go at once', async () => {
    let now = 0;
    const waits: number[] = [];
    const clock = { now: () => new Date(now) };
    const inner = recordingPoster({ clock });
    const sleep = (ms: number) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    };
    const paced = pacedPoster(inner, { minIntervalMs: 1000, clock, sleep });
    const a: ChannelRef = { platform: 'slack', workspaceId: 'T', channelId: 'A' };
    const b: ChannelRef = { platform: 'slack', workspaceId: 'T', channelId: 'B' };
    const plan = { day: 'd', papers: [paper], availableCount: 1 };
    await Promise.all([
      paced.postHeader(a, plan, { thread: false, nonce: 'n' }),
      paced.postPaper(a, paper, { nonce: 'n', votes: 0 }),
      paced.postPaper(a, paper, { nonce: 'n', votes: 0 }),
    ]);
    await paced.postHeader(b, plan, { thread: false, nonce: 'n' });
    expect(inner.sent().map((call) => `${call.channel.channelId}@${call.at}`)).toEqual(['A@0', 'A@1000', 'A@2000', 'B@2000']);
    expect(waits).toEqual([1000, 1000]);
  });

  it("passes reactions, vote edits and lookups of unrecorded posts through to the platform's poster", async () => {
    const found = { messageId: 'M1', messageChannelId: 'A' };
    const inner = recordingPoster({ findDelivered: () => Promise.resolve(found) });
    const paced = pacedPoster(inner, { minIntervalMs: 1000, clock: { now: () => new Date(0) }, sleep: () => Promise.resolve() });
    const a: ChannelRef = { platform: 'slack', workspaceId: 'T', channelId: 'A' };
    await paced.addUpvoteReaction(a, 'M1');
    await paced.updateVotes?.({ channel: a, messageId: 'M1', messageChannelId: 'A' }, paper, 3);
    expect(await paced.findDelivered?.(a, 'n', {}, { kind: 'paper', key: paper.id, paper })).toEqual(found);
    expect(inner.calls.map((call) => call.kind)).toEqual(['reaction', 'update']);
    expect(inner.updates()[0]).toMatchObject({ messageId: 'M1', paperId: paper.id, votes: 3 });
  });
});

describe('createWorkQueue', () => {
  it('runs at most the given number of tasks at once and reports idle', async () => {
    const queue = createWorkQueue(2);
    let active = 0;
    let peak = 0;
    const task = async () => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active -= 1;
    };
    const all = Promise.all(Array.from({ length: 7 }, () => queue.push(task)));
    expect(queue.pending).toBe(7);
    await queue.idle();
    await all;
    expect(peak).toBe(2);
    expect(queue.pending).toBe(0);
  });

  it('keeps going after a task fails', async () => {
    const queue = createWorkQueue(1);
    const failed = queue.push(() => Promise.reject(new Error('boom')));
    const ok = queue.push(() => Promise.resolve('fine'));
    await expect(failed).rejects.toThrow('boom');
    await expect(ok).resolves.toBe('fine');
  });
});
