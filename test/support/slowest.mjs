// Prints the slowest test files of a vitest JSON report (`node test/support/slowest.mjs report.json [count]`),
// so CI shows a file that became slow the day it lands.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [file, count = '15'] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, 'utf8'));
const rows = report.testResults
  .map((r) => ({
    file: relative(process.cwd(), r.name),
    ms: r.endTime - r.startTime,
    tests: r.assertionResults.length,
  }))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, Number(count));
const total =
  (report.testResults.length ? Math.max(...report.testResults.map((r) => r.endTime)) - report.startTime : 0) / 1000;
console.log(`Slowest ${rows.length} of ${report.testResults.length} files (wall clock ${total.toFixed(0)} s):`);
for (const r of rows)
  console.log(`${(r.ms / 1000).toFixed(1).padStart(7)} s  ${String(r.tests).padStart(3)} tests  ${r.file}`);
