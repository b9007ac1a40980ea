/**
 * Keeps the dependency direction of DESIGN.md: core imports nothing outside core (zod and node
 * builtins aside); source and store only core; formatter only core types; platforms and the
 * scheduler no store or source adapters; no platform imports another; SDKs only inside their
 * own platform folder; every port declared in core/ports.ts and nowhere else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
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

/** The platform folder a path belongs to (discord, slack, console); common/ and platform.ts belong to none. */
function platformOf(path: string): string | undefined {
  const folder = /^platforms\/([^/]+)\//u.exec(path)?.[1];
  return folder === 'common' ? undefined : folder;
}

interface TypeName {
  readonly file: string;
  readonly name: string;
  /** `declares` for an interface or type alias, `re-exports` for `export { X }` / `export type { X }`. */
  readonly how: 'declares' | 're-exports';
}

/** Every interface and type alias a file declares (at any depth) or re-exports, read with the TypeScript parser. */
function typeNamesOf(file: string): TypeName[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const rel = relative(SRC, file);
  const found: TypeName[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
      found.push({ file: rel, name: node.name.text, how: 'declares' });
    } else if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
      for (const element of node.exportClause.elements) {
        // `export { VoteStore as Votes }` re-exports VoteStore under another name.
        for (const name of new Set([element.name.text, element.propertyName?.getText(source) ?? element.name.text])) found.push({ file: rel, name, how: 're-exports' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const PORTS_MODULE = 'core/ports.ts';
const allTypeNames = sourceFiles(SRC).flatMap(typeNamesOf);
/** Everything the ports module exports as a type: the ports and the shapes they speak in. */
const portNames = new Set(allTypeNames.filter((type) => type.file === PORTS_MODULE && type.how === 'declares').map((type) => type.name));
/** A name that says "port" (a store, a ledger, a source, a poster, a log, a lock, the clock). */
const PORT_LIKE = /(?:Store|Stores|Ledger|Source|Poster|Posters|Log|Lock)$|^(?:Clock|Sleep)$/u;

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
    const sdkHome: Record<string, string> = { 'discord.js': 'platforms/discord/', '@discordjs': 'platforms/discord/', '@slack/bolt': 'platforms/slack/', '@slack/web-api': 'platforms/slack/', '@slack/oauth': 'platforms/slack/' };
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
    expect(violations((imp) => imp.target !== undefined && layer(imp.target) === 'store' && !roots(imp.file) && layer(imp.file) !== 'store')).toEqual([]);
  });

  it('lets no platform import another platform, only platforms/common and platforms/platform.ts', () => {
    const shared = allImports.filter((imp) => platformOf(imp.file) !== undefined && imp.target !== undefined && (imp.target.startsWith('platforms/common/') || imp.target === 'platforms/platform.ts'));
    expect(new Set(shared.map((imp) => platformOf(imp.file)))).toEqual(new Set(['discord', 'slack']));
    expect(violations((imp) => {
      if (!imp.file.startsWith('platforms/') || imp.target === undefined) return false;
      const target = platformOf(imp.target);
      return target !== undefined && target !== platformOf(imp.file);
    })).toEqual([]);
  });

  it('declares every port in core/ports.ts', () => {
    const ports = ['PaperSource', 'PaperStore', 'IngestLog', 'SubscriptionStore', 'RunStore', 'PostLedger', 'ChannelLock', 'VoteStore', 'InstallationStore', 'DigestPoster', 'Posters', 'Stores', 'Clock', 'Sleep'];
    expect(ports.filter((name) => !portNames.has(name))).toEqual([]);
  });

  it('declares and re-exports the names of core/ports.ts nowhere else', () => {
    const elsewhere = allTypeNames.filter((type) => type.file !== PORTS_MODULE && portNames.has(type.name));
    expect(elsewhere.map((type) => `${type.file} ${type.how} ${type.name}`)).toEqual([]);
  });

  it('declares no port-like interface or type in core outside core/ports.ts', () => {
    const portLike = allTypeNames.filter((type) => type.file.startsWith('core/') && type.file !== PORTS_MODULE && type.how === 'declares' && PORT_LIKE.test(type.name));
    expect(portLike.map((type) => `${type.file} declares ${type.name}`)).toEqual([]);
  });
});
