/**
 * Which Daily Papers day is "today". A papers-day fills up during that day in New York and is
 * complete after about 21:30 America/New_York (Hugging Face's own feed rolls over then).
 */

export const PAPERS_DAY_TIMEZONE = 'America/New_York';
/** Minutes after midnight, New York time, when the day's batch counts as complete. */
export const PAPERS_DAY_COMPLETE_MINUTE = 21 * 60 + 30;

/** Calendar date and minute of day of `instant` in `timeZone`. */
export function localDateTime(instant: Date, timeZone: string): { day: string; minute: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return {
    day: `${get('year')}-${get('month')}-${get('day')}`,
    minute: Number(get('hour')) * 60 + Number(get('minute')),
    weekday: weekdays.indexOf(get('weekday')),
  };
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The newest papers-day that is complete at `now`, moved back by `offsetDays` more. */
export function latestCompletePapersDay(now: Date, offsetDays = 0): string {
  const { day, minute } = localDateTime(now, PAPERS_DAY_TIMEZONE);
  const complete = minute >= PAPERS_DAY_COMPLETE_MINUTE ? day : addDays(day, -1);
  return addDays(complete, -offsetDays);
}

/** Every day from `from` to `to`, both included; empty when `from` is after `to`. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** 0 = Sunday … 6 = Saturday of a `YYYY-MM-DD` day. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

/** Monday to Friday: the days Hugging Face's Daily Papers fill up (weekends have small batches). */
export function isWeekday(day: string): boolean {
  const weekday = weekdayOf(day);
  return weekday >= 1 && weekday <= 5;
}
