import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../src/secret-box.js';

const KEY = 'k'.repeat(16) + 'another-sixteen!';

describe('secret box', () => {
  it('opens what it sealed, and never shows the plain text in the sealed form', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal('xoxb-secret-token', 'slack:workspace:T1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/u);
    expect(sealed).not.toContain('xoxb');
    expect(box.open(sealed, 'slack:workspace:T1')).toBe('xoxb-secret-token');
    // A fresh IV each time: the same secret seals differently.
    expect(box.seal('xoxb-secret-token', 'slack:workspace:T1')).not.toBe(sealed);
  });

  it('refuses another key, another record, a tampered value and an unknown format', () => {
    const sealed = createSecretBox(KEY).seal('xoxb-secret-token', 'slack:workspace:T1');
    expect(() => createSecretBox(`${KEY}-changed`).open(sealed, 'slack:workspace:T1')).toThrow(/PAPERBOY_SECRET_KEY/u);
    expect(() => createSecretBox(KEY).open(sealed, 'slack:workspace:T2')).toThrow(/does not open/u);
    const [version, iv, body, tag] = sealed.split('.');
    const flipped = `${body!.startsWith('A') ? 'B' : 'A'}${body!.slice(1)}`;
    expect(() => createSecretBox(KEY).open([version, iv, flipped, tag].join('.'), 'slack:workspace:T1')).toThrow(/does not open/u);
    expect(() => createSecretBox(KEY).open('plain-text', 'slack:workspace:T1')).toThrow(/format/u);
  });

  it('refuses a key shorter than 32 characters', () => {
    expect(() => createSecretBox('x'.repeat(31))).toThrow(/at least 32 characters/u);
    expect(() => createSecretBox('x'.repeat(32))).not.toThrow();
  });
});
