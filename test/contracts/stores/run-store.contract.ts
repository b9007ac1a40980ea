/**
 * The RunStore contract: one run per (channel, first papers-day), covering a span to its last
 * papers-day, re-attempted until it is done or empty, and never run again after that; a
 * channel's coverage is its finished run that reaches furthest.
 */
import { describe, expect, it } from 'vitest';
import type { DigestRun } from '../../../src/core/runs.js';
import { useStores, type StoreAdapter } from './adapter.js';
import { discord, slack } from './refs.js';

const DAY = '2026-06-12';
const runKey = (run: DigestRun) => `${run.channel.platform}/${run.channel.channelId}/${run.day}:${run.state}`;

export function describeRunStoreContract(adapter: StoreAdapter): void {
  describe(`RunStore on ${adapter.name}`, () => {
    const test = useStores(adapter);

    it('starts a run as running, on its first attempt, with nothing posted', async () => {
      const { runs } = test().stores;
      const run = await runs.beginRun(discord, DAY, '2026-06-13T09:00:00Z', '2026-06-13T09:00:05Z');
      expect(run).toEqual({
        channel: discord, day: DAY, to: DAY, state: 'running', scheduledFor: '2026-06-13T09:00:00Z', startedAt: '2026-06-13T09:00:05Z',
        finishedAt: undefined, attempts: 1, posted: 0, error: undefined, sourceError: undefined, emptyDays: [], openDays: [],
      });
      expect(await runs.getRun(discord, DAY)).toEqual(run);
    });

    it('records how a run finished', async () => {
      const { runs } = test().stores;
      await runs.beginRun(slack, DAY, 's', 't0');
      await runs.finishRun(slack, DAY, { state: 'failed', posted: 2, error: 'rate limited', sourceError: 'HF 503', at: 't1' });
      expect(await runs.getRun(slack, DAY)).toMatchObject({ state: 'failed', posted: 2, error: 'rate limited', sourceError: 'HF 503', finishedAt: 't1', attempts: 1 });
    });

    it('re-attempts a failed or still running run: one more attempt, started again, not finished', async () => {
      const { runs } = test().stores;
      await runs.beginRun(discord, DAY, 's', 't0');
      await runs.finishRun(discord, DAY, { state: 'failed', posted: 0, error: 'boom', at: 't1' });
      expect(await runs.beginRun(discord, DAY, 's', 't2')).toMatchObject({ state: 'running', attempts: 2, startedAt: 't2', finishedAt: undefined, scheduledFor: 's' });
      // A process that died mid-run left it running; the next one takes it over.
      expect(await runs.beginRun(discord, DAY, 's', 't3')).toMatchObject({ state: 'running', attempts: 3, startedAt: 't3' });
    });

    it('returns a done or empty run untouched when it is begun again', async () => {
      const { runs } = test().stores;
      for (const [channel, state] of [[discord, 'done'], [slack, 'empty']] as const) {
        await runs.beginRun(channel, DAY, 's', 't0');
        await runs.finishRun(channel, DAY, { state, posted: state === 'done' ? 3 : 0, at: 't1' });
        const finished = await runs.getRun(channel, DAY);
        expect(await runs.beginRun(channel, DAY, 's2', 't2')).toEqual(finished);
        expect(await runs.getRun(channel, DAY)).toEqual(finished);
        expect(finished).toMatchObject({ state, attempts: 1, startedAt: 't0', finishedAt: 't1' });
      }
    });

    it('adds up the papers posted over every attempt', async () => {
      const { runs } = test().stores;
      await runs.beginRun(discord, DAY, 's', 't0');
      await runs.finishRun(discord, DAY, { state: 'failed', posted: 2, error: 'timeout', at: 't1' });
      await runs.beginRun(discord, DAY, 's', 't2');
      await runs.finishRun(discord, DAY, { state: 'done', posted: 3, at: 't3' });
      expect(await runs.getRun(discord, DAY)).toMatchObject({ state: 'done', posted: 5, attempts: 2, error: undefined });
    });

    it('keeps the last Hugging Face failure when a later attempt finishes without one', async () => {
      const { runs } = test().stores;
      await runs.beginRun(discord, DAY, 's', 't0');
      await runs.finishRun(discord, DAY, { state: 'failed', posted: 0, error: 'Hugging Face: 503', sourceError: '503', at: 't1' });
      await runs.beginRun(discord, DAY, 's', 't2');
      await runs.finishRun(discord, DAY, { state: 'done', posted: 1, at: 't3' });
      expect(await runs.getRun(discord, DAY)).toMatchObject({ state: 'done', sourceError: '503' });
    });

    it('keeps runs of other channels and other days apart', async () => {
      const { runs } = test().stores;
      await runs.beginRun(discord, DAY, 's', 't0');
      await runs.finishRun(discord, DAY, { state: 'done', posted: 1, at: 't1' });
      expect(await runs.getRun(discord, '2026-06-13')).toBeUndefined();
      expect(await runs.getRun(slack, DAY)).toBeUndefined();
      expect(await runs.getRun({ ...discord, workspaceId: 'G2' }, DAY)).toBeUndefined();
      expect((await runs.beginRun(slack, DAY, 's', 't2')).state).toBe('running');
    });

    it('knows the most recently started run of a channel, which need not be its newest day', async () => {
      const { runs } = test().stores;
      expect(await runs.latestRun(discord)).toBeUndefined();
      await runs.beginRun(discord, '2026-06-11', 's', '2026-06-12T09:00:00Z');
      await runs.finishRun(discord, '2026-06-11', { state: 'failed', posted: 0, at: '2026-06-12T09:01:00Z' });
      await runs.beginRun(discord, '2026-06-12', 's', '2026-06-13T09:00:00Z');
      expect((await runs.latestRun(discord))?.day).toBe('2026-06-12');
      await runs.beginRun(discord, '2026-06-11', 's', '2026-06-13T09:05:00Z');
      expect(await runs.latestRun(discord)).toMatchObject({ day: '2026-06-11', attempts: 2 });
      await runs.beginRun(slack, '2026-06-14', 's', '2026-06-15T09:00:00Z');
      expect((await runs.latestRun(discord))?.day).toBe('2026-06-11');
    });

    it('lists the running and failed runs of every channel as unfinished, never a done or empty one', async () => {
      const { runs } = test().stores;
      expect(await runs.unfinishedRuns()).toEqual([]);
      const finish = async (channel: typeof discord, day: string, state: 'done' | 'empty' | 'failed' | undefined) => {
        await runs.beginRun(channel, day, 's', `${day}T09:00:00Z`);
        if (state) await runs.finishRun(channel, day, { state, posted: 0, at: `${day}T09:01:00Z` });
      };
      await finish(discord, '2026-06-10', 'done');
      await finish(discord, '2026-06-11', 'failed');
      await finish(discord, '2026-06-12', undefined);
      await finish(slack, '2026-06-11', 'empty');
      await finish(slack, '2026-06-12', 'failed');
      const unfinished = await runs.unfinishedRuns();
      expect(unfinished.map(runKey).sort()).toEqual(['discord/C1/2026-06-11:failed', 'discord/C1/2026-06-12:running', 'slack/C1/2026-06-12:failed']);
      expect(unfinished.find((run) => run.state === 'running')).toEqual(await runs.getRun(discord, '2026-06-12'));
    });

    it('keeps a span per run and takes the end a re-attempt gives; a finished run keeps its own', async () => {
      const { runs } = test().stores;
      expect(await runs.beginRun(discord, '2026-06-11', 's1', 't1', { to: DAY })).toMatchObject({ day: '2026-06-11', to: DAY, state: 'running', attempts: 1 });
      expect(await runs.getRun(discord, '2026-06-11')).toMatchObject({ to: DAY });
      await runs.finishRun(discord, '2026-06-11', { state: 'failed', posted: 0, error: 'HF 503', at: 't2' });
      expect(await runs.beginRun(discord, '2026-06-11', 's2', 't3', { to: '2026-06-13' })).toMatchObject({ to: '2026-06-13', attempts: 2 });
      expect(await runs.beginRun(discord, '2026-06-11', 's2', 't4', { to: '2026-06-13' })).toMatchObject({ to: '2026-06-13', attempts: 3 });
      await runs.finishRun(discord, '2026-06-11', { state: 'done', posted: 4, at: 't5' });
      expect(await runs.beginRun(discord, '2026-06-11', 's3', 't6', { to: '2026-06-14' })).toMatchObject({ state: 'done', to: '2026-06-13', attempts: 3 });
      expect(await runs.getRun(discord, DAY)).toBeUndefined();
    });

    it('records the days a run found empty and those the next run must look at again, as given', async () => {
      const { runs } = test().stores;
      await runs.beginRun(slack, '2026-06-11', 's', 't0', { to: '2026-06-14' });
      await runs.finishRun(slack, '2026-06-11', { state: 'failed', posted: 0, at: 't1' });
      expect(await runs.getRun(slack, '2026-06-11')).toMatchObject({ emptyDays: [], openDays: [] });
      await runs.beginRun(slack, '2026-06-11', 's', 't2', { to: '2026-06-14' });
      await runs.finishRun(slack, '2026-06-11', { state: 'done', posted: 3, at: 't3', emptyDays: ['2026-06-13', '2026-06-14'], openDays: ['2026-06-11'] });
      expect(await runs.getRun(slack, '2026-06-11')).toMatchObject({ emptyDays: ['2026-06-13', '2026-06-14'], openDays: ['2026-06-11'] });
    });

    it('finds a channel\'s coverage: the done or empty run reaching the latest papers-day', async () => {
      const { runs } = test().stores;
      expect(await runs.latestFinishedRun(discord)).toBeUndefined();
      await runs.beginRun(discord, '2026-06-08', 's', '2026-06-11T09:00:00Z', { to: '2026-06-10' });
      await runs.finishRun(discord, '2026-06-08', { state: 'empty', posted: 0, at: '2026-06-11T09:01:00Z' });
      expect(await runs.latestFinishedRun(discord)).toMatchObject({ day: '2026-06-08', to: '2026-06-10', state: 'empty' });
      await runs.beginRun(discord, '2026-06-11', 's', '2026-06-12T09:00:00Z');
      await runs.finishRun(discord, '2026-06-11', { state: 'done', posted: 2, at: '2026-06-12T09:01:00Z' });
      // Running, failed and other channels' runs are not coverage.
      await runs.beginRun(discord, DAY, 's', '2026-06-13T09:00:00Z', { to: '2026-06-14' });
      await runs.beginRun(discord, '2026-06-20', 's', '2026-06-21T09:00:00Z');
      await runs.finishRun(discord, '2026-06-20', { state: 'failed', posted: 0, at: '2026-06-21T09:01:00Z' });
      await runs.beginRun(slack, '2026-06-25', 's', '2026-06-26T09:00:00Z');
      await runs.finishRun(slack, '2026-06-25', { state: 'done', posted: 1, at: '2026-06-26T09:01:00Z' });
      expect(await runs.latestFinishedRun(discord)).toMatchObject({ day: '2026-06-11', to: '2026-06-11', state: 'done' });
      // A run that started earlier but reaches further is the coverage.
      await runs.beginRun({ ...discord, channelId: 'C2' }, '2026-06-01', 's', '2026-06-02T09:00:00Z', { to: '2026-06-09' });
      await runs.finishRun({ ...discord, channelId: 'C2' }, '2026-06-01', { state: 'done', posted: 9, at: '2026-06-02T09:01:00Z' });
      await runs.beginRun({ ...discord, channelId: 'C2' }, '2026-06-05', 's', '2026-06-06T09:00:00Z');
      await runs.finishRun({ ...discord, channelId: 'C2' }, '2026-06-05', { state: 'done', posted: 1, at: '2026-06-06T09:01:00Z' });
      expect(await runs.latestFinishedRun({ ...discord, channelId: 'C2' })).toMatchObject({ day: '2026-06-01', to: '2026-06-09' });
    });

    it('prunes runs started before a cutoff, whatever their state, and says how many', async () => {
      const { runs } = test().stores;
      await runs.beginRun(discord, '2026-01-01', 's', '2026-01-01T09:00:00Z');
      await runs.finishRun(discord, '2026-01-01', { state: 'done', posted: 3, at: '2026-01-01T09:01:00Z' });
      await runs.beginRun(slack, '2026-01-02', 's', '2026-01-02T09:00:00Z');
      await runs.beginRun(discord, DAY, 's', '2026-06-12T09:00:00Z');
      expect(await runs.pruneRunsBefore('2026-03-01T00:00:00Z')).toBe(2);
      expect(await runs.getRun(discord, '2026-01-01')).toBeUndefined();
      expect(await runs.getRun(slack, '2026-01-02')).toBeUndefined();
      expect(await runs.getRun(discord, DAY)).toBeDefined();
      expect((await runs.unfinishedRuns()).map(runKey)).toEqual(['discord/C1/2026-06-12:running']);
      expect(await runs.pruneRunsBefore('2026-03-01T00:00:00Z')).toBe(0);
    });
  });
}
