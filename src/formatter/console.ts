/**
 * Plain text for a terminal (demo, dry runs, the CLI). No markup to escape, but every string
 * is cleaned again of control characters so paper text cannot move the cursor or recolour
 * the terminal.
 */
import { digestTitle, emptyDigestText } from './digest-title.js';
import { votesPhrase, type DigestView, type PaperCard, type SearchView } from './card.js';
import { CONSOLE_LIMITS } from './limits.js';
import { sanitizeText, truncate } from './text.js';

export interface ConsoleOptions {
  /** Wrap column; defaults to `CONSOLE_LIMITS.defaultWidth`. */
  readonly width?: number | undefined;
}

/** Greedy word wrap; a word longer than the line (a URL) gets a line of its own, uncut. */
function wrap(text: string, width: number, indent: string): string[] {
  const room = Math.max(1, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (const word of sanitizeText(text).split(' ')) {
    if (!word) continue;
    if (line && line.length + 1 + word.length > room) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

function entry(card: PaperCard, width: number, numberWidth: number): string[] {
  const number = `${card.rank ?? '-'}.`.padStart(numberWidth + 1);
  const indent = ' '.repeat(number.length + 1);
  const titleLines = wrap(card.title, width, indent);
  const firstTitle = titleLines[0]?.slice(indent.length) ?? '';
  const votes = card.votes === undefined ? '' : ` (${votesPhrase(card.votes, card.votesWhere)})`;
  const details = [
    card.date,
    `▲ ${card.upvotes}${votes}`,
    card.organization,
    card.github?.stars === undefined ? undefined : `★ ${card.github.stars}`,
  ].filter((part): part is string => part !== undefined && part.length > 0);
  return [
    `${number} ${firstTitle}`,
    ...titleLines.slice(1),
    ...wrap(card.authorsLine, width, indent),
    ...wrap(details.join(' · '), width, indent),
    ...wrap(truncate(card.oneLine, CONSOLE_LIMITS.summary), width, indent),
    indent + card.url,
  ];
}

function resolveWidth(options: ConsoleOptions): number {
  return Math.max(CONSOLE_LIMITS.minWidth, Math.floor(options.width ?? CONSOLE_LIMITS.defaultWidth));
}

function entries(cards: readonly PaperCard[], width: number): string[] {
  const numberWidth = Math.max(...cards.map((card) => String(card.rank ?? '-').length), 1);
  return cards.flatMap((card) => ['', ...entry(card, width, numberWidth)]);
}

export function digestToConsoleText(view: DigestView, options: ConsoleOptions = {}): string {
  const width = resolveWidth(options);
  if (view.papers.length === 0) return `${sanitizeText(emptyDigestText(view))}\n`;
  const shown = view.papers.length;
  const count = shown < view.totalAvailable ? `top ${shown} of ${view.totalAvailable}` : `${shown} papers`;
  const lines = [...wrap(`${sanitizeText(digestTitle(view))} · ${count}`, width, ''), ...entries(view.papers, width)];
  return `${lines.join('\n')}\n`;
}

export function searchToConsoleText(view: SearchView, options: ConsoleOptions = {}): string {
  const width = resolveWidth(options);
  const query = sanitizeText(view.query);
  const note = view.note ? wrap(sanitizeText(view.note), width, '') : [];
  if (view.cards.length === 0) return `${[`No results for "${query}".`, ...note].join('\n')}\n`;
  const first = (view.page - 1) * view.pageSize + 1;
  const range = `${first}–${first + view.cards.length - 1} of ${view.total}, page ${view.page}/${view.pageCount}`;
  const lines = [...wrap(`Results for "${query}" (${range})`, width, ''), ...note, ...entries(view.cards, width)];
  return `${lines.join('\n')}\n`;
}
