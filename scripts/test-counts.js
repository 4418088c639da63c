// Prints "N passed, N failed" from vitest's JSON report; fails when the report is missing or empty.
import {readFileSync} from 'node:fs';

const file = process.argv[2] ?? 'reports/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`0 passed, 0 failed (no report at ${file}: ${error.message})`);
  process.exit(1);
}

const passed = report.numPassedTests ?? 0;
console.log(`${passed} passed, ${report.numFailedTests ?? 0} failed`);
process.exit(passed > 0 && (report.numFailedTests ?? 0) === 0 && (report.numFailedTestSuites ?? 0) === 0 ? 0 : 1);
