// Tests that drive a real outside tool (a browser, a spreadsheet, a shell) run when the tool is there. Under
// CI (CI=true) a missing tool is a failure, not a skip: .ci/run installs every tool the tests use.

import { existsSync } from 'node:fs';

export function toolAvailable(path: string): boolean {
  if (existsSync(path)) return true;
  if (process.env.CI === 'true') throw new Error(`${path} is missing: .ci/run must install it (CI=true never skips a test for a missing tool)`);
  process.stderr.write(`notice: ${path} is missing, so the tests that need it are skipped (CI installs it)\n`);
  return false;
}
