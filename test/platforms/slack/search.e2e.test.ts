/**
 * `/papers` as only Slack does it, beside the chat-platform contract (test/contracts/): help in
 * the ack itself, and buttons that are stale or only links.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness();
});
afterEach(async () => {
  await h.stop();
});

describe('/papers <query>', () => {
  it('shows help with the query syntax for no text and for "help", in the ack', async () => {
    for (const text of ['', '  ', 'help', 'Help']) {
      const { ack, response } = await h.command('/papers', text);
      expect(response.status).toBe(200);
      expect(ack?.response_type).toBe('ephemeral');
      expect(ack?.text).toContain('author:lecun');
      expect(ack?.text).toContain('"sparse attention"');
    }
  });

  it('answers a stale paging button without crashing', async () => {
    const { id } = await h.action({ actionId: 'search_next', value: 'not json' });
    expect(JSON.stringify((await h.replies(id))[0])).toContain('old message');
  });

  it('acks link buttons and does nothing else', async () => {
    const { response } = await h.action({ actionId: 'paper_link_0', value: '' });
    expect(response.status).toBe(200);
    expect(h.fake.responses()).toHaveLength(0);
  });
});
