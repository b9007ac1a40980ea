import { describe, expect, it } from 'vitest';
import { findPaperReference, paperIdOfUrl, paperReferencesIn } from '../../src/core/search/paper-reference.js';

describe('paperReferencesIn', () => {
  it.each([
    ['2606.13681', '2606.13681'],
    ['2606.13681v3', '2606.13681'],
    ['arXiv:2606.13681v1', '2606.13681'],
    ['arxiv: 1706.03762', '1706.03762'],
    ['https://arxiv.org/abs/2606.13681', '2606.13681'],
    ['https://arxiv.org/abs/2606.13681v2', '2606.13681'],
    ['http://www.arxiv.org/pdf/2606.13681v2.pdf', '2606.13681'],
    ['https://arxiv.org/pdf/2606.13681', '2606.13681'],
    ['https://export.arxiv.org/abs/2606.13681', '2606.13681'],
    ['https://huggingface.co/papers/2606.13681', '2606.13681'],
    ['https://huggingface.co/papers/2606.13681#community', '2606.13681'],
    ['https://hf.co/papers/2606.13681', '2606.13681'],
    ['look at <https://huggingface.co/papers/2606.13681|this one>!', '2606.13681'],
    ['see 2606.13681.', '2606.13681'],
  ])('finds the paper in %s', (text, id) => {
    expect(paperReferencesIn(text).map((reference) => reference.id)).toEqual([id]);
  });

  it.each([
    'memory agents',
    '2606.136',
    '2606.136812',
    'version 1.2606.13681',
    'https://example.com/abs/2606.13681',
    'https://huggingface.co/models/2606.13681',
    'hep-th/9901001',
    '2606.13681x',
  ])('finds nothing in %s', (text) => {
    expect(paperReferencesIn(text)).toEqual([]);
  });

  it('lists several papers once each, in order', () => {
    const text = 'compare https://arxiv.org/abs/2606.00467v2 with 2606.13681 and https://huggingface.co/papers/2606.00467';
    expect(paperReferencesIn(text).map((reference) => reference.id)).toEqual(['2606.00467', '2606.13681']);
  });
});

describe('findPaperReference', () => {
  it('gives the rest of the text to search for', () => {
    expect(findPaperReference('https://arxiv.org/abs/2606.13681v2 memory agents')).toMatchObject({ id: '2606.13681', rest: 'memory agents' });
    expect(findPaperReference('2606.13681')).toMatchObject({ id: '2606.13681', rest: '' });
    expect(findPaperReference('memory')).toBeUndefined();
  });
});

describe('paperIdOfUrl', () => {
  it('reads a link on its own and nothing else', () => {
    expect(paperIdOfUrl('https://huggingface.co/papers/2606.13681')).toBe('2606.13681');
    expect(paperIdOfUrl('https://arxiv.org/pdf/2606.13681v1.pdf')).toBe('2606.13681');
    expect(paperIdOfUrl('2606.13681')).toBeUndefined();
    expect(paperIdOfUrl('https://huggingface.co/papers')).toBeUndefined();
  });
});
