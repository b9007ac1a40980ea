import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import type { PaperStore } from '../../src/core/ports.js';
import type { Synchronous } from '../../src/store/promised.js';
import { parseSearchQuery } from '../../src/core/search/query.js';
import { CANDIDATES } from '../../src/store/sqlite/search/paper-search.js';
import { createSqlitePaperStoreSync } from '../../src/store/sqlite/paper-store.js';
import { openDatabase, type Database } from '../../src/store/sqlite/database.js';
import { createSqliteVoteStoreSync } from '../../src/store/sqlite/vote-store.js';
import { makePaper } from '../support/papers.js';

const NOW = new Date('2026-08-01T12:00:00Z');
let db: Database;
let store: Synchronous<PaperStore>;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = createSqlitePaperStoreSync(db, { clock: { now: () => NOW } });
});
afterEach(() => {
  db.close();
});

const search = (text: string, limit = 20) => store.search(parseSearchQuery(text, NOW), { limit });
const ids = (text: string, limit = 20): string[] => search(text, limit).hits.map((hit) => hit.paper.id);
const id = (i: number): string => `2601.${String(i).padStart(5, '0')}`;

/** `count` papers that all mention memory in the abstract, oldest first, as an ingest stores them. */
function mentions(count: number): Paper[] {
  return Array.from({ length: count }, (_, i) =>
    makePaper(id(i + 1000), { title: `Agents study ${i}`, abstract: 'We use memory in passing.', publishedOn: '2026-07-01', upvotes: 1 }),
  );
}

describe('bounded candidates on a large match', () => {
  it('still ranks an old paper about the word first when more papers match than are ranked, and says the list is capped', () => {
    store.upsertPapers([makePaper(id(1), { title: 'Memory is all you need', abstract: 'About memory.', publishedOn: '2024-01-01' })]);
    store.upsertPapers(mentions(CANDIDATES.newest + 50));
    const page = search('memory ');
    expect(page.hits[0]?.paper.id).toBe(id(1));
    expect(page.capped).toBe(true);
    expect(page.total).toBe(CANDIDATES.newest + 1);
  });

  it('finds an old paper about the word by the asked author, and only that author\'s, past the newest matches', () => {
    store.upsertPapers([
      makePaper(id(1), { title: 'Memory for agents', abstract: 'About memory.', authors: ['Grace Hopper'], publishedOn: '2024-01-01' }),
      makePaper(id(2), { title: 'Memory for robots', abstract: 'About memory.', authors: ['Alan Turing'], publishedOn: '2024-01-02' }),
    ]);
    store.upsertPapers(mentions(CANDIDATES.newest + 50).map((paper) => ({ ...paper, authors: ['Grace Hopper'] })));
    const page = search('memory author:hopp');
    expect(page.capped).toBe(true);
    expect(page.hits[0]?.paper.id).toBe(id(1));
    expect(ids('memory author:hopp', 500)).not.toContain(id(2));
    expect(ids('memory author:turing', 500)).toEqual([id(2)]);
  });

  it('ranks every match, and says nothing is capped, when few enough match', () => {
    store.upsertPapers(mentions(30));
    const page = search('memory ', 50);
    expect(page.total).toBe(30);
    expect(page.capped).toBeUndefined();
  });

  it('checks the rest of a prefix longer than the longest prefix index', () => {
    store.upsertPapers([
      makePaper(id(1), { title: 'Diffusion models' }),
      makePaper(id(2), { title: 'Diffuse reflections' }),
      makePaper(id(3), { title: 'Diffusional creep' }),
    ]);
    expect(ids('diffusio').sort()).toEqual([id(1), id(3)]);
    expect(ids('diffus').sort()).toEqual([id(1), id(2), id(3)]);
  });
});

describe('community votes', () => {
  it('come with every hit and lift a paper above an otherwise equal one', () => {
    store.upsertPapers([
      makePaper(id(1), { title: 'Sparse attention kernels', publishedOn: '2026-07-01', upvotes: 3 }),
      makePaper(id(2), { title: 'Sparse attention kernels', publishedOn: '2026-07-01', upvotes: 3 }),
    ]);
    expect(search('sparse attention').hits.map((hit) => [hit.paper.id, hit.votes])).toEqual([[id(1), 0], [id(2), 0]]);
    const votes = createSqliteVoteStoreSync(db);
    for (const user of ['u1', 'u2']) votes.addVote({ platform: 'slack', workspaceId: 'W1', userId: user, paperId: id(2), at: NOW.toISOString() });
    expect(search('sparse attention').hits.map((hit) => [hit.paper.id, hit.votes])).toEqual([[id(2), 2], [id(1), 0]]);
    expect(search('min:1').hits.find((hit) => hit.paper.id === id(2))?.votes).toBe(2);
  });
});

describe('org filter', () => {
  it('knows an organization as soon as a paper of it is stored', () => {
    store.upsertPapers([makePaper(id(1), { title: 'A', organization: { name: 'mit', fullname: 'MIT' } })]);
    expect(ids('org:mit')).toEqual([id(1)]);
    expect(ids('org:nvidia')).toEqual([]);
    store.upsertPapers([makePaper(id(2), { title: 'B', organization: { name: 'nvidia', fullname: 'NVIDIA Corporation' } })]);
    expect(ids('org:nvidia')).toEqual([id(2)]);
    expect(ids('org:corporation')).toEqual([id(2)]);
    expect(ids('org:"nvidia corp"')).toEqual([id(2)]);
  });
});
