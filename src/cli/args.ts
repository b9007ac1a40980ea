/** Flag parsing for the `paperboy` subcommands, with mistakes turned into one-line usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoDay } from '../core/paper.js';
import { usageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    throw usageError(`${command}: ${reason.replace(/\. To specify a positional argument.*$/u, '')} (see paperboy ${command} --help)`);
  }
}

export function parseDayFlag(flag: string, value: string, today: string): string {
  const day = value === 'today' ? today : value;
  if (!isIsoDay(day)) throw usageError(`--${flag} must be a date written YYYY-MM-DD (or "today"), got "${value}"`);
  return day;
}

export function parsePositiveInt(flag: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw usageError(`--${flag} must be a whole number from 1 to ${max}, got "${value}"`);
  }
  return Number(value);
}
