/**
 * `paperboy render`: reads a saved `daily_papers`, `papers/search` or `papers/{id}` response and
 * prints exactly the payloads Paperboy would post for it, so an admin can see a post before it
 * happens. Every payload is checked against the platform limits before it is printed.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { selectDigestPapers } from '../core/digest/select.js';
import { isIsoDay, type Paper } from '../core/paper.js';
import { digestToView, paperToCard, searchToView } from '../formatter/card.js';
import { digestToConsoleText, searchToConsoleText } from '../formatter/console.js';
import { digestHeaderToDiscordMessage, discordMessageViolations, paperToDiscordMessage } from '../formatter/discord.js';
import { digestHeaderToSlackMessage, paperToSlackMessage, slackMessageViolations } from '../formatter/slack.js';
import { parseSavedResponse } from '../source/hf-normalise.js';
import { parseCommandArgs, parsePositiveInt } from './args.js';
import { usageError, writeLine, type CliIo } from './io.js';
import { loadRuntime } from './runtime.js';
import { searchResultsToDiscordMessage } from '../formatter/discord-search.js';
import { searchResultsToSlackMessage } from '../formatter/slack-search.js';

const PLATFORMS = ['discord', 'slack', 'console'] as const;
type RenderPlatform = (typeof PLATFORMS)[number];

/** Saved responses bigger than this are not API responses. */
const MAX_INPUT_BYTES = 50 * 1024 * 1024;

export const RENDER_HELP = `Usage: paperboy render --input FILE --platform discord|slack|console [--json] [--max N] [--day YYYY-MM-DD]

Reads a saved Hugging Face response (GET /api/daily_papers, /api/papers/search or
/api/papers/{id}) and prints the payloads Paperboy would post for it:
  daily_papers   the digest: a header message, then one message per paper
  papers/search  the /papers answer, one payload per page
  papers/{id}    one paper message

Options:
  --input FILE         the saved JSON response
  --platform NAME      discord, slack or console
  --json               print the payloads as JSON (console: {"text": ...})
  --max N              papers in a digest (default: digest.maxPapers from config)
  --day YYYY-MM-DD     the papers-day a daily_papers response is of; without it, the day
                       its items name (submittedOnDailyAt, 2025-03 on), else a date in
                       the file name, else the header says the day is unknown
  -h, --help           show this help`;

/** What the header says when neither the items, the option nor the file name tell the day. */
export const UNKNOWN_DAY = 'unknown day';

interface Rendered {
  readonly kind: 'digest-header' | 'paper' | 'search-page';
  readonly payload: unknown;
}

