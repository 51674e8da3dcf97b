// Prints one closing line, "N passed, N failed[, N skipped]", totalled over every runner's JSON
// report in .test-results/. Exits 1 when a report is unreadable, a test failed, or none ran.
import { existsSync, readFileSync } from 'node:fs';

const reports = {
  vitest: '.test-results/vitest.json',
  playwright: '.test-results/playwright.json',
};

let passed = 0;
let failed = 0;
let skipped = 0;
let unreadable = false;

for (const [runner, path] of Object.entries(reports)) {
  if (!existsSync(path)) {
    console.log(`[summary] ${runner}: no report (${path}); it did not run`);
    continue;
  }
  try {
    const report = JSON.parse(readFileSync(path, 'utf8'));
    if (runner === 'vitest') {
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + report.numTodoTests;
    } else {
      passed += report.stats.expected + report.stats.flaky;
      failed += report.stats.unexpected;
      skipped += report.stats.skipped;
      failed += (report.errors ?? []).length;
    }
  } catch (error) {
    unreadable = true;
    console.log(`[summary] ${runner}: unreadable report ${path}: ${error.message}`);
  }
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(unreadable || failed > 0 || passed === 0 ? 1 : 0);
