/**
 * Schedule maths for daily digests: when, in absolute time, a subscription's local `HH:MM` falls
 * on its chosen weekdays in its IANA timezone, across daylight-saving changes. Pure, so it can
 * be tested table-driven; node-cron does the actual waking up.
 */
import { addDays, localDateTime, weekdayOf } from '../papers-day.js';

export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];
/** Every day; Daily Papers has (small) weekend batches too, and empty days post nothing. */
export const EVERY_DAY: readonly number[] = [0, 1, 2, 3, 4, 5, 6];

export interface DailySchedule {
  /** `HH:MM`, 24-hour. */
  readonly time: string;
  readonly timezone: string;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekdays: readonly number[];
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (Berlin in summer: +120). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  const local = localDateTime(instant, timeZone);
  const asUtc = Date.parse(`${local.day}T00:00:00Z`) + local.minute * 60_000;
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant when the wall clock in `timeZone` shows `day` at `minuteOfDay`. Ambiguous times
 * resolve as Temporal's "compatible" rule does: a time skipped by a spring-forward change runs
 * as far after the jump as it was meant to be into the gap (02:30 becomes 03:30); a time that
 * occurs twice in autumn runs at its first occurrence.
 */
export function zonedInstant(day: string, minuteOfDay: number, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + minuteOfDay * 60_000;
  // Two passes settle the offset on either side of a transition.
  let guess = wall - utcOffsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - utcOffsetMinutes(new Date(guess), timeZone) * 60_000;
  const earlier = guess - 3_600_000;
  const shown = localDateTime(new Date(earlier), timeZone);
  if (shown.day === day && shown.minute === minuteOfDay) return new Date(earlier);
  const check = localDateTime(new Date(guess), timeZone);
  if (check.day === day && check.minute === minuteOfDay) return new Date(guess);
  // In a gap the wall time never happens: read it with the offset in force before the jump.
  return new Date(wall - utcOffsetMinutes(new Date(wall - 6 * 3_600_000), timeZone) * 60_000);
}

export function minuteOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The first scheduled instant strictly after `after`. */
export function nextRunAt(schedule: DailySchedule, after: Date): Date | undefined {
  if (schedule.weekdays.length === 0) return undefined;
  const start = localDateTime(after, schedule.timezone).day;
  for (let offset = -1; offset <= 8; offset += 1) {
    const day = addDays(start, offset);
    if (!schedule.weekdays.includes(weekdayOf(day))) continue;
    const instant = zonedInstant(day, minuteOfDay(schedule.time), schedule.timezone);
    if (instant.getTime() > after.getTime()) return instant;
  }
  return undefined;
}

/** The last scheduled instant at or before `before`. */
export function previousRunAt(schedule: DailySchedule, before: Date): Date | undefined {
  if (schedule.weekdays.length === 0) return undefined;
  const start = localDateTime(before, schedule.timezone).day;
  for (let offset = 1; offset >= -8; offset -= 1) {
    const day = addDays(start, offset);
    if (!schedule.weekdays.includes(weekdayOf(day))) continue;
    const instant = zonedInstant(day, minuteOfDay(schedule.time), schedule.timezone);
    if (instant.getTime() <= before.getTime()) return instant;
  }
  return undefined;
}

export { weekdayOf };

/** Reads `mon-fri`, `weekdays`, `weekends`, `daily` or `mon,wed,fri`; undefined when unreadable. */
export function parseWeekdays(raw: string): number[] | undefined {
  const text = raw.trim().toLowerCase();
  if (text === '' || text === 'daily' || text === 'every' || text === 'all') return [...EVERY_DAY];
  if (text === 'weekdays') return [1, 2, 3, 4, 5];
  if (text === 'weekends') return [0, 6];
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const range = /^([a-z]{3})(?:-([a-z]{3}))?$/u.exec(part.trim());
    if (!range) return undefined;
    const from = WEEKDAY_NAMES.indexOf((range[1] ?? '') as WeekdayName);
    const to = range[2] === undefined ? from : WEEKDAY_NAMES.indexOf(range[2] as WeekdayName);
    if (from < 0 || to < 0) return undefined;
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === to) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

export function formatWeekdays(weekdays: readonly number[]): string {
  if (weekdays.length === 7) return 'every day';
  if (weekdays.join() === '1,2,3,4,5') return 'Monday to Friday';
  return weekdays.map((day) => WEEKDAY_NAMES[day] ?? '?').join(', ');
}

/** The node-cron expression for a schedule (minute hour * * weekdays). */
export function cronExpression(schedule: DailySchedule): string {
  const minutes = minuteOfDay(schedule.time);
  return `${minutes % 60} ${Math.floor(minutes / 60)} * * ${schedule.weekdays.join(',')}`;
}
