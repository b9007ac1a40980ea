/**
 * Finds the PostgreSQL server binaries (initdb, postgres) for throwaway test clusters, and
 * installs Debian's `postgresql` package with apt-get when they are missing: directly when we run
 * as root (CI on a fresh machine), through `sudo -n` for a user allowed to without a password.
 * Anywhere else a missing server is a clear error, never a skipped test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/** Where Debian's packages put each major version's server binaries. */
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The folder holding initdb and postgres: PAPERBOY_PG_BIN, else the newest Debian version, else PATH. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env.PAPERBOY_PG_BIN;
  if (override !== undefined && override !== '') return existsSync(join(override, 'initdb')) ? override : undefined;
  if (existsSync(DEBIAN_ROOT)) {
    const versions = readdirSync(DEBIAN_ROOT)
      .filter((name) => /^\d+$/u.test(name) && existsSync(join(DEBIAN_ROOT, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    const newest = versions[0];
    if (newest !== undefined) return join(DEBIAN_ROOT, newest, 'bin');
  }
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (folder !== '' && existsSync(join(folder, 'initdb')) && existsSync(join(folder, 'postgres'))) return folder;
  }
  return undefined;
}

const isRoot = (): boolean => process.getuid?.() === 0;
const succeeds = (command: string, args: string[]): boolean => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/**
 * What runs apt-get here: nothing in front as root, `sudo -n` for a user sudo lets in without a
 * password (never a prompt: the tests run unattended), or undefined when neither works.
 */
export function aptRunner(): string[] | undefined {
  if (!succeeds('apt-get', ['--version'])) return undefined;
  if (isRoot()) return [];
  return succeeds('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined;
}

/** The server binaries' folder, installing them first when that is possible here. */
export function ensurePostgresBin(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
  const found = findPostgresBin();
  if (found !== undefined) return found;
  const override = process.env.PAPERBOY_PG_BIN;
  if (override !== undefined && override !== '') throw new Error(`PAPERBOY_PG_BIN is ${override}, which holds no initdb`);
  const runner = aptRunner();
  if (runner === undefined) {
    throw new Error(
      'The tests need the PostgreSQL server binaries (initdb, postgres) and none were found ' +
        `(looked in PAPERBOY_PG_BIN, ${DEBIAN_ROOT}/*/bin and PATH), and they cannot be installed here ` +
        '(no apt-get, or not root and no password-free sudo). Install them, e.g. ' +
        '"sudo apt-get install -y postgresql" on Debian or Ubuntu, or point PAPERBOY_PG_BIN at the folder holding initdb.',
    );
  }
  log(`PostgreSQL server binaries missing: installing Debian's postgresql package (${[...runner, 'apt-get'].join(' ')})...`);
  // sudo may drop the environment, so apt-get gets its non-interactive front end through env.
  const apt = (...args: string[]) => {
    const [command = 'env', ...rest] = [...runner, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
    execFileSync(command, rest, { stdio: ['ignore', 'ignore', 'inherit'] });
  };
  apt('update');
  apt('install', '-y', '--no-install-recommends', 'postgresql');
  const installed = findPostgresBin();
  if (installed === undefined) throw new Error('apt-get installed postgresql, but initdb is still not found');
  log(`PostgreSQL installed (${dirname(installed)}).`);
  return installed;
}

/** Who runs the server: initdb refuses root, so root hands it to the `postgres` account. */
export function serverAccount(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const line = spawnSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).stdout.trim();
  const [, , uid, gid] = line.split(':');
  if (uid === undefined || gid === undefined) {
    throw new Error(
      'Running as root, and initdb refuses root, but there is no "postgres" account to run the test cluster as. ' +
        'Installing Debian\'s postgresql package creates it (apt-get install -y postgresql).',
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}
