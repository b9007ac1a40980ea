/**
 * Instants and papers-days as a channel's people read them: in the subscription's timezone,
 * with the weekday, e.g. `Mon 2026-06-15 08:30 Europe/Berlin`.
 */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `Mon 2026-06-15 08:30 Europe/Berlin`; an unknown timezone falls back to UTC. */
export function localTimeLabel(instant: Date | string, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) return String(instant);
  let parts: Intl.DateTimeFormatPart[];
  let zone = timeZone;
  try {
    parts = formatter(timeZone).formatToParts(date);
  } catch {
    zone = 'UTC';
    parts = formatter(zone).formatToParts(date);
  }
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('weekday')} ${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${zone}`;
}

/** A papers-day with its weekday: `Fri 2026-06-12`. */
export function papersDayLabel(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : `${WEEKDAYS[date.getUTCDay()] ?? ''} ${day}`;
}

/** `Fri 2026-06-12` or `Fri 2026-06-12 – Sun 2026-06-14`. */
export function papersDaysLabel(from: string, to: string): string {
  return from === to ? papersDayLabel(to) : `${papersDayLabel(from)} – ${papersDayLabel(to)}`;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
}
