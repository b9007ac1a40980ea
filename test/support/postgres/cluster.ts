/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a fresh temp folder owned by
 * the account that runs the server, listening on 127.0.0.1 only (the socket in that folder), on a
 * free port, tuned for speed over durability. `stop()` shuts it down and deletes the folder.
 *
 * A run that was killed before it could stop its cluster leaves the folder behind with the pid of
 * the process that started it; the next start stops and removes every such orphan whose owner is
 * gone, and leaves alone the clusters of runs that are still going (other worktrees, say).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensurePostgresBin, serverAccount } from './binaries.js';

const PREFIX = 'paperboy-pg-';
const OWNER_FILE = 'owner.pid';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export interface PostgresCluster {
  readonly host: string;
  readonly port: number;
  /** The superuser's URL for database `database` (default `postgres`). */
  url(database?: string): string;
  stop(): Promise<void>;
}

/**
 * Settings for a server whose data may be lost: no fsync, no full-page writes, enough connections
 * for test files running in parallel, each with its own pool.
 */
const SERVER_SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '300',
  shared_buffers: '128MB',
  // Test runs drop and create many databases; checkpoints in between only cost time.
  checkpoint_timeout: '30min',
  max_wal_size: '4GB',
  log_min_messages: 'warning',
};

export async function startPostgresCluster(options: { settings?: Record<string, string> } = {}): Promise<PostgresCluster> {
  const bin = ensurePostgresBin();
  removeOrphans(bin);
  const account = serverAccount();
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  chmodSync(dir, 0o700);
  if (account) chownSync(dir, account.uid, account.gid);
  const data = join(dir, 'data');
  const asServer = account ? { uid: account.uid, gid: account.gid } : {};
  try {
    const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], {
      ...asServer,
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' },
    });
    if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.stdout}`);
    const port = await freePort();
    const settings = { ...SERVER_SETTINGS, ...options.settings, port: String(port), unix_socket_directories: dir };
    const args = ['-D', data, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
    const server = spawn(join(bin, 'postgres'), args, { ...asServer, stdio: ['ignore', 'ignore', 'pipe'] });
    const log: string[] = [];
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      log.push(chunk);
      if (log.length > 200) log.shift();
    });
    const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
    await waitUntilReady(server, url(), () => log.join(''));
    let stopping: Promise<void> | undefined;
    return {
      host: '127.0.0.1',
      port,
      url,
      stop() {
        stopping ??= stopServer(server).finally(() => rmSync(dir, { recursive: true, force: true }));
        return stopping;
      },
    };
  } catch (error) {
    stopByPidFile(bin, data);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(server: ChildProcess, url: string, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const state = { exited: false };
  server.once('exit', () => (state.exited = true));
  for (;;) {
    if (state.exited) throw new Error(`postgres exited during start-up:\n${log()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within ${READY_TIMEOUT_MS} ms: ${String(error)}\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** SIGINT is PostgreSQL's fast shutdown: sessions are ended, nothing is waited for. */
function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.kill('SIGQUIT'), STOP_TIMEOUT_MS);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGINT');
  });
}

function stopByPidFile(bin: string, data: string): void {
  if (!existsSync(join(data, 'postmaster.pid'))) return;
  const account = serverAccount();
  spawnSync(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w'], { ...(account ?? {}), stdio: 'ignore' });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Clusters left by runs that were killed before they could clean up. */
function removeOrphans(bin: string): void {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(PREFIX))) {
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    stopByPidFile(bin, join(dir, 'data'));
    rmSync(dir, { recursive: true, force: true });
  }
}
