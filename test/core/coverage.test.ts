/** Which papers-days a digest covers, and which papers of them it takes: the pure parts. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_COVERAGE_POLICY, nextSpan, openDaysAfter } from '../../src/core/digest/coverage.js';
import { selectSpanPapers, type SpanSelection } from '../../src/core/digest/select.js';
import type { Paper } from '../../src/core/paper.js';
import { makePaper } from '../support/papers.js';

const policy = DEFAULT_COVERAGE_POLICY;
// 2026-11-27 is a Friday.
const FRI = '2026-11-27';
const SAT = '2026-11-28';
const SUN = '2026-11-29';
const MON = '2026-11-30';

describe('nextSpan', () => {
  it('starts a new daily subscription with the newest complete papers-day, a weekly one with the seven up to it', () => {
    expect(nextSpan('daily', SUN, undefined, policy)).toEqual({ from: SUN, to: SUN, lateDays: [] });
    expect(nextSpan('weekly', SUN, undefined, policy)).toEqual({ from: '2026-11-23', to: SUN, lateDays: [] });
  });

  it('covers every day after the coverage, so a Monday digest of a mon-fri channel carries Friday and the weekend', () => {
    expect(nextSpan('daily', SUN, { through: '2026-11-26', openDays: [] }, policy)).toEqual({ from: FRI, to: SUN, lateDays: [] });
  });

  it('has nothing to do when the channel has had the newest day', () => {
    expect(nextSpan('daily', SUN, { through: SUN, openDays: [] }, policy)).toBeUndefined();
  });

  it('reaches back no further than the look-back limit', () => {
    expect(nextSpan('daily', MON, { through: '2026-11-01', openDays: [] }, policy)).toMatchObject({ from: '2026-11-24', to: MON });
    expect(nextSpan('daily', MON, { through: '2026-11-01', openDays: [] }, { ...policy, lookbackDays: 2 })).toMatchObject({ from: SUN, to: MON });
    // A weekly digest reaches a week further, so a missed week is made up in the next one.
    expect(nextSpan('weekly', MON, { through: '2026-11-01', openDays: [] }, policy)).toMatchObject({ from: '2026-11-17' });
    expect(nextSpan('weekly', MON, { through: '2026-11-01', openDays: [] }, { ...policy, lookbackDays: 2 })).toMatchObject({ from: '2026-11-22' });
  });

  it('looks again at open days within the look-back before the new first day', () => {
    expect(nextSpan('daily', MON, { through: FRI, openDays: ['2026-11-19', '2026-11-20', '2026-11-26', FRI] }, policy))
      .toEqual({ from: SAT, to: MON, lateDays: ['2026-11-26', FRI] });
    expect(nextSpan('weekly', '2026-12-06', { through: SUN, openDays: ['2026-11-23', FRI] }, policy))
      .toEqual({ from: MON, to: '2026-12-06', lateDays: ['2026-11-23', FRI] });
  });
});

describe('openDaysAfter', () => {
  it('keeps weekdays that were empty or thin open, never weekend days', () => {
    const counts = new Map([[FRI, 2], [SAT, 0], [SUN, 1], [MON, 30], ['2026-11-26', 0]]);
    expect(openDaysAfter(['2026-11-26', FRI, SAT, SUN, MON], counts, policy)).toEqual(['2026-11-26', FRI]);
    expect(openDaysAfter([FRI], counts, { ...policy, thinDayPapers: 0 })).toEqual([]);
  });
});

const on = (day: string, ...upvotes: number[]): Paper[] =>
  upvotes.map((count, index) => makePaper(`2611.${day.slice(8)}${String(index).padStart(3, '0')}`, { upvotes: count, papersDay: day, title: `Paper ${day} ${index}` }));

function select(overrides: Partial<SpanSelection> & Pick<SpanSelection, 'papersByDay'>) {
  return selectSpanPapers({
    from: FRI, to: SUN, cadence: 'daily', sent: new Set(), votes: new Map(), now: new Date(`${MON}T08:00:00Z`),
    selection: { maxPapers: 2, minUpvotes: 0, filter: '' },
    ...overrides,
  });
}

describe('selectSpanPapers', () => {
  const papersByDay = new Map([[FRI, on(FRI, 5, 9, 1)], [SAT, on(SAT, 3)], [SUN, []]]);

  it('takes the top max_papers of each papers-day, in day order', () => {
    const plan = select({ papersByDay });
    expect(plan.papers.map((paper) => [paper.papersDay, paper.upvotes])).toEqual([[FRI, 9], [FRI, 5], [SAT, 3]]);
    expect(plan).toMatchObject({ day: SUN, from: FRI, cadence: 'daily', availableCount: 4, maxPapers: 2 });
  });

  it('counts a day\'s papers already posted here against its cap, so a day never brings more than max_papers', () => {
    const [, top] = on(FRI, 5, 9, 1);
    const plan = select({ papersByDay, sent: new Set([top?.id ?? '']) });
    expect(plan.papers.map((paper) => paper.upvotes)).toEqual([5, 3]);
  });

  it('names the earlier days whose late papers it includes', () => {
    const plan = select({ from: SAT, papersByDay });
    expect(plan.lateDays).toEqual([FRI]);
    expect(select({ from: SAT, papersByDay: new Map([[FRI, []], [SAT, on(SAT, 3)]]) }).lateDays).toBeUndefined();
  });

  it('ranks a weekly span together by Hugging Face upvotes plus votes here, leaving out what was posted', () => {
    const fri = on(FRI, 5, 9, 1);
    const week = new Map([[FRI, fri], [SAT, on(SAT, 3)]]);
    const votes = new Map([[fri[2]?.id ?? '', 10]]);
    const plan = select({ cadence: 'weekly', papersByDay: week, votes, selection: { maxPapers: 3, minUpvotes: 0, filter: '' } });
    expect(plan.papers.map((paper) => paper.upvotes)).toEqual([1, 9, 5]);
    const after = select({ cadence: 'weekly', papersByDay: week, votes, sent: new Set([fri[1]?.id ?? '']), selection: { maxPapers: 3, minUpvotes: 0, filter: '' } });
    expect(after.papers.map((paper) => paper.upvotes)).toEqual([1, 5]);
  });

  it('applies the filter and min upvotes before the cap, and lists a paper on two days once', () => {
    const memory = makePaper('2611.99999', { upvotes: 1, papersDay: SAT, title: 'Memory for agents' });
    const plan = select({ papersByDay: new Map([[FRI, [...on(FRI, 5), memory]], [SAT, [memory]]]), selection: { maxPapers: 5, minUpvotes: 0, filter: 'memory' } });
    expect(plan.papers.map((paper) => paper.id)).toEqual(['2611.99999']);
    expect(plan.availableCount).toBe(2);
    expect(select({ papersByDay, selection: { maxPapers: 5, minUpvotes: 4, filter: '' } }).papers.map((paper) => paper.upvotes)).toEqual([9, 5]);
  });
});
