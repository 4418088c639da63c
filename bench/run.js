// Runs every bench/*.bench.js, prints one table and writes .bench/results.json.
// A bench file exports `title` and `async run(context)` returning rows:
//   {metric, median, unit, target?, note?}
// where `median` is the median over the file's own repetitions. Usage:
//   npm run bench                 all benchmarks
//   npm run bench -- core tui     only files whose name contains one of the words
import {mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter(arg => !arg.startsWith('-'));
const files = readdirSync(here)
  .filter(name => name.endsWith('.bench.js'))
  .filter(name => filters.length === 0 || filters.some(word => name.includes(word)))
  .sort();

const results = [];
for (const file of files) {
  const bench = await import(path.join(here, file));
  process.stderr.write(`running ${file} …\n`);
  try {
    for (const row of await bench.run({root: path.resolve(here, '..')})) {
      results.push({bench: bench.title ?? file, ...row});
    }
  } catch (error) {
    results.push({bench: bench.title ?? file, metric: 'error', median: NaN, unit: '', note: String(error?.stack ?? error)});
  }
}

const format = value => (typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1)) : String(value ?? ''));
const header = ['bench', 'metric', 'median', 'unit', 'target', 'note'];
const rows = results.map(row => [row.bench, row.metric, format(row.median), row.unit, row.target ?? '', row.note ?? '']);
const widths = header.map((name, index) => Math.max(name.length, ...rows.map(row => String(row[index]).length)));
const line = cells => cells.map((cell, index) => String(cell).padEnd(widths[index])).join('  ');
console.log(line(header));
console.log(widths.map(width => '-'.repeat(width)).join('  '));
for (const row of rows) {
  console.log(line(row));
}

mkdirSync(path.join(here, '..', '.bench'), {recursive: true});
const out = path.join(here, '..', '.bench', 'results.json');
writeFileSync(out, JSON.stringify({date: new Date().toISOString(), node: process.version, results}, null, 2));
console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
