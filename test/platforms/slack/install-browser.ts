/**
 * What an admin's browser does during an install: open Paperboy's /slack/install, which sets
 * the state cookie and sends it to Slack's consent page; Slack (the fake) sends it back to the
 * redirect URL with a code and the state; the browser opens that with its cookie.
 */
import type { InstallGrant, SlackFake } from '../../fakes/slack/index.js';

export interface BrowserVisit {
  readonly status: number;
  readonly body: string;
}

export interface Consent {
  /** The redirect URL with `code` and `state`, as Slack sends the browser back. */
  readonly redirect: URL;
  /** The state cookie /slack/install set. */
  readonly cookie: string;
}

const STATE_COOKIE = 'slack-app-oauth-state';

/** /slack/install and the consent page, up to (not including) the redirect back to Paperboy. */
export async function consent(installBase: string, fake: SlackFake, grant: InstallGrant): Promise<Consent> {
  fake.oauth.approveNext(grant);
  const start = await fetch(`${installBase}/slack/install`, { redirect: 'manual' });
  const location = start.headers.get('location');
  const cookie = new RegExp(`${STATE_COOKIE}=([^;]+)`, 'u').exec(start.headers.get('set-cookie') ?? '')?.[1];
  if (start.status !== 302 || location === null || cookie === undefined) throw new Error(`/slack/install answered ${start.status} without a redirect and a state cookie`);
  const page = await fetch(location, { redirect: 'manual' });
  const back = page.headers.get('location');
  if (page.status !== 302 || back === null) throw new Error(`Slack's consent page answered ${page.status}`);
  return { redirect: new URL(back), cookie };
}

/** The browser arriving back at Paperboy's redirect URL, with a state cookie (or none). */
export async function arrive(redirect: URL, cookie: string | undefined): Promise<BrowserVisit> {
  const response = await fetch(redirect, { redirect: 'manual', headers: cookie === undefined ? {} : { cookie: `${STATE_COOKIE}=${cookie}` } });
  return { status: response.status, body: await response.text() };
}

/** A whole install, which must succeed. */
export async function install(installBase: string, fake: SlackFake, grant: InstallGrant): Promise<void> {
  const { redirect, cookie } = await consent(installBase, fake, grant);
  const visit = await arrive(redirect, cookie);
  if (visit.status !== 200 || !visit.body.includes('Thank you')) throw new Error(`install of ${grant.teamId} failed: ${visit.status} ${visit.body}`);
}
