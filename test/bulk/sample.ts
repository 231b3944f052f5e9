// The bulk tests' cases and Deps: a case in progress at badung.dinkes (version 3), the one fake ApiClient
// over such cases, and Deps whose sleeps only move the clock on. Not a test file.

import type { Actor, Case } from '../../src/domain/types.js';
import type { ScriptedAnswer } from '../../src/io/prompter.js';
import { makeCase as baseCase } from '../helpers/cases.js';
import { createTestDeps, runWith, type RunResult, type TestDeps } from '../helpers/deps.js';
import { createFakeApi, type FakeApi } from '../helpers/fakeApi.js';

/** The shared case (test/helpers/cases.ts) as the bulk tests start it: in progress at badung.dinkes, version 3. */
export function makeCase(trackingId: string, fields: Partial<Case> = {}): Case {
  return baseCase({
    trackingId,
    categoryId: 'kesehatan',
    title: `Laporan ${trackingId}`,
    body: 'Isi',
    regency: null,
    regionCode: null,
    institutionId: 'badung.dinkes',
    status: 'in_progress',
    submittedAt: '2026-11-02T02:00:00.000Z',
    verifiedAt: '2026-11-03T02:00:00.000Z',
    disposedAt: '2026-11-03T02:00:00.000Z',
    firstResponseAt: '2026-11-04T02:00:00.000Z',
    lastResponseAt: '2026-11-04T02:00:00.000Z',
    verifyDueAt: '2026-11-05T15:59:59.999Z',
    responseDueAt: '2026-11-10T15:59:59.999Z',
    completionDueAt: '2027-01-01T15:59:59.999Z',
    version: 3,
    ...fields,
  });
}

/** The fake API over these cases, for this caller (default: a national admin). */
export function fakeApi(cases: readonly Case[], actor?: Actor): FakeApi {
  return createFakeApi({ cases }, { actor });
}

/** Deps over the fake: a pipe of width 100, English unless argv says otherwise, sleeps that only advance the clock. */
export function createBulkDeps(
  fake: FakeApi,
  options: { tty?: boolean; answers?: ScriptedAnswer[]; argv?: readonly string[]; stateDir?: string } = {},
): TestDeps {
  return createTestDeps({ ...options, api: fake, width: 100, argv: options.argv ?? ['--lang', 'en'], clock: 'advancing' });
}

export function runBulkCli(argv: readonly string[], deps: TestDeps): Promise<RunResult> {
  return runWith(argv, deps);
}

/** The applied actions, as [trackingId, action], in order. */
export function applied(fake: FakeApi): [string, string][] {
  return fake.events.map((e) => [e.trackingId, e.action]);
}
