/** Runs `paperboy` in-process with captured output, as a test seam at our own CLI boundary. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli.js';

export const REPO = resolve(import.meta.dirname, '../..');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** A scratch working folder holding a copy of config/, so tests never touch ./data. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
  cpSync(join(REPO, 'config', 'default.json'), join(dir, 'config', 'default.json'));
  return dir;
}

export async function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, {
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? scratchDir(),
    interactive: false,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
