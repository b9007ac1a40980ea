/**
 * The README's Slack app manifests are what operators paste into Slack, so they must ask for
 * exactly the scopes the install flow requests and subscribe to the events Paperboy handles:
 * a scope missing there fails every install, and a missing uninstall event leaves a removed
 * workspace's digests running into errors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REDIRECT_PATH, SLACK_BOT_SCOPES } from '../src/platforms/slack/install-flow.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const slackSetup = readme.slice(readme.indexOf('## Slack setup'), readme.indexOf('\n## ', readme.indexOf('## Slack setup') + 1));
const manifests = [...slackSetup.matchAll(/```yaml\n([\s\S]*?)```/gu)].map((match) => match[1] ?? '');

/** The `- item` lines nested under the first `key:` line (a YAML block sequence). */
function listUnder(manifest: string, key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  if (start < 0) return [];
  const indent = (line: string) => line.length - line.trimStart().length;
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || indent(line) <= indent(lines[start] ?? '')) break;
    const item = /^\s*- (.+)$/u.exec(line)?.[1];
    if (item !== undefined && indent(line) === indent(lines[start + 1] ?? '')) items.push(item.trim());
  }
  return items;
}

const setting = (manifest: string, key: string): string | undefined => new RegExp(`^\\s*${key}: (.+)$`, 'mu').exec(manifest)?.[1];

describe('the README\'s Slack manifests', () => {
  const [single, distributed] = manifests;

  it('are two: one workspace with a bot token, and many through the install flow', () => {
    expect(manifests).toHaveLength(2);
    expect(listUnder(single ?? '', 'redirect_urls')).toEqual([]);
    expect(listUnder(distributed ?? '', 'redirect_urls')).toEqual([`https://paperboy.example.com${REDIRECT_PATH}`]);
  });

  it('ask for exactly the bot scopes the install flow requests', () => {
    for (const manifest of manifests) expect(listUnder(manifest, 'bot')).toEqual([...SLACK_BOT_SCOPES]);
  });

  it('subscribe to votes and links to unfurl, and for many workspaces to the uninstall events, with token rotation on', () => {
    expect(listUnder(single ?? '', 'bot_events')).toEqual(['reaction_added', 'reaction_removed', 'link_shared']);
    expect(listUnder(distributed ?? '', 'bot_events')).toEqual(['reaction_added', 'reaction_removed', 'link_shared', 'app_uninstalled', 'tokens_revoked']);
    for (const manifest of manifests) expect(listUnder(manifest, 'unfurl_domains')).toEqual(['huggingface.co', 'arxiv.org']);
    expect([setting(single ?? '', 'token_rotation_enabled'), setting(distributed ?? '', 'token_rotation_enabled')]).toEqual(['false', 'true']);
  });
});