export function runRender(argv: string[], io: CliIo): number {
  const { values } = parseCommandArgs('render', argv, {
    input: { type: 'string' },
    platform: { type: 'string' },
    json: { type: 'boolean' },
    max: { type: 'string' },
    day: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, false);
  if (values.help) {
    writeLine(io.stdout, RENDER_HELP);
    return 0;
  }
  if (values.input === undefined) throw usageError('render: --input FILE is required');
  const platform = values.platform;
  if (!isRenderPlatform(platform)) throw usageError(`render: --platform must be one of ${PLATFORMS.join(', ')}${platform === undefined ? '' : `, got "${platform}"`}`);
  if (values.day !== undefined && !isIsoDay(values.day)) throw usageError(`render: --day must be a date written YYYY-MM-DD, got "${values.day}"`);
  const json = readInput(resolve(io.cwd, values.input));
  const { config, logger } = loadRuntime(io, { quietByDefault: true });
  const max = parsePositiveInt('max', values.max, config.digest.maxPapers, 100);

  let batch;
  try {
    batch = parseSavedResponse(json);
  } catch (error) {
    throw usageError(`render: ${values.input} is not a Hugging Face papers response (${error instanceof Error ? error.message : String(error)})`);
  }
  for (const skipped of batch.skipped) logger.warn({ input: values.input, ...skipped }, 'skipped invalid item');

  const pageSize = config.search.pageSize;
  const rendered: Rendered[] =
    batch.kind === 'daily_papers'
      ? renderDigest(platform, batch.papers, max, values.day ?? dayOf(batch.papers, values.input))
      : batch.kind === 'search'
        ? renderSearch(platform, batch.papers, pageSize)
        : batch.papers.map((paper) => ({ kind: 'paper' as const, payload: renderPaper(platform, paper) }));

  const violations = rendered.flatMap((item, index) => checkLimits(platform, item.payload).map((problem) => `payload ${index + 1}: ${problem}`));
  if (values.json) {
    writeLine(io.stdout, JSON.stringify(rendered, null, 2));
  } else {
    for (const [index, item] of rendered.entries()) {
      if (platform === 'console') {
        writeLine(io.stdout, (item.payload as { text: string }).text);
      } else {
        writeLine(io.stdout, `--- ${index + 1}/${rendered.length} ${item.kind} ---`);
        writeLine(io.stdout, JSON.stringify(item.payload, null, 2));
      }
    }
  }
  if (violations.length > 0) {
    writeLine(io.stderr, `paperboy render: ${violations.length} platform limit violation(s):\n${violations.join('\n')}`);
    return 1;
  }
  return 0;
}

function isRenderPlatform(value: string | undefined): value is RenderPlatform {
  return (PLATFORMS as readonly (string | undefined)[]).includes(value);
}

function readInput(path: string): unknown {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw usageError(`render: cannot read --input ${path} (no such file)`);
  }
  if (size > MAX_INPUT_BYTES) throw usageError(`render: --input ${path} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw usageError(`render: --input ${path} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * The papers-day of a saved daily_papers response: what its items say (Hugging Face added
 * `submittedOnDailyAt` in 2025-03), else a date in the file name (`…_2024-10-25.json`).
 */
export function dayOf(papers: readonly Paper[], fileName: string): string {
  const fromItems = papers.find((paper) => paper.papersDay !== undefined)?.papersDay;
  if (fromItems !== undefined) return fromItems;
  const dates = basename(fileName).match(/\d{4}-\d{2}-\d{2}/gu) ?? [];
  return dates.find(isIsoDay) ?? UNKNOWN_DAY;
}

function renderDigest(platform: RenderPlatform, papers: Paper[], max: number, day: string): Rendered[] {
  const plan = selectDigestPapers(day, papers, { maxPapers: max, minUpvotes: 0, filter: '' });
  const view = digestToView(plan.day, plan.papers, { totalAvailable: plan.availableCount });
  if (platform === 'console') return [{ kind: 'digest-header', payload: { text: digestToConsoleText(view) } }];
  const header = platform === 'discord' ? digestHeaderToDiscordMessage(view) : digestHeaderToSlackMessage(view);
  return [{ kind: 'digest-header', payload: header }, ...plan.papers.map((paper) => ({ kind: 'paper' as const, payload: renderPaper(platform, paper) }))];
}

function renderSearch(platform: RenderPlatform, papers: Paper[], pageSize: number): Rendered[] {
  const pages = Math.max(1, Math.ceil(papers.length / pageSize));
  return Array.from({ length: pages }, (_, index) => {
    const view = searchToView('(saved search)', papers.slice(index * pageSize, (index + 1) * pageSize), { page: index + 1, pageSize, total: papers.length });
    const payload =
      platform === 'discord' ? searchResultsToDiscordMessage(view) : platform === 'slack' ? searchResultsToSlackMessage(view) : { text: searchToConsoleText(view) };
    return { kind: 'search-page' as const, payload };
  });
}

function renderPaper(platform: RenderPlatform, paper: Paper): unknown {
  const card = paperToCard(paper);
  if (platform === 'discord') return paperToDiscordMessage(card);
  if (platform === 'slack') return paperToSlackMessage(card);
  return { text: digestToConsoleText({ day: paper.papersDay ?? paper.publishedOn ?? '', papers: [{ ...card, rank: 1 }], totalAvailable: 1 }) };
}

function checkLimits(platform: RenderPlatform, payload: unknown): string[] {
  if (platform === 'discord') return discordMessageViolations(payload);
  if (platform === 'slack') return slackMessageViolations(payload);
  return [];
}
