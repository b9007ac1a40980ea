/**
 * A paper named by its arXiv id or a link to it, wherever it appears in a text: a search query
 * (`/papers 2606.13681`, a pasted https://huggingface.co/papers/2606.13681), a message someone
 * used "Paperboy: paper card" on, a link Slack asks us to unfurl.
 *
 * Recognised: `2606.13681`, `2606.13681v2`, `arXiv:2606.13681`, arxiv.org/abs|pdf/… (with a
 * version, `.pdf`, `www.` or `export.`), huggingface.co/papers/… and hf.co/papers/…. Only
 * new-style ids (`YYMM.NNNNN`): Hugging Face indexes no others.
 */
import type { PaperId } from '../paper.js';

const ID = String.raw`(\d{4}\.\d{4,5})(?:v\d+)?`;
const LINK = String.raw`https?://(?:(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/${ID}(?:\.pdf)?|(?:www\.)?(?:huggingface\.co|hf\.co)/papers/${ID})(?![\w.])[^\s<>|]*`;
const BARE = String.raw`(?<![\w./:-])(?:arxiv:\s?)?${ID}(?![\w.]*\w)`;
const REFERENCE = new RegExp(`${LINK}|${BARE}`, 'giu');
const URL_ONLY = new RegExp(`^(?:${LINK})$`, 'iu');

export interface PaperReference {
  readonly id: PaperId;
  /** The text as found (a link or an id). */
  readonly match: string;
}

/** Every paper named in `text`, in order, each once. */
export function paperReferencesIn(text: string): PaperReference[] {
  const seen = new Set<string>();
  const found: PaperReference[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const id = match[1] ?? match[2] ?? match[3];
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    found.push({ id, match: match[0] });
  }
  return found;
}

/** The first paper named in `text`, and the text without it (what else to search for). */
export function findPaperReference(text: string): (PaperReference & { readonly rest: string }) | undefined {
  const [first] = paperReferencesIn(text);
  if (first === undefined) return undefined;
  return { ...first, rest: text.replace(first.match, ' ').replace(/\s+/gu, ' ').trim() };
}

/** The paper a link points to, for a link Slack hands over on its own. */
export function paperIdOfUrl(url: string): PaperId | undefined {
  const match = URL_ONLY.exec(url.trim());
  return match?.[1] ?? match?.[2];
}
