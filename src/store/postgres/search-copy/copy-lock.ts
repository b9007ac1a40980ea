/**
 * One search copy file per process. Instances started from the same folder (three on one
 * machine, say) would otherwise share the default file and rebuild it under each other; each
 * takes the first free slot instead (`search-copy.db`, `search-copy-2.db`, ...), held by a lock
 * file naming its process, so a restarted instance finds a complete copy to catch up.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { IN_MEMORY } from './copy-file.js';

/** Slots tried before giving up (an instance then searches PostgreSQL). */
const MAX_SLOTS = 16;

export interface ClaimedPath {
  readonly path: string;
  release(): void;
}

export function claimCopyPath(path: string): ClaimedPath | undefined {
  if (path === IN_MEMORY) return { path, release: () => undefined };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  for (let slot = 1; slot <= MAX_SLOTS; slot += 1) {
    const candidate = slot === 1 ? path : slotPath(path, slot);
    const lock = `${candidate}.lock`;
    if (!takeLock(lock)) continue;
    return { path: candidate, release: () => rmSync(lock, { force: true }) };
  }
  return undefined;
}

function slotPath(path: string, slot: number): string {
  const extension = extname(path);
  return `${path.slice(0, path.length - extension.length)}-${String(slot)}${extension}`;
}

function takeLock(lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      if (holderAlive(lock)) return false;
      // A lock left by a process that died: take it over (only one of two racing takers wins 'wx').
      rmSync(lock, { force: true });
    }
  }
  return false;
}

function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8').trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
