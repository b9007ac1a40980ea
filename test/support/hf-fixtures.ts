/** Loads the recorded Hugging Face responses in test/fixtures/hf/ and builds variants of them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = {
  day0731: 'hf-daily-papers_2026-07-31_5-items.json',
  day0612: 'hf-daily-papers_latest-batch_2026-06-12.json',
  searchKazakh: 'hf-papers-search_q-kazakh_2025-05.json',
  searchLlama: 'hf-papers-search_q-llama-3-herd_2025-05.json',
} as const;

export type RawItem = Record<string, unknown> & { paper: Record<string, unknown> };

/** A fresh deep copy each call, so tests can mutate freely. */
export function loadFixture(name: string): RawItem[] {
  const path = fileURLToPath(new URL(`../fixtures/hf/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as RawItem[];
}

/** `count` daily items cloned from a real one, ids 2606.90000…, upvotes 0…count-1. */
export function syntheticDay(count: number): RawItem[] {
  const template = loadFixture(FIXTURES.day0612)[0]!;
  return Array.from({ length: count }, (_, i) => {
    const item = structuredClone(template);
    item.paper.id = `2606.9${String(i).padStart(4, '0')}`;
    item.paper.upvotes = i;
    item.title = `Synthetic paper ${i}`;
    return item;
  });
}

/** A 2024-10-shaped daily item, per notes §6.2: no ai_*, organization or submittedOnDailyAt. */
export function legacyDailyItem(): Record<string, unknown> {
  return {
    paper: {
      id: '2410.18057',
      authors: [
        { _id: '671b0a2f5e8d4c1d2e3f4a01', name: 'Ada Lovelace', hidden: false },
        { _id: '671b0a2f5e8d4c1d2e3f4a02', name: 'Charles Babbage', hidden: false },
      ],
      publishedAt: '2024-10-23T17:59:58.000Z',
      title: 'CLEAR: Character Unlearning in Textual and Visual\n  Modalities',
      summary: 'Machine Unlearning (MU) is critical for enhancing privacy and security in deep\nlearning models. We train on 8timesA800 GPU nodes.',
      upvotes: 0,
      discussionId: '671b0a2f5e8d4c1d2e3f4b00',
    },
    publishedAt: '2024-10-25T00:57:09.392Z',
    title: 'CLEAR: Character Unlearning in Textual and Visual Modalities',
    thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2410.18057.png',
    numComments: 0,
    submittedBy: { avatarUrl: '/avatars/1234.svg', fullname: 'AK', name: 'akhaliq', type: 'user', isPro: false },
    mediaUrls: ['https://cdn-uploads.huggingface.co/production/uploads/1/clear.png'],
  };
}

/** A 2024-09-shaped search hit (huggingface_hub issue #2553). */
export function legacySearchItem(): Record<string, unknown> {
  return {
    id: '2409.00729',
    title: 'ContextCite: Attributing Model Generation\n  to Context',
    thumbnailUrl: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2409.00729.png',
    source: 'hf',
  };
}
