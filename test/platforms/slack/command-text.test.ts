import { describe, expect, it } from 'vitest';
import {
  decodeSlackText, parsePaperboyCommand, parsePapersCommand, tokenize, USAGE, type PaperboyCommand,
} from '../../../src/platforms/slack/commands.js';

describe('parsePaperboyCommand', () => {
  const cases: [string, PaperboyCommand][] = [
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP me', { kind: 'help' }],
    ['frobnicate', { kind: 'help', unknown: 'frobnicate' }],
    ['🦄', { kind: 'help', unknown: '🦄' }],
    ['settings', { kind: 'settings' }],
    ['  Settings  ', { kind: 'settings' }],
    ['unsubscribe', { kind: 'unsubscribe' }],
    ['today', { kind: 'today' }],
    ['top', { kind: 'top', period: 'week' }],
    ['top MONTH', { kind: 'top', period: 'month' }],
    ['top   all', { kind: 'top', period: 'all' }],
    ['subscribe', { kind: 'subscribe', input: {} }],
    ['subscribe 9:05', { kind: 'subscribe', input: { time: '09:05' } }],
    ['subscribe 23:59 Europe/Berlin', { kind: 'subscribe', input: { time: '23:59', timezone: 'Europe/Berlin' } }],
    ['subscribe UTC', { kind: 'subscribe', input: { timezone: 'UTC' } }],
    ['subscribe america/new_york', { kind: 'subscribe', input: { timezone: 'america/new_york' } }],
    ['subscribe max:25 min:0', { kind: 'subscribe', input: { maxPapers: 25, minUpvotes: 0 } }],
    ['subscribe MAX:3', { kind: 'subscribe', input: { maxPapers: 3 } }],
    ['subscribe max:１０', { kind: 'subscribe', input: { maxPapers: 10 } }],
    ['subscribe keywords:Agents,memory,agents', { kind: 'subscribe', input: { filter: 'agents OR memory' } }],
    ['subscribe keywords:"sparse attention",agents', { kind: 'subscribe', input: { filter: '"sparse attention" OR agents' } }],
    ['subscribe keywords:“diffusion models”', { kind: 'subscribe', input: { filter: '"diffusion models"' } }],
    ['subscribe keywords:none', { kind: 'subscribe', input: { filter: '' } }],
    ['subscribe thread', { kind: 'subscribe', input: { thread: true } }],
    ['subscribe thread:off', { kind: 'subscribe', input: { thread: false } }],
    ['subscribe\u00a0 08:00\tthread\n max:2', { kind: 'subscribe', input: { time: '08:00', thread: true, maxPapers: 2 } }],
    ['subscribe 08:\u200b00', { kind: 'subscribe', input: { time: '08:00' } }],
    ['\u200bsubscribe', { kind: 'subscribe', input: {} }],
    ['subscribe "', { kind: 'subscribe', input: {} }],
    ['subscribe "max:3', { kind: 'subscribe', input: { maxPapers: 3 } }],
    ['status', { kind: 'status' }],
    ['subscribe days:mon-fri', { kind: 'subscribe', input: { weekdays: [1, 2, 3, 4, 5] } }],
    ['subscribe days:weekends note', { kind: 'subscribe', input: { weekdays: [0, 6], emptyNote: true } }],
    ['subscribe note:off', { kind: 'subscribe', input: { emptyNote: false } }],
    ['subscribe 09:00 filter:agents OR "sparse attention" author:lecun', { kind: 'subscribe', input: { time: '09:00', filter: 'agents OR "sparse attention" author:lecun' } }],
    ['subscribe FILTER:“world models” max:3', { kind: 'subscribe', input: { filter: '"world models" max:3' } }],
    ['subscribe keywords:"a filter:b" max:2', { kind: 'subscribe', input: { filter: '"a filter:b"', maxPapers: 2 } }],
    ['subscribe filter:none', { kind: 'subscribe', input: { filter: '' } }],
    ['subscribe weekly', { kind: 'subscribe', input: { cadence: 'weekly' } }],
    ['subscribe weekly:fri 08:00', { kind: 'subscribe', input: { cadence: 'weekly', weekdays: [5], time: '08:00' } }],
    ['subscribe daily days:mon-fri', { kind: 'subscribe', input: { cadence: 'daily', weekdays: [1, 2, 3, 4, 5] } }],
  ];

  it.each(cases)('parses %j', (text, expected) => {
    expect(parsePaperboyCommand(text)).toEqual(expected);
  });

  const errors: [string, string, RegExp][] = [
    ['subscribe max:abc', 'max:abc', /^max must be a whole number from 1 to 25, e\.g\. max:10\.$/u],
    ['subscribe max:0', 'max:0', /from 1 to 25/u],
    ['subscribe max:26', 'max:26', /from 1 to 25/u],
    ['subscribe max:-1', 'max:-1', /whole number/u],
    ['subscribe max:2.5', 'max:2.5', /whole number/u],
    ['subscribe max:', 'max:', /whole number/u],
    ['subscribe min:lots', 'min:lots', /^min must be a whole number/u],
    ['subscribe min:99999999', 'min:99999999', /^min must be/u],
    ['subscribe 24:00', '24:00', /HH:MM in 24-hour form/u],
    ['subscribe 12:60', '12:60', /HH:MM/u],
    ['subscribe Mars/Olympus_Mons', 'Mars/Olympus_Mons', /IANA name/u],
    ['subscribe fortnightly', 'fortnightly', /^unknown argument/u],
    ['subscribe colour:blue', 'colour:blue', /^unknown option/u],
    ['subscribe thread:maybe', 'thread:maybe', /on or off/u],
    ['subscribe days:someday', 'days:someday', /^days must be daily, weekdays, weekends/u],
    ['subscribe note:maybe', 'note:maybe', /^note is on or off/u],
    ['subscribe keywords:', 'keywords:', /comma-separated list/u],
    ['subscribe keywords:,,,', 'keywords:,,,', /comma-separated list/u],
    ['subscribe keywords:a,b,c,d,e,f,g,h,i,j,k', 'keywords:a,b,c,d,e,f,g,h,i,j,k', /at most 10 keywords/u],
    [`subscribe keywords:${'x'.repeat(41)}`, `keywords:${'x'.repeat(41)}`, /at most 40 characters/u],
    ['subscribe max:2 max:3', 'max:3', /given more than once/u],
    ['subscribe filter:', 'filter:', /filter needs search words/u],
    ['subscribe keywords:a filter:b', 'filter:b', /given more than once/u],
    ['subscribe weekly:mon-fri', 'weekly:mon-fri', /weekly takes one day/u],
    ['subscribe weekly daily', 'daily', /given more than once/u],
    ['subscribe weekly:mon days:fri', 'days:fri', /given more than once/u],
    ['status filter:memory', 'filter:memory', /takes no arguments/u],
    ['subscribe 08:00 09:00', '09:00', /given more than once/u],
    ['subscribe UTC Europe/Paris', 'Europe/Paris', /given more than once/u],
    ['top yesterday', 'yesterday', /one of day, week, month, all/u],
    ['top day week', 'week', /one period at most/u],
    ['today please', 'please', /takes no arguments/u],
    ['settings all', 'all', /takes no arguments/u],
    ['unsubscribe now', 'now', /takes no arguments/u],
  ];

  it.each(errors)('rejects %j naming %j', (text, argument, problem) => {
    const parsed = parsePaperboyCommand(text);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind !== 'invalid') return;
    expect(parsed.argument).toBe(argument);
    expect(parsed.problem).toMatch(problem);
    expect(parsed.usage).toBe(USAGE[parsed.subcommand]);
  });

  it('handles 5,000 characters of junk in linear time and names only the first bad argument', () => {
    const junk = `subscribe ${'max:abc '.repeat(625)}`;
    const parsed = parsePaperboyCommand(junk);
    expect(parsed).toMatchObject({ kind: 'invalid', argument: 'max:abc' });
    expect(parsePaperboyCommand('x'.repeat(5_000))).toMatchObject({ kind: 'help', unknown: 'x'.repeat(5_000) });
  });

  it('decodes the entities Slack puts in command text', () => {
    expect(parsePaperboyCommand('subscribe keywords:r&amp;d,&lt;llm&gt;')).toEqual({ kind: 'subscribe', input: { filter: '"r&d" OR "<llm>"' } });
  });
});

