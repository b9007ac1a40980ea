/**
 * One paper by arXiv id: from the archive, else from Hugging Face's paper endpoint (and then
 * stored, so the archive grows with use). Search, shared cards, Discord's "paper card" and Slack
 * unfurls all look papers up this way.
 */
import { describeError } from '../errors.js';
import type { Paper, PaperId } from '../paper.js';
import type { PaperSource, PaperStore } from '../ports.js';

export type PaperLookupResult =
  | { readonly status: 'found'; readonly paper: Paper }
  /** Hugging Face has no such paper (or, without a live source, the archive lacks it). */
  | { readonly status: 'not_found' }
  /** Hugging Face did not answer. */
  | { readonly status: 'unavailable'; readonly error: string };

export interface LookupDeps {
  readonly store: Pick<PaperStore, 'getPaper' | 'upsertPapers'>;
  /** Omit to look in the archive only (the command line). */
  readonly source?: Pick<PaperSource, 'getPaper'> | undefined;
  /** How long Hugging Face may take. */
  readonly timeoutMs: number;
}

export async function lookUpPaper(deps: LookupDeps, id: PaperId): Promise<PaperLookupResult> {
  const stored = await deps.store.getPaper(id);
  if (stored !== undefined) return { status: 'found', paper: stored };
  if (deps.source === undefined) return { status: 'not_found' };
  try {
    const fetched = await deps.source.getPaper(id, { signal: AbortSignal.timeout(Math.max(1, deps.timeoutMs)) });
    if (fetched === undefined) return { status: 'not_found' };
    await deps.store.upsertPapers([fetched]);
    return { status: 'found', paper: fetched };
  } catch (error) {
    return { status: 'unavailable', error: describeError(error) };
  }
}
