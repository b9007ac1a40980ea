/**
 * What the chat-platform contract's parts share: the fixture day's facts, a fresh driver per
 * test, and a digest posted the way an admin would.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import type { ChatDriver, Place, Post, SubscribeOptions } from './driver.js';

export type StartDriver = (options?: { readonly seed?: boolean }) => Promise<ChatDriver>;

export const FIXTURE_DAY = '2026-06-12';
export const EVOARENA = '2606.13681';
export const EVOARENA_TITLE = 'EvoArena: Tracking Memory Evolution for Robust LLM Agents in Dynamic Environments';
export const EVOARENA_URL = `https://huggingface.co/papers/${EVOARENA}`;

export const papersOf = (posts: readonly Post[]): Post[] => posts.filter((post) => post.kind === 'paper');

/** `/paperboy top all` with EvoArena alone, at `votes` votes. */
export const topOne = (d: ChatDriver, votes: number): string =>
  `${d.markup.bold(`Most upvoted papers of all time, votes ${d.votesWhere}`)}\n1. ${d.markup.link(EVOARENA_TITLE, EVOARENA_URL)} · ${votes} vote${votes === 1 ? '' : 's'} ${d.votesWhere} · 118 on HF`;

/** Subscribes `place` with `options` and posts its latest digest there; returns the paper posts. */
export async function postDigest(d: ChatDriver, options: SubscribeOptions = { maxPapers: 3 }, place: Place = 'main'): Promise<Post[]> {
  await d.subscribe(options, { by: 'admin', place });
  expect((await d.today({ by: 'admin', place })).text).toMatch(/^Posted \d+ papers? of /u);
  return papersOf(d.posts(place));
}

/** A fresh bot for every test, on a database seeded with the fixture day unless told otherwise. */
export function useDriver(start: StartDriver, options: { readonly seed?: boolean } = {}): () => ChatDriver {
  let driver: ChatDriver | undefined;
  beforeEach(async () => {
    driver = await start(options);
  });
  afterEach(async () => {
    await driver?.stop();
    driver = undefined;
  });
  return () => {
    if (driver === undefined) throw new Error('no driver running');
    return driver;
  };
}
