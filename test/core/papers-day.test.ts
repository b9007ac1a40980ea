import { describe, expect, it } from 'vitest';
import { addDays, latestCompletePapersDay, localDateTime } from '../../src/core/papers-day.js';

describe('latestCompletePapersDay', () => {
  it.each([
    // 21:29 New York on 12 June (EDT, UTC-4) is 01:29 UTC on the 13th: the 12th is not complete yet.
    ['2026-06-13T01:29:00Z', '2026-06-11'],
    ['2026-06-13T01:30:00Z', '2026-06-12'],
    ['2026-06-12T15:00:00Z', '2026-06-11'],
    // Winter (EST, UTC-5): 21:30 New York is 02:30 UTC.
    ['2026-01-16T02:29:00Z', '2026-01-14'],
    ['2026-01-16T02:30:00Z', '2026-01-15'],
    // Across the spring-forward night in New York (8 March 2026).
    ['2026-03-09T01:30:00Z', '2026-03-08'],
  ])('at %s the latest complete day is %s', (now, day) => {
    expect(latestCompletePapersDay(new Date(now))).toBe(day);
  });

  it('moves back by the configured offset', () => {
    expect(latestCompletePapersDay(new Date('2026-06-13T02:00:00Z'), 2)).toBe('2026-06-10');
  });
});

describe('localDateTime and addDays', () => {
  it('reads the local date, minute and weekday in a timezone', () => {
    expect(localDateTime(new Date('2026-06-12T23:30:00Z'), 'Asia/Tokyo')).toEqual({ day: '2026-06-13', minute: 8 * 60 + 30, weekday: 6 });
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
