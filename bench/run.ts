/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or the ones named on the command line) and
 * prints their tables. Each bench measures its baseline in the same run, on this machine.
 */
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { formatTable, type BenchTable } from './table.js';

interface BenchModule {
  default: () => Promise<BenchTable[]>;
}

const dir = new URL('.', import.meta.url);
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((want) => name.includes(want)))
  .sort();

console.log(`# Paperboy benchmarks\n\nnode ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'})\n`);
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exitCode = 2;
}
for (const file of files) {
  const module = (await import(new URL(file, dir).href)) as BenchModule;
  const started = performance.now();
  for (const table of await module.default()) console.log(`${formatTable(table)}\n`);
  console.log(`(${file}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
