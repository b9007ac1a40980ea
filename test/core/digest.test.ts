import { describe, expect, it } from 'vitest';
import { selectDigestPapers } from '../../src/core/digest/select.js';
import { makePaper } from '../support/papers.js';

const day = [
  makePaper('2606.00001', { upvotes: 3 }),
  makePaper('2606.00002', { upvotes: 0 }),
  makePaper('2606.00003', { upvotes: 50, title: 'Memory for agents' }),
  makePaper('2606.00004', { upvotes: 7, title: 'x', keywords: ['long-term memory'] }),
];

describe('selectDigestPapers', () => {
  it('orders by HF upvotes, highest first, and counts what the day had', () => {
    const plan = selectDigestPapers('2026-06-12', day, { maxPapers: 10, minUpvotes: 0, filter: '' });
    expect(plan.papers.map((p) => p.upvotes)).toEqual([50, 7, 3, 0]);
    expect(plan.availableCount).toBe(4);
  });

  it('applies min upvotes, keywords and the cap, in that order', () => {
    expect(selectDigestPapers('d', day, { maxPapers: 10, minUpvotes: 3, filter: '' }).papers.map((p) => p.id)).toEqual(['2606.00003', '2606.00004', '2606.00001']);
    expect(selectDigestPapers('d', day, { maxPapers: 10, minUpvotes: 0, filter: 'MEMORY' }).papers.map((p) => p.id)).toEqual(['2606.00003', '2606.00004']);
    expect(selectDigestPapers('d', day, { maxPapers: 1, minUpvotes: 0, filter: 'memory' }).papers.map((p) => p.id)).toEqual(['2606.00003']);
  });

  it('keeps a paper with 0 upvotes when the floor is 0', () => {
    expect(selectDigestPapers('d', day, { maxPapers: 10, minUpvotes: 0, filter: '' }).papers.some((p) => p.upvotes === 0)).toBe(true);
  });
});
