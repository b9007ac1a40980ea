/**
 * The words of a digest header, shared by every renderer. The title names what the digest
 * covers: one papers-day as `2026-06-12` (as ever), several as `Fri 27 Nov – Sun 29 Nov 2026`.
 * The title is how Discord's history lookup recognises a header after a crash, so it depends
 * only on the span, which a run keeps once its header is out; the count line below it may vary.
 */
import type { DigestView } from './card.js';
import { sanitizeText } from './text.js';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** `Fri 27 Nov`, with the year when asked; anything not a date is returned cleaned. */
export function dayLabel(day: string, withYear = false): string {
  const match = ISO_DAY.exec(day);
  if (!match) return sanitizeText(day);
  const date = new Date(`${day}T12:00:00Z`);
  const label = `${DAY_NAMES[date.getUTCDay()] ?? ''} ${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()] ?? ''}`;
  return withYear ? `${label} ${match[1] ?? ''}` : label;
}

/** `Fri 27 Nov – Sun 29 Nov 2026`; the year twice only when the span crosses one. */
export function spanLabel(from: string, to: string): string {
  if (from === to) return sanitizeText(to);
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `${dayLabel(from, !sameYear)} – ${dayLabel(to, true)}`;
}

const isSpan = (view: DigestView): boolean => view.from !== undefined && view.from !== view.day;

/** The header's first line, without markup. */
export function digestTitle(view: DigestView): string {
  const label = spanLabel(view.from ?? view.day, view.day);
  return view.cadence === 'weekly' ? `Hugging Face Weekly Papers · ${label}` : `Hugging Face Daily Papers · ${label}`;
}

/** The line of a digest that found no papers (only for days that can no longer fill). */
export function emptyDigestText(view: DigestView): string {
  return `No papers on Hugging Face Daily Papers for ${spanLabel(view.from ?? view.day, view.day)}.`;
}

/** "Top 3 of 30 papers." and, for several days, how max_papers applied to them. */
export function digestCountText(view: DigestView): string {
  const shown = view.papers.length;
  const total = view.totalAvailable;
  let count: string;
  if (view.cadence === 'weekly') {
    const votes = view.rankedVotesWhere === undefined ? 'community votes' : `votes ${view.rankedVotesWhere}`;
    count = `Top ${shown} of ${total} papers by Hugging Face upvotes and ${votes}.`;
  } else if (isSpan(view) && view.maxPapers !== undefined) {
    count = `Top ${view.maxPapers} of each papers-day: ${shown} of ${total} papers.`;
  } else {
    count = shown < total ? `Top ${shown} of ${total} papers.` : `${shown} papers.`;
  }
  const late = view.lateDays ?? [];
  return late.length === 0 ? count : `${count} With late papers of ${late.map((day) => dayLabel(day)).join(', ')}.`;
}

/** The name of the Discord thread a header opens. */
export function digestThreadName(view: DigestView): string {
  const label = isSpan(view) ? `${view.from ?? view.day} – ${view.day}` : view.day;
  return `${view.cadence === 'weekly' ? 'Weekly' : 'Daily'} Papers ${sanitizeText(label)}`;
}
