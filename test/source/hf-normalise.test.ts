import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode, isAppError } from '../../src/core/errors.js';
import type { Paper } from '../../src/core/paper.js';
import type { SourceBatch } from '../../src/core/ports.js';
import {
  dedupePapers,
  isWithdrawnSkip,
  parseDailyPapersResponse,
  parsePaperResponse,
  parseSavedResponse,
  parseSearchResponse,
} from '../../src/source/hf-normalise.js';
import { FIXTURES, legacyDailyItem, legacySearchItem, loadFixture } from '../support/hf-fixtures.js';

function paperById(batch: SourceBatch, id: string): Paper {
  const paper = batch.papers.find((candidate) => candidate.id === id);
  if (paper === undefined) throw new Error(`no paper ${id}`);
  return paper;
}

const day0612 = (): SourceBatch => parseDailyPapersResponse(loadFixture(FIXTURES.day0612));

describe('parsing the recorded Hugging Face responses', () => {
  const cases = [
    { file: FIXTURES.day0731, parse: parseDailyPapersResponse, count: 5, withAiSummary: 0, papersDay: '2026-07-31' },
    { file: FIXTURES.day0612, parse: parseDailyPapersResponse, count: 30, withAiSummary: 30, papersDay: '2026-06-12' },
    { file: FIXTURES.searchKazakh, parse: parseSearchResponse, count: 9, withAiSummary: 0, papersDay: undefined },
    { file: FIXTURES.searchLlama, parse: parseSearchResponse, count: 11, withAiSummary: 0, papersDay: undefined },
  ];

  it.each(cases)('keeps every item of $file', ({ file, parse, count, withAiSummary, papersDay }) => {
    const raw = loadFixture(file);
    const batch = parse(raw);
    expect(batch.skipped).toEqual([]);
    expect(batch.papers).toHaveLength(count);
    expect(batch.papers.map((paper) => paper.id)).toEqual(raw.map((item) => item.paper.id));
    expect(batch.papers.filter((paper) => paper.aiSummary !== undefined)).toHaveLength(withAiSummary);
    for (const paper of batch.papers) {
      expect(paper.papersDay).toBe(papersDay);
      expect(paper.title).not.toMatch(/\s{2}|\n/u);
      expect(paper.title.length).toBeGreaterThan(0);
      expect(paper.abstract.length).toBeGreaterThan(0);
      expect(paper.authorCount).toBe(paper.authors.length);
      expect(paper.links.hf).toBe(`https://huggingface.co/papers/${paper.id}`);
      expect(paper.thumbnail).toBe(`https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${paper.id}.png`);
    }
  });

  it.each(cases)('takes publishedOn from paper.publishedAt, not the shifted top-level date, in $file', ({ file, parse }) => {
    const raw = loadFixture(file);
    const batch = parse(raw);
    raw.forEach((item, index) => {
      expect(batch.papers[index]?.publishedOn).toBe(String(item.paper.publishedAt).slice(0, 10));
    });
  });

  it('uses the arXiv day for 2606.00467 although the top-level publishedAt is a day earlier', () => {
    const raw = loadFixture(FIXTURES.day0612).find((item) => item.paper.id === '2606.00467')!;
    expect(raw.publishedAt).toBe('2026-05-29T20:00:00.000Z');
    expect(paperById(day0612(), '2606.00467').publishedOn).toBe('2026-05-30');
  });

  it('drops the hidden author of 2606.12575 and counts only visible ones', () => {
    const paper = paperById(day0612(), '2606.12575');
    expect(paper.authors).not.toContain('Dengyang Jiang');
    expect(paper.authors).toHaveLength(9);
    expect(paper.authorCount).toBe(9);
    expect(paper.authors[0]).toBe('Dongyang Liu');
  });

  it('keeps all 533 authors of the Llama 3 paper', () => {
    const paper = paperById(parseSearchResponse(loadFixture(FIXTURES.searchLlama)), '2407.21783');
    expect(paper.authorCount).toBe(533);
    expect(paper.authors).toHaveLength(533);
    expect(paper.upvotes).toBe(115);
    expect(paper.comments).toBe(6);
  });

  it('keeps zero upvotes and zero comments as values', () => {
    const kazakh = paperById(parseSearchResponse(loadFixture(FIXTURES.searchKazakh)), '2403.19399');
    expect(kazakh.upvotes).toBe(0);
    expect(kazakh.comments).toBe(0);
    expect(paperById(day0612(), '2606.00467').upvotes).toBe(0);
  });

  it('has no aiSummary or keywords for the freshly submitted 2026-07-31 batch', () => {
    for (const paper of parseDailyPapersResponse(loadFixture(FIXTURES.day0731)).papers) {
      expect('aiSummary' in paper).toBe(false);
      expect(paper.keywords).toEqual([]);
    }
  });

  it('reads ai_summary, ai_keywords and the organization of a day-old batch', () => {
    const paper = paperById(day0612(), '2606.00467');
    expect(paper.aiSummary).toMatch(/^Large language models exhibit limited ability/u);
    expect(paper.keywords).toContain('LLM-as-a-judge');
    expect(paper.organization).toEqual({ name: 'caltech', fullname: 'California institute of technology' });
    expect(paper.comments).toBe(2);
  });

  it('reads GitHub stars from item.paper, including small counts', () => {
    const day = day0612();
    expect(paperById(day, '2606.13392')).toMatchObject({ githubRepo: 'https://github.com/MiniMax-AI/MSA', githubStars: 251 });
    const fresh = parseDailyPapersResponse(loadFixture(FIXTURES.day0731));
    expect(paperById(fresh, '2607.23193').githubStars).toBe(3);
    expect('githubRepo' in paperById(fresh, '2607.28308')).toBe(false);
  });

  it('collapses hard-wrapped titles and keeps Unicode math', () => {
    const kazakh = parseSearchResponse(loadFixture(FIXTURES.searchKazakh));
    expect(paperById(kazakh, '2108.01280').title).toBe(
      'A Study of Multilingual End-to-End Speech Recognition for Kazakh, Russian, and English',
    );
    const fresh = parseDailyPapersResponse(loadFixture(FIXTURES.day0731));
    expect(paperById(fresh, '2607.27958').title).toMatch(/^Σ-Mem: /u);
  });

  it('collapses hard wraps inside abstracts', () => {
    const paper = paperById(parseSearchResponse(loadFixture(FIXTURES.searchLlama)), '2407.21783');
    expect(paper.abstract).toMatch(/^Modern artificial intelligence \(AI\) systems are powered by foundation models\. This paper/u);
  });

  it('reads the comment count and who submitted the paper to Daily Papers', () => {
    const fresh = parseDailyPapersResponse(loadFixture(FIXTURES.day0731));
    expect(paperById(fresh, '2607.23193')).toMatchObject({ comments: 2, submittedBy: { username: 'Consonnm', fullname: 'Jinsen Su' } });
    const day = day0612();
    expect(day.papers.every((paper) => paper.submittedBy !== undefined)).toBe(true);
    // Search hits of papers never on Daily have no submitter.
    const kazakh = parseSearchResponse(loadFixture(FIXTURES.searchKazakh));
    expect(kazakh.papers.filter((paper) => paper.submittedBy !== undefined).length).toBeLessThan(kazakh.papers.length);
  });

  it('takes the username from submittedOnDailyBy.user and leaves out a display name equal to it', () => {
    const item = { paper: { id: '2606.00001', submittedOnDailyBy: { user: 'ak', name: 'ak', fullname: ' ak ' } }, submittedBy: { name: 'other' } };
    expect(parseDailyPapersResponse([item]).papers[0]?.submittedBy).toEqual({ username: 'ak' });
    const blank = { paper: { id: '2606.00002', submittedOnDailyBy: { fullname: 'No Name' } } };
    expect(parseDailyPapersResponse([blank]).papers[0]?.submittedBy).toBeUndefined();
  });

  it('ignores relative avatar URLs, which only concern rendering', () => {
    const raw = loadFixture(FIXTURES.day0612);
    for (const item of raw) (item.submittedBy as Record<string, unknown>).avatarUrl = '/avatars/abc.svg';
    expect(parseDailyPapersResponse(raw).papers).toHaveLength(30);
  });
});

