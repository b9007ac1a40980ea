import { describe, expect, it } from 'vitest';
import {
  ELLIPSIS,
  escapeDiscordMarkdown,
  escapeSlackText,
  formatAuthors,
  sanitizeText,
  slackMrkdwnFromPlain,
  toWellFormed,
  truncate,
  truncateFormatted,
} from '../../src/formatter/text.js';

const FAMILY = '👩‍👩‍👧‍👦'; // 11 code units, one grapheme
const FLAG = '🇺🇸'; // 4 code units, one grapheme
const TRACE_URL = 'https://github.com/YujunZhou/TRACE_exp';

describe('truncate', () => {
  it.each([
    ['leaves text that fits untouched', 'hello', 10, 'hello'],
    ['leaves text of exactly max length untouched', 'hello', 5, 'hello'],
    ['cuts one over to max with an ellipsis', 'hello!', 5, 'hell…'],
    ['returns only the ellipsis at max 1', 'hello', 1, '…'],
    ['returns an empty string at max 0', 'hello', 0, ''],
    ['treats a negative max as 0', 'hello', -3, ''],
    ['keeps an empty string empty', '', 0, ''],
    ['drops trailing spaces before the ellipsis', 'ab   cdef', 6, 'ab…'],
    ['never keeps half of a ZWJ family emoji', `ab${FAMILY}cd`, 12, 'ab…'],
    ['keeps a whole ZWJ family emoji when it fits', `ab${FAMILY}cd`, 14, `ab${FAMILY}…`],
    ['never splits a flag into regional indicators', `a${FLAG}${FLAG}`, 7, `a${FLAG}…`],
    ['never splits a surrogate pair', 'a😀b', 3, 'a…'],
    ['keeps combining marks with their base letter', 'ae\u0301\u0302xyz', 4, 'a…'],
    ['counts UTF-16 code units like String.length', '😀😀😀', 5, '😀😀…'],
  ])('%s', (_name, text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });

  it('replaces lone surrogates so the result is well-formed', () => {
    expect(truncate('a\uD800b\uDC00c', 10)).toBe('a\uFFFDb\uFFFDc');
    expect(truncate('\uD83Dxxxxxx', 3)).toBe('\uFFFDx…');
  });

  it('cuts a 10k-character string to exactly max', () => {
    const result = truncate('word '.repeat(2000), 4096);
    expect(result.length).toBeLessThanOrEqual(4096);
    expect(result.endsWith(ELLIPSIS)).toBe(true);
  });
});

describe('truncateFormatted', () => {
  it('never cuts an escape sequence in half', () => {
    expect(truncateFormatted('*****', 6, escapeDiscordMarkdown)).toBe('\\*\\*…');
    expect(truncateFormatted('a<<<<', 9, escapeSlackText)).toBe('a&lt;…');
  });

  it('returns the whole formatted text when it fits', () => {
    expect(truncateFormatted('a_b', 4, escapeDiscordMarkdown)).toBe('a\\_b');
  });
});

