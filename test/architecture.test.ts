/**
 * Keeps the dependency direction of DESIGN.md: core imports nothing outside core (zod and node
 * builtins aside); source and store only core; formatter only core types; platforms and the
 * scheduler no store or source adapters; SDKs only inside their own platform folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

interface Import {
  readonly file: string;
  readonly specifier: string;
  readonly typeOnly: boolean;
  /** Path relative to src/ for project imports, undefined for packages and node builtins. */
  readonly target?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gmu;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[3] ?? '';
    const typeOnly = match[2] !== undefined;
    const rel = relative(SRC, file);
    if (specifier.startsWith('.')) {
      const target = relative(SRC, resolve(dirname(file), specifier)).replace(/\.js$/u, '.ts');
      found.push({ file: rel, specifier, typeOnly, target });
    } else {
      found.push({ file: rel, specifier, typeOnly });
    }
  }
  return found;
}

const allImports = sourceFiles(SRC).flatMap(importsOf);
const layer = (path: string) => path.split('/')[0] ?? path;

function violations(predicate: (imp: Import) => boolean): string[] {
  return allImports.filter(predicate).map((imp) => `${imp.file} imports ${imp.specifier}`);
}

describe('architecture', () => {
  it('reads the source tree', () => {
    expect(allImports.length).toBeGreaterThan(20);
    expect(allImports.some((imp) => imp.file.startsWith('core/'))).toBe(true);
  });

  it('keeps core free of anything outside core; only zod and node builtins as packages', () => {
    const allowedPackage = (specifier: string) => specifier === 'zod' || specifier.startsWith('node:');
    expect(violations((imp) => imp.file.startsWith('core/') && (imp.target === undefined ? !allowedPackage(imp.specifier) : !imp.target.startsWith('core/')))).toEqual([]);
  });

  it('lets source and store depend only on core (and the logger)', () => {
    const allowed = (target: string, own: string) => target.startsWith('core/') || target.startsWith(`${own}/`) || target === 'logger.ts';
    expect(violations((imp) => ['source', 'store'].includes(layer(imp.file)) && imp.target !== undefined && !allowed(imp.target, layer(imp.file)))).toEqual([]);
  });

  it('lets the formatter use core types only, and no packages', () => {
    expect(violations((imp) => imp.file.startsWith('formatter/') && imp.target === undefined)).toEqual([]);
    expect(violations((imp) => imp.file.startsWith('formatter/') && imp.target !== undefined && imp.target.startsWith('core/') && !imp.typeOnly)).toEqual([]);
    expect(violations((imp) => imp.file.startsWith('formatter/') && imp.target !== undefined && !imp.target.startsWith('core/') && !imp.target.startsWith('formatter/'))).toEqual([]);
  });

  it('keeps platforms and the scheduler away from the store and source adapters', () => {
    const forbidden = (target: string) => ['store', 'source', 'cli', 'main.ts', 'cli.ts'].includes(layer(target));
    expect(violations((imp) => ['platforms', 'scheduler'].includes(layer(imp.file)) && imp.target !== undefined && forbidden(imp.target))).toEqual([]);
  });

  it('keeps each platform SDK inside its own folder', () => {
    const sdkHome: Record<string, string> = { 'discord.js': 'platforms/discord/', '@slack/bolt': 'platforms/slack/', '@slack/web-api': 'platforms/slack/' };
    expect(violations((imp) => {
      const home = Object.entries(sdkHome).find(([sdk]) => imp.specifier === sdk || imp.specifier.startsWith(`${sdk}/`))?.[1];
      return home !== undefined && !imp.file.startsWith(home);
    })).toEqual([]);
  });

  it('opens the database and reads the environment only in the composition root and the CLI', () => {
    const roots = (file: string) => file === 'main.ts' || file === 'cli.ts' || file.startsWith('cli/');
    const envReaders = sourceFiles(SRC)
      .filter((file) => /process\.env\b/u.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(envReaders.filter((file) => !roots(file))).toEqual([]);
    expect(violations((imp) => imp.target === 'store/sqlite.ts' && !roots(imp.file) && !imp.file.startsWith('store/'))).toEqual([]);
  });
});