describe('older and odd shapes', () => {
  it('reads a 2024-shaped daily item without ai fields, organization or submittedOnDailyAt', () => {
    const [paper] = parseDailyPapersResponse([legacyDailyItem()]).papers;
    expect(paper).toEqual({
      id: '2410.18057',
      title: 'CLEAR: Character Unlearning in Textual and Visual Modalities',
      abstract: 'Machine Unlearning (MU) is critical for enhancing privacy and security in deep learning models. We train on 8timesA800 GPU nodes.',
      keywords: [],
      authors: ['Ada Lovelace', 'Charles Babbage'],
      authorCount: 2,
      publishedOn: '2024-10-23',
      upvotes: 0,
      comments: 0,
      // 2024 items carry the submitter only at the item level, with `name` as the username.
      submittedBy: { username: 'akhaliq', fullname: 'AK' },
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2410.18057.png',
      links: {
        hf: 'https://huggingface.co/papers/2410.18057',
        arxiv: 'https://arxiv.org/abs/2410.18057',
        pdf: 'https://arxiv.org/pdf/2410.18057',
      },
    });
  });

  it('gives a 2024-shaped daily item the asked-for day as its papers-day', () => {
    const [paper] = parseDailyPapersResponse([legacyDailyItem()], { fallbackDay: '2024-10-25' }).papers;
    expect(paper?.papersDay).toBe('2024-10-25');
  });

  it('reads a 2024-shaped search hit {id, title, thumbnailUrl, source}', () => {
    const batch = parseSearchResponse([legacySearchItem()]);
    expect(batch.skipped).toEqual([]);
    expect(batch.papers[0]).toMatchObject({
      id: '2409.00729',
      title: 'ContextCite: Attributing Model Generation to Context',
      abstract: '',
      authors: [],
      authorCount: 0,
      upvotes: 0,
      comments: 0,
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2409.00729.png',
    });
  });

  it('accepts null for optional fields and keeps a githubStars of 0', () => {
    const item = loadFixture(FIXTURES.day0612)[0]!;
    Object.assign(item.paper, { ai_summary: null, ai_keywords: null, organization: null, githubRepo: 'https://github.com/a/b', githubStars: 0 });
    Object.assign(item, { organization: null, numComments: null, thumbnail: null, futureField: { x: 1 } });
    const [paper] = parseDailyPapersResponse([item]).papers;
    expect(paper).toMatchObject({ githubStars: 0, comments: 0, keywords: [] });
    expect(paper?.aiSummary).toBeUndefined();
    expect(paper?.organization).toBeUndefined();
    expect(paper?.thumbnail).toBe('https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2606.00467.png');
  });

  it('falls back to the top-level organization and to paper.title', () => {
    const item = loadFixture(FIXTURES.day0731)[1]!;
    delete item.paper.organization;
    item.title = '   ';
    const [paper] = parseDailyPapersResponse([item]).papers;
    expect(paper?.organization?.name).toBe('NanyangTechnologicalUniversity');
    expect(paper?.title).toBe(collapse(String(item.paper.title)));
  });

  it('drops blank author names and treats a blank ai_summary as absent', () => {
    const item = loadFixture(FIXTURES.day0612)[0]!;
    item.paper.authors = [{ name: '  Ada  ' }, { name: '' }, { name: '   ' }, {}, { name: 'Bob', hidden: true }];
    item.paper.ai_summary = '  \n ';
    const [paper] = parseDailyPapersResponse([item]).papers;
    expect(paper?.authors).toEqual(['Ada']);
    expect(paper?.authorCount).toBe(1);
    expect('aiSummary' in paper!).toBe(false);
  });

  it('drops the version from a versioned id', () => {
    const item = loadFixture(FIXTURES.day0612)[0]!;
    item.paper.id = '2606.00467v2';
    expect(parseDailyPapersResponse([item]).papers[0]?.id).toBe('2606.00467');
  });
});