describe('escapeDiscordMarkdown', () => {
  it.each([
    ['bold', '**bold**', '\\*\\*bold\\*\\*'],
    ['underline and italics', '__u__ _i_', '\\_\\_u\\_\\_ \\_i\\_'],
    ['strikethrough', '~~s~~', '\\~\\~s\\~\\~'],
    ['spoilers', '||secret||', '\\|\\|secret\\|\\|'],
    ['inline code', '`x`', '\\`x\\`'],
    ['backslashes', 'a\\b', 'a\\\\b'],
    ['masked links', '[x](y)', '\\[x\\](y)'],
    ['a quote at a line start', '> quoted', '\\> quoted'],
    ['a heading at a line start', '# title\n## sub', '\\# title\n\\## sub'],
    ['subtext and lists at a line start', '-# small\n- item\n+ item', '\\-# small\n\\- item\n\\+ item'],
    ['a numbered list at a line start', '1. first\n 2. second', '1\\. first\n 2\\. second'],
    ['a star in a real abstract', 'V*, CountBench', 'V\\*, CountBench'],
    ['angle-bracket tags', 'emits <swi> to enter', 'emits \\<swi> to enter'],
  ])('escapes %s', (_name, input, expected) => {
    expect(escapeDiscordMarkdown(input)).toBe(expected);
  });

  it.each([
    ['@everyone', '@\u200Beveryone'],
    ['@here', '@\u200Bhere'],
    ['@EVERYONE', '@\u200BEVERYONE'],
    ['<@123>', '\\<@\u200B123>'],
    ['<@!123>', '\\<@\u200B!123>'],
    ['<@&123>', '\\<@\u200B&123>'],
    ['<#123>', '\\<#\u200B123>'],
  ])('neutralises the mention %s', (input, expected) => {
    const out = escapeDiscordMarkdown(input);
    expect(out).toBe(expected);
    expect(out).not.toMatch(/@(everyone|here)|<[@#]!?&?\d+>/i);
  });

  it('leaves http(s) URLs intact so they stay clickable', () => {
    const text = `Experiment code is available at ${TRACE_URL}, and the skill at https://a.io/x_y_z.`;
    const out = escapeDiscordMarkdown(text);
    expect(out).toContain(`${TRACE_URL},`);
    expect(out).toContain('https://a.io/x_y_z.');
  });

  it('escapes markdown right around a URL but not inside it', () => {
    expect(escapeDiscordMarkdown(`**see (${TRACE_URL}) now**`)).toBe(`\\*\\*see (${TRACE_URL}) now\\*\\*`);
  });

  it('escapes a bare domain, which Discord does not link', () => {
    expect(escapeDiscordMarkdown('github.com/YujunZhou/TRACE_exp')).toBe('github.com/YujunZhou/TRACE\\_exp');
  });
});

describe('escapeSlackText', () => {
  it('escapes only & < >', () => {
    expect(escapeSlackText(`a & <b> "c" 'd' *e* <!channel>`)).toBe(`a &amp; &lt;b&gt; "c" 'd' *e* &lt;!channel&gt;`);
  });
});

describe('slackMrkdwnFromPlain', () => {
  it('links URLs explicitly and escapes the rest', () => {
    expect(slackMrkdwnFromPlain(`code at ${TRACE_URL}, <swi> & more`)).toBe(
      `code at <${TRACE_URL}>, &lt;swi&gt; &amp; more`,
    );
  });

  it('escapes & inside a URL link', () => {
    expect(slackMrkdwnFromPlain('https://a.io/?x=1&y=2')).toBe('<https://a.io/?x=1&amp;y=2>');
  });
});

describe('sanitizeText', () => {
  it('drops control and bidi characters and collapses whitespace', () => {
    expect(sanitizeText('a\u0007b\u001b[31m  c\u202Ed\t\ne')).toBe('ab[31m cd e');
  });

  it('keeps single line breaks when asked', () => {
    expect(sanitizeText('one\r\n\r\n two  \nthree', { keepNewlines: true })).toBe('one\ntwo\nthree');
  });

  it('keeps zero-width joiners inside emoji', () => {
    expect(sanitizeText(FAMILY)).toBe(FAMILY);
  });

  it('replaces lone surrogates', () => {
    expect(toWellFormed('\uDC00x\uD800')).toBe('\uFFFDx\uFFFD');
  });
});

describe('formatAuthors', () => {
  const names = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'];

  it.each([
    ['shows every name when all fit', names, 3, 100, 'Ada Lovelace, Alan Turing, Grace Hopper'],
    ['shows as many names as fit and counts the rest', names, 3, 30, 'Ada Lovelace, +2 more'],
    ['counts authors that were dropped for storage', names, 533, 60, 'Ada Lovelace, Alan Turing, Grace Hopper, +530 more'],
    ['keeps one name, cut, when none fits whole', names, 3, 15, 'Ada L…, +2 more'],
    ['returns nothing for no authors', [], 0, 50, ''],
    ['falls back to a count without names', [], 12, 50, '12 authors'],
    ['skips empty names', ['', ' ', 'Ada'], 1, 50, 'Ada'],
  ])('%s', (_name, authors, total, max, expected) => {
    const out = formatAuthors(authors, total, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });

  it('measures names after escaping', () => {
    const out = formatAuthors(['a_b', 'c_d', 'e_f'], 3, 13, escapeDiscordMarkdown);
    expect(out).toBe('a\\_b, +2 more');
  });
});
