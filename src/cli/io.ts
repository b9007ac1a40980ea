/**
 * What a CLI command may touch: its output streams, the environment and the working folder.
 * Passed in so tests run commands in-process with captured output.
 */
import type { Writable } from 'node:stream';
import { AppError, ErrorCode } from '../core/errors.js';

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Folder relative paths (config/, data/, --input) resolve against. */
  readonly cwd: string;
  /** Whether stderr is a terminal, for the progress bar and pretty logs. */
  readonly interactive: boolean;
}

export function writeLine(stream: Writable, line = ''): void {
  stream.write(`${line}\n`);
}

/** A mistake in how the command was called: one line on stderr, exit code 2. */
export function usageError(message: string): AppError {
  return new AppError(ErrorCode.UsageError, message);
}
