import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discordMessageViolations } from '../../src/formatter/discord.js';
import { slackMessageViolations } from '../../src/formatter/slack.js';
import { legacyDailyItem, legacySearchItem } from '../support/hf-fixtures.js';
import { cli, REPO, scratchDir } from '../support/run-cli.js';

interface Rendered {
  kind: string;
  payload: Record<string, unknown> & { allowed_mentions?: { parse: unknown[] }; text?: string; blocks?: unknown[] };
}

const FIXTURES = [
  ['hf-daily-papers_latest-batch_2026-06-12.json', 'daily', 30],
  ['hf-daily-papers_2026-07-31_5-items.json', 'daily', 5],
  ['hf-papers-search_q-kazakh_2025-05.json', 'search', 9],
  ['hf-papers-search_q-llama-3-herd_2025-05.json', 'search', 11],
] as const;

function withFixtures(): string {
  const cwd = scratchDir();
  for (const [name] of FIXTURES) copyFileSync(join(REPO, 'test/fixtures/hf', name), join(cwd, name));
  writeFileSync(join(cwd, 'daily-2024.json'), JSON.stringify([legacyDailyItem(), { ...legacyDailyItem(), paper: { ...legacyDailyItem().paper as object, id: '2410.00001', authors: Array.from({ length: 533 }, (_, i) => ({ name: `Author Number ${i}`, hidden: false })) } }]));
  writeFileSync(join(cwd, 'search-2024.json'), JSON.stringify([legacySearchItem()]));
  return cwd;
}

async function render(cwd: string, input: string, platform: string): Promise<Rendered[]> {
  const result = await cli(['render', '--input', input, '--platform', platform, '--json', '--max', '100'], { cwd });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Rendered[];
}

describe('paperboy render', () => {
  const cwd = withFixtures();

  it.each(FIXTURES)('renders %s for Discord within every limit, pinging nobody', async (name, kind, papers) => {
    const rendered = await render(cwd, name, 'discord');
    if (kind === 'daily') {
      expect(rendered.map((item) => item.kind)).toEqual(['digest-header', ...Array<string>(papers).fill('paper')]);
    } else {
      expect(rendered.every((item) => item.kind === 'search-page')).toBe(true);
      expect(rendered.reduce((sum, item) => sum + ((item.payload.embeds as unknown[] | undefined)?.length ?? 0), 0)).toBe(papers);
    }
    for (const item of rendered) {
      expect(discordMessageViolations(item.payload)).toEqual([]);
      expect(item.payload.allowed_mentions).toEqual({ parse: [] });
    }
  });

  it.each(FIXTURES)('renders %s for Slack within every limit, with fallback text', async (name) => {
    const rendered = await render(cwd, name, 'slack');
    for (const item of rendered) {
      expect(slackMessageViolations(item.payload)).toEqual([]);
      expect(item.payload.text?.length).toBeGreaterThan(0);
      expect((item.payload.blocks ?? []).length).toBeGreaterThan(0);
    }
  });

  it('fits the 533-author Llama 3 paper into one Discord message as "first N, +M more"', async () => {
    const rendered = await render(cwd, 'hf-papers-search_q-llama-3-herd_2025-05.json', 'discord');
    const text = JSON.stringify(rendered[0]?.payload);
    expect(text).toContain('The Llama 3 Herd of Models');
    expect(text).toMatch(/\+5\d\d more/u);
  });

  it.each(['discord', 'slack'])('renders 2024-shaped daily and search responses for %s', async (platform) => {
    const daily = await render(cwd, 'daily-2024.json', platform);
    expect(daily).toHaveLength(3);
    const search = await render(cwd, 'search-2024.json', platform);
    expect(JSON.stringify(search)).toContain('ContextCite: Attributing Model Generation to Context');
    const check = platform === 'discord' ? discordMessageViolations : slackMessageViolations;
    for (const item of [...daily, ...search]) expect(check(item.payload)).toEqual([]);
  });

  it('prints console text, and plain JSON payload listings without --json', async () => {
    const text = await cli(['render', '--input', 'hf-daily-papers_2026-07-31_5-items.json', '--platform', 'console'], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Σ-Mem: An Online Reliability Memory');
    const listing = await cli(['render', '--input', 'hf-daily-papers_2026-07-31_5-items.json', '--platform', 'slack', '--max', '2'], { cwd });
    expect(listing.stdout).toContain('--- 1/3 digest-header ---');
    expect(listing.stdout).toContain('--- 3/3 paper ---');
  });

  it('caps a digest at digest.maxPapers unless --max says otherwise', async () => {
    const result = await cli(['render', '--input', 'hf-daily-papers_latest-batch_2026-06-12.json', '--platform', 'discord', '--json'], { cwd });
    const rendered = JSON.parse(result.stdout) as Rendered[];
    expect(rendered).toHaveLength(11);
    expect(JSON.stringify(rendered[0]?.payload)).toContain('Top 10 of 30 papers');
  });

  it('skips an item without paper.id, logs it, and renders the rest', async () => {
    const day = JSON.parse(readFileSync(join(cwd, 'hf-daily-papers_2026-07-31_5-items.json'), 'utf8')) as { paper: Record<string, unknown> }[];
    const first = day[0];
    if (first) delete first.paper.id;
    writeFileSync(join(cwd, 'one-bad.json'), JSON.stringify(day));
    const result = await cli(['render', '--input', 'one-bad.json', '--platform', 'discord', '--json', '--max', '100'], { cwd });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as unknown[]).length).toBe(1 + 4);
    expect(result.stderr).toMatch(/skipped invalid item/u);
    expect(result.stderr).toMatch(/"index":0/u);
  });

  describe('the papers-day of a response whose items do not name it (before 2025-03)', () => {
    const headerOf = async (input: string, extra: string[] = []) => {
      const result = await cli(['render', '--input', input, '--platform', 'discord', '--json', ...extra], { cwd });
      expect(result.stderr).toBe('');
      return String((JSON.parse(result.stdout) as Rendered[])[0]?.payload.content).split('\n')[0];
    };

    it('says the day is unknown when nothing tells it', async () => {
      expect(await headerOf('daily-2024.json')).toBe('**Hugging Face Daily Papers · unknown day**');
    });

    it('takes it from a date in the file name', async () => {
      copyFileSync(join(cwd, 'daily-2024.json'), join(cwd, 'hf-daily-papers_2024-10-25.json'));
      expect(await headerOf('hf-daily-papers_2024-10-25.json')).toBe('**Hugging Face Daily Papers · 2024-10-25**');
    });

    it('takes it from --day before anything else, and refuses a --day that is not a date', async () => {
      expect(await headerOf('hf-daily-papers_2024-10-25.json', ['--day', '2024-10-24'])).toBe('**Hugging Face Daily Papers · 2024-10-24**');
      expect(await headerOf('hf-daily-papers_latest-batch_2026-06-12.json', ['--day', '2026-06-11'])).toBe('**Hugging Face Daily Papers · 2026-06-11**');
      const bad = await cli(['render', '--input', 'daily-2024.json', '--platform', 'discord', '--day', '2024-13-01'], { cwd });
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/--day must be a date written YYYY-MM-DD/u);
    });

    it('prefers the day the items name over the file name', async () => {
      copyFileSync(join(cwd, 'hf-daily-papers_latest-batch_2026-06-12.json'), join(cwd, 'saved_2026-01-01.json'));
      expect(await headerOf('saved_2026-01-01.json')).toBe('**Hugging Face Daily Papers · 2026-06-12**');
    });
  });
});