function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

describe('skipping bad items', () => {
  it('skips an item without paper.id and keeps the rest', () => {
    const raw = loadFixture(FIXTURES.day0612);
    delete raw[3]!.paper.id;
    const batch = parseDailyPapersResponse(raw);
    expect(batch.papers).toHaveLength(29);
    expect(batch.skipped).toHaveLength(1);
    expect(batch.skipped[0]).toMatchObject({ index: 3, id: undefined });
    expect(batch.skipped[0]?.reason).toMatch(/^paper\.id: /u);
  });

  it('skips items without paper, with a non-arXiv id or with wrong types, naming id and path', () => {
    const good = loadFixture(FIXTURES.day0731);
    const noPaper = { title: 'x' };
    const oldStyle = structuredClone(good[0]!);
    oldStyle.paper.id = 'hep-th/9901001';
    const badUpvotes = structuredClone(good[1]!);
    badUpvotes.paper.upvotes = 'many';
    const batch = parseDailyPapersResponse([noPaper, 42, oldStyle, badUpvotes, good[4]]);
    expect(batch.papers.map((paper) => paper.id)).toEqual(['2607.16922']);
    expect(batch.skipped.map(({ index, id }) => ({ index, id }))).toEqual([
      { index: 0, id: undefined },
      { index: 1, id: undefined },
      { index: 2, id: 'hep-th/9901001' },
      { index: 3, id: '2607.27958' },
    ]);
    expect(batch.skipped[0]?.reason).toMatch(/^paper: /u);
    expect(batch.skipped[3]?.reason).toMatch(/^paper\.upvotes: /u);
  });

  it('skips a withdrawn paper', () => {
    const raw = loadFixture(FIXTURES.day0731);
    raw[0]!.paper.withdrawnAt = '2026-08-01T00:00:00.000Z';
    const batch = parseDailyPapersResponse(raw);
    expect(batch.papers).toHaveLength(4);
    expect(batch.skipped[0]).toMatchObject({ index: 0, id: '2607.23193' });
    expect(isWithdrawnSkip(batch.skipped[0]!)).toBe(true);
  });

  it.each([
    ['an object', { error: 'nope' }],
    ['null', null],
    ['a string', 'x'],
  ])('throws SourceBadResponse when the body is %s, not an array', (_, body) => {
    for (const parse of [parseDailyPapersResponse, parseSearchResponse]) {
      expect(() => parse(body)).toThrow(AppError);
      try {
        parse(body);
      } catch (error) {
        expect(isAppError(error, ErrorCode.SourceBadResponse)).toBe(true);
      }
    }
  });

  it('returns [] for an empty day', () => {
    expect(parseDailyPapersResponse([])).toEqual({ papers: [], skipped: [] });
  });
});

