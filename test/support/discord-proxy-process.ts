/** `paperboy discord-proxy` as a child process on a free port, for tests of several bot processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

/** Starts the proxy in `cwd` (which holds config/) in front of `upstream`; resolves with the URL it logs. */
export function startProxyProcess(options: { upstream: string; cwd: string; requestsPerSecond: number; children: ChildProcess[] }): Promise<string> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'paperboy.js'), 'discord-proxy'], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH,
      DISCORD_API_URL: options.upstream,
      DISCORD_PROXY_HOST: '127.0.0.1',
      DISCORD_PROXY_PORT: '0',
      DISCORD_PROXY_REQUESTS_PER_SECOND: String(options.requestsPerSecond),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  options.children.push(child);
  return new Promise((resolveUrl, reject) => {
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/u.exec(log)?.[1];
      if (url !== undefined) resolveUrl(url);
    });
    child.once('exit', (code) => { reject(new Error(`discord-proxy exited with ${String(code)}: ${log}`)); });
  });
}
