// In-process `lapor sla …` runs: the CLI test Deps (fixed clock, in-memory streams, colour off, width 80)
// with a fake ApiClient whose SLA methods answer from scripted pages and record what they were asked.
// Not a test file itself.

import type { SlaOverdueParams, SlaSweepParams } from '../../src/api/types.js';
import { runCli } from '../../src/cli/main.js';
import type { SlaOverdueItem, SlaOverdueResponse, SlaSweepResponse } from '../../src/domain/sla.js';
import { createTestDeps, type TestDeps, type TestDepsOptions } from '../helpers/deps.js';
import { EMPTY } from '../helpers/fakeApi.js';
import { INSTITUTIONS } from '../helpers/reference.js';

export { NOW } from '../helpers/cases.js';

export interface SlaFake {
  /** Pages of GET /v1/sla/overdue, answered in order of the cursor ("" first, then each nextCursor). */
  overduePages: Map<string, SlaOverdueResponse>;
  /** The sweep's answer, or an error to throw. */
  sweep: SlaSweepResponse | Error;
  overdueCalls: SlaOverdueParams[];
  sweepCalls: SlaSweepParams[];
  /** Runs while the sweep request is "in flight" (to look at the lock file meanwhile). */
  duringSweep?: () => void | Promise<void>;
}

export function newFake(): SlaFake {
  return {
    overduePages: new Map([['', { asOf: '2026-11-23T02:00:00.000Z', items: [], nextCursor: null }]]),
    sweep: { examined: 0, closed: [], skipped: 0, failed: [], limitReached: false, dryRun: false, due: 0, breaches: 0, escalated: [] },
    overdueCalls: [],
    sweepCalls: [],
  };
}

export interface SlaRun {
  code: number;
  out: string;
  err: string;
  deps: TestDeps;
}

/** Deps whose ApiClient also answers the SLA endpoints from `fake`. */
export function slaDeps(fake: SlaFake, options: Omit<TestDepsOptions, 'argv'> & { argv?: readonly string[] } = {}): TestDeps {
  // the institutions too: --institution is resolved on the client against the reference data
  const deps = createTestDeps({ data: { ...EMPTY, institutions: INSTITUTIONS }, ...options });
  Object.assign(deps.fake, {
    async slaOverdue(query: SlaOverdueParams = {}): Promise<SlaOverdueResponse> {
      fake.overdueCalls.push(query);
      const page = fake.overduePages.get(query.cursor ?? '');
      if (!page) throw new Error(`fake: no overdue page for cursor ${query.cursor ?? ''}`);
      return page;
    },
    async slaSweep(request: SlaSweepParams = {}): Promise<SlaSweepResponse> {
      fake.sweepCalls.push(request);
      await fake.duringSweep?.();
      if (fake.sweep instanceof Error) throw fake.sweep;
      return { ...fake.sweep, dryRun: request.dryRun ?? false };
    },
  });
  return deps;
}

/** Runs `lapor <argv>` in-process against the fake. */
export async function runSla(argv: readonly string[], fake: SlaFake, options: Omit<TestDepsOptions, 'argv'> = {}, deps = slaDeps(fake, { ...options, argv })): Promise<SlaRun> {
  const code = await runCli(argv, deps);
  return { code, out: deps.io.outText(), err: deps.io.errText(), deps };
}

export function item(fields: Partial<SlaOverdueItem> & Pick<SlaOverdueItem, 'trackingId'>): SlaOverdueItem {
  return {
    clock: 'verify',
    status: 'submitted',
    institutionId: null,
    institutionName: null,
    dueAt: '2026-11-19T15:59:59.999Z',
    overdueWorkingDays: 2,
    overdueHours: 82,
    ...fields,
  };
}