describe('deduplication', () => {
  it('keeps the first of a repeated id with the highest upvote count', () => {
    const raw = loadFixture(FIXTURES.day0731);
    const again = structuredClone(raw[0]!);
    again.paper.upvotes = 40;
    again.title = 'Another title';
    const batch = parseDailyPapersResponse([...raw, again]);
    expect(batch.papers).toHaveLength(5);
    expect(paperById(batch, '2607.23193')).toMatchObject({ upvotes: 40, title: raw[0]!.title });
  });

  it('does not lower upvotes when a later copy has fewer', () => {
    const [first] = parseDailyPapersResponse(loadFixture(FIXTURES.day0731)).papers;
    const papers = dedupePapers([first!, { ...first!, upvotes: 0 }]);
    expect(papers).toEqual([first]);
  });
});

describe('one paper and saved files', () => {
  const detail = (): Record<string, unknown> => ({
    ...loadFixture(FIXTURES.day0612).find((item) => item.paper.id === '2606.13392')!.paper,
    linkedModels: [{ id: 'MiniMaxAI/MSA-7B' }],
    numTotalModels: 1,
    linkedDatasets: [],
    numTotalDatasets: 0,
  });

  it('reads the flat /api/papers/{id} body', () => {
    const batch = parsePaperResponse(detail());
    expect(batch.skipped).toEqual([]);
    expect(batch.papers[0]).toMatchObject({
      id: '2606.13392',
      title: 'MiniMax Sparse Attention',
      upvotes: 103,
      comments: 0,
      githubStars: 251,
      papersDay: '2026-06-12',
      organization: { name: 'MiniMaxAI' },
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2606.13392.png',
    });
  });

  it('reports a paper body without an id as skipped and throws on an array', () => {
    expect(parsePaperResponse({ title: 'x' }).skipped[0]?.reason).toMatch(/^id: /u);
    expect(() => parsePaperResponse([])).toThrow(AppError);
  });

  it.each([
    [FIXTURES.day0731, 'daily_papers', 5],
    [FIXTURES.day0612, 'daily_papers', 30],
    [FIXTURES.searchKazakh, 'search', 9],
    [FIXTURES.searchLlama, 'search', 11],
  ])('detects %s as %s', (file, kind, count) => {
    const saved = parseSavedResponse(loadFixture(file));
    expect(saved.kind).toBe(kind);
    expect(saved.papers).toHaveLength(count);
  });

  it('detects a single paper object, a 2024 search list, a 2024 day and an empty list', () => {
    expect(parseSavedResponse(detail())).toMatchObject({ kind: 'paper', papers: [{ id: '2606.13392' }] });
    expect(parseSavedResponse([legacySearchItem()])).toMatchObject({ kind: 'search', papers: [{ id: '2409.00729' }] });
    expect(parseSavedResponse([legacyDailyItem()])).toMatchObject({ kind: 'daily_papers', papers: [{ id: '2410.18057' }] });
    expect(parseSavedResponse([])).toEqual({ kind: 'daily_papers', papers: [], skipped: [] });
  });

  it('throws SourceBadResponse for a saved file that is neither an array nor an object', () => {
    expect(() => parseSavedResponse('hello')).toThrow(/expected a JSON array/u);
  });
});