describe('tokenize', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ['k:"a b",c d', ['k:a b,c', 'd']],
    ['"unclosed quote runs on', ['unclosed quote runs on']],
    ['""', []],
    ['a\u3000b', ['a', 'b']],
  ])('splits %j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
});

describe('parsePapersCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    [' HeLp ', { kind: 'help' }],
    ['\u200b\u200d\ufeff', { kind: 'help' }],
    ['memory', { kind: 'search', text: 'memory' }],
    ['help me find memory papers', { kind: 'search', text: 'help me find memory papers' }],
    ['&lt;script&gt;', { kind: 'search', text: '<script>' }],
    ['"sparse attention"', { kind: 'search', text: '"sparse attention"' }],
    ['“sparse attention”', { kind: 'search', text: '"sparse attention"' }],
  ])('parses %j', (text, expected) => {
    expect(parsePapersCommand(text)).toEqual(expected);
  });

  it('keeps long queries for the core to cut', () => {
    const long = 'memory '.repeat(800);
    const parsed = parsePapersCommand(long);
    expect(parsed.kind).toBe('search');
  });
});

describe('decodeSlackText', () => {
  it('decodes only Slack\'s three entities, &amp; last', () => {
    expect(decodeSlackText('&amp;lt; &lt;b&gt; &quot;')).toBe('&lt; <b> &quot;');
  });
});
