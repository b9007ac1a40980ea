import { describe, expect, it } from 'vitest';
import {
  cronExpression,
  EVERY_DAY,
  formatWeekdays,
  nextRunAt,
  parseWeekdays,
  previousRunAt,
  utcOffsetMinutes,
  zonedInstant,
} from '../../src/core/subscriptions/schedule.js';

const daily = (time: string, timezone: string, weekdays: readonly number[] = EVERY_DAY) => ({ time, timezone, weekdays });

describe('zonedInstant', () => {
  it.each([
    // Either side of UTC, summer and winter.
    ['2026-06-12', '09:00', 'Europe/Berlin', '2026-06-12T07:00:00.000Z'],
    ['2026-01-12', '09:00', 'Europe/Berlin', '2026-01-12T08:00:00.000Z'],
    ['2026-06-12', '09:00', 'America/Los_Angeles', '2026-06-12T16:00:00.000Z'],
    ['2026-01-12', '09:00', 'America/Los_Angeles', '2026-01-12T17:00:00.000Z'],
    ['2026-06-12', '09:00', 'Asia/Kolkata', '2026-06-12T03:30:00.000Z'],
    ['2026-06-12', '00:15', 'Pacific/Auckland', '2026-06-11T12:15:00.000Z'],
    ['2026-06-12', '23:45', 'UTC', '2026-06-12T23:45:00.000Z'],
    // Spring forward in Berlin (29 March 2026, 02:00 → 03:00): 02:30 does not exist, runs at 03:30 local.
    ['2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['2026-03-29', '09:00', 'Europe/Berlin', '2026-03-29T07:00:00.000Z'],
    // Fall back in Berlin (25 October 2026, 03:00 → 02:00): 02:30 happens twice, the first counts.
    ['2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['2026-10-25', '09:00', 'Europe/Berlin', '2026-10-25T08:00:00.000Z'],
    // New York, both transitions (8 March and 1 November 2026).
    ['2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
  ])('%s %s in %s is %s', (day, time, zone, expected) => {
    const [h, m] = time.split(':').map(Number);
    expect(zonedInstant(day, (h ?? 0) * 60 + (m ?? 0), zone).toISOString()).toBe(expected);
  });
});

describe('nextRunAt and previousRunAt', () => {
  it('finds the next local run strictly after now, and the last one at or before now', () => {
    const schedule = daily('09:00', 'Europe/Berlin');
    expect(nextRunAt(schedule, new Date('2026-06-12T06:59:00Z'))?.toISOString()).toBe('2026-06-12T07:00:00.000Z');
    expect(nextRunAt(schedule, new Date('2026-06-12T07:00:00Z'))?.toISOString()).toBe('2026-06-13T07:00:00.000Z');
    expect(previousRunAt(schedule, new Date('2026-06-12T07:00:00Z'))?.toISOString()).toBe('2026-06-12T07:00:00.000Z');
    expect(previousRunAt(schedule, new Date('2026-06-12T06:59:00Z'))?.toISOString()).toBe('2026-06-11T07:00:00.000Z');
  });

  it('keeps the local time across a DST change in both directions', () => {
    const berlin = daily('09:00', 'Europe/Berlin');
    expect(nextRunAt(berlin, new Date('2026-03-28T08:00:00Z'))?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(nextRunAt(berlin, new Date('2026-10-24T08:00:00Z'))?.toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('skips days not chosen: a Friday evening weekday schedule next runs on Monday', () => {
    const weekdays = daily('08:30', 'America/New_York', [1, 2, 3, 4, 5]);
    expect(nextRunAt(weekdays, new Date('2026-06-12T20:00:00Z'))?.toISOString()).toBe('2026-06-15T12:30:00.000Z');
    expect(previousRunAt(weekdays, new Date('2026-06-14T20:00:00Z'))?.toISOString()).toBe('2026-06-12T12:30:00.000Z');
  });

  it('uses the local date, not the UTC one, to pick the weekday', () => {
    // 01:00 Saturday in Tokyo is still Friday in UTC.
    const saturdays = daily('01:00', 'Asia/Tokyo', [6]);
    expect(nextRunAt(saturdays, new Date('2026-06-12T00:00:00Z'))?.toISOString()).toBe('2026-06-12T16:00:00.000Z');
  });

  it('has no run without weekdays', () => {
    expect(nextRunAt(daily('09:00', 'UTC', []), new Date())).toBeUndefined();
  });
});

describe('weekday parsing and cron', () => {
  it.each([
    ['daily', [0, 1, 2, 3, 4, 5, 6]],
    ['weekdays', [1, 2, 3, 4, 5]],
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['fri-mon', [0, 1, 5, 6]],
    ['Mon,Wed, fri', [1, 3, 5]],
    ['weekends', [0, 6]],
    ['funday', undefined],
    ['mon-', undefined],
  ])('reads %j', (raw, expected) => {
    expect(parseWeekdays(raw)).toEqual(expected);
  });

  it('describes weekdays and writes a node-cron expression', () => {
    expect(formatWeekdays([1, 2, 3, 4, 5])).toBe('Monday to Friday');
    expect(formatWeekdays(EVERY_DAY)).toBe('every day');
    expect(cronExpression(daily('07:05', 'UTC', [1, 3]))).toBe('5 7 * * 1,3');
  });

  it('measures UTC offsets', () => {
    expect(utcOffsetMinutes(new Date('2026-06-12T12:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(utcOffsetMinutes(new Date('2026-06-12T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(utcOffsetMinutes(new Date('2026-06-12T12:00:00Z'), 'Asia/Kathmandu')).toBe(345);
  });
});
