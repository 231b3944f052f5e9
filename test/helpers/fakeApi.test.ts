// The fake ApiClient against the real server: the same cases, the same requests through the real client on
// one side and the fake on the other, the same answers (outcome, status, problem type, version, error
// class, listing order). The in-process suites trust the fake; this keeps it from drifting off the server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/client.js';
import type { ActionResult, ApiClient, CaseListParams } from '../../src/api/types.js';
import type { ActionRequest, BulkItem, BulkResponse } from '../../src/domain/schemas.js';
import type { Actor, Case } from '../../src/domain/types.js';
import { disposedCase, intake, must } from '../server/api-setup.js';
import { createFakeApi, type FakeApi } from './fakeApi.js';
import { BACKENDS, startTestServer, type TestServer } from './server.js';

const BADUNG: Actor = { name: 'admin.badung', role: 'institution_admin', institutionId: 'badung' };
const LIAISON: Actor = { name: 'liaison.badung.dinkes', role: 'liaison', institutionId: 'badung.dinkes' };

/** What must agree: per item, everything but the prose of the detail. */
const shape = (r: BulkResponse) => ({
  counts: r.counts,
  results: r.results.map((x) => ({ index: x.index, trackingId: x.trackingId, outcome: x.outcome, status: x.status, version: x.version, type: x.problem?.type ?? null })),
});

/** A call's answer as the caller sees it: a result, or the error's class, status and problem type. */
async function outcome<T>(call: () => Promise<T>, pick: (value: T) => unknown): Promise<unknown> {
  try {
    return { ok: pick(await call()) };
  } catch (err) {
    const e = err as Error & { status?: number; type?: string | null };
    return { error: e.constructor.name, status: e.status, type: e.type ?? null };
  }
}

const decisive = (c: Case) => ({ status: c.status, institutionId: c.institutionId, version: c.version, closedBy: c.closedBy, archiveReason: c.archiveReason });

describe.each(BACKENDS)('the fake ApiClient answers as the server does (%s)', (backend) => {
  let ts: TestServer;
  const clients: ApiClient[] = [];
  const client = (token: string) => {
    const c = createApiClient({ baseUrl: ts.url, token, retry: { maxAttempts: 1 } });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    ts = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) await c.close();
    await ts?.close();
  });

  /** Fresh cases in every state on the server, and a fake over the same cases and reference data. */
  async function twins(actor: Actor, token: string): Promise<{ real: ApiClient; fake: FakeApi; ids: Record<string, Case> }> {
    const admin = client(ts.tokens.admin);
    const made = {
      submitted: await intake(ts),
      submitted2: await intake(ts, { categoryId: 'pendidikan' }),
      disposed: await disposedCase(ts, 'badung.dinkes'),
      inProgress: await disposedCase(ts, 'badung.dinkes', {}, true),
      completed: await must(ts, await disposedCase(ts, 'badung.dpupr', {}, true), { action: 'close' }),
      elsewhere: await disposedCase(ts, 'denpasar.dinkes', {}, true),
    };
    const ids = Object.fromEntries(
      await Promise.all(Object.entries(made).map(async ([k, c]) => [k, (await admin.getCase(c.trackingId)).case] as const)),
    ) as Record<keyof typeof made, Case>;
    const fake = createFakeApi(
      { cases: Object.values(ids), institutions: await admin.institutions(), categories: await admin.categories() },
      { actor, now: () => ts.clock.now },
    );
    return { real: client(token), fake, ids };
  }

  it('judges a bulk batch item by item, replays a key and refuses a reused one, for a national and a scoped admin', async () => {
    for (const [actor, token] of [
      [{ name: 'admin', role: 'national_admin', institutionId: null }, ts.tokens.admin],
      [BADUNG, ts.tokens['admin.badung']],
      [LIAISON, ts.tokens['liaison.badung.dinkes']],
    ] as const) {
      const { real, fake, ids } = await twins(actor, token);
      const items: BulkItem[] = [
        { trackingId: ids.inProgress.trackingId, version: ids.inProgress.version, action: 'close' }, // applied
        { trackingId: ids.completed.trackingId, version: ids.completed.version - 1, action: 'close' }, // already done, even stale
        { trackingId: ids.submitted.trackingId, version: ids.submitted.version + 1, action: 'dispose', institutionId: 'badung.dinkes' }, // not the current version
        { trackingId: ids.submitted.trackingId, version: ids.submitted.version, action: 'close' }, // not from submitted
        { trackingId: ids.submitted2.trackingId, version: ids.submitted2.version, action: 'dispose', institutionId: 'tidak.ada' }, // unknown institution
        { trackingId: ids.disposed.trackingId, version: ids.disposed.version, action: 'respond', message: 'Sedang dicek' }, // applied
        { trackingId: ids.elsewhere.trackingId, version: ids.elsewhere.version, action: 'close' }, // out of a scoped admin's subtree
        { trackingId: 'LAP-TIDAK-ADA', version: 1, action: 'close' }, // missing
      ];
      const key = `kontrak-${actor.name}`;
      const fromServer = await real.bulk(items, key);
      const fromFake = await fake.bulk(items, key);
      expect(shape(fromFake.response), actor.name).toEqual(shape(fromServer.response));
      expect(fromFake.replayed).toBe(fromServer.replayed);

      // the same key and body again: the stored answer; the same key with another body: 422
      const again = [await real.bulk(items, key), await fake.bulk(items, key)];
      expect(again.map((r) => r.replayed)).toEqual([true, true]);
      expect(shape(again[1].response)).toEqual(shape(again[0].response));
      const other = items.slice(1);
      expect(await outcome(() => fake.bulk(other, key), () => null)).toEqual(await outcome(() => real.bulk(other, key), () => null));

      for (const c of Object.values(ids)) {
        const onServer = await outcome(() => client(ts.tokens.admin).getCase(c.trackingId), (r) => decisive(r.case));
        expect({ ok: decisive(fake.cases.get(c.trackingId)!) }, c.trackingId).toEqual(onServer);
      }
      expect(fake.events.length, actor.name).toBe(fromServer.response.counts.applied);
    }
  });

  it('answers a single action with the same error (or the same new case) as POST /v1/cases/{id}/actions', async () => {
    const { real, fake, ids } = await twins(BADUNG, ts.tokens['admin.badung']);
    const tries: [Case, number, ActionRequest][] = [
      [ids.completed, ids.completed.version, { action: 'close' }], // already done: 409
      [ids.completed, ids.completed.version + 1, { action: 'close' }], // already done beats a wrong version: 409
      [ids.inProgress, ids.inProgress.version - 1, { action: 'close' }], // stale: 412
      [ids.disposed, ids.disposed.version, { action: 'redispose', institutionId: 'denpasar.dinkes' }], // outside the subtree: 422
      [ids.elsewhere, ids.elsewhere.version, { action: 'close' }], // out of scope: 404
      [ids.submitted, ids.submitted.version, { action: 'postpone', note: 'x' }], // not visible to badung: 404
      [ids.inProgress, ids.inProgress.version, { action: 'close' }], // applied
    ];
    for (const [c, version, request] of tries) {
      const pick = (r: ActionResult) => ({
        case: decisive(r.case),
        event: [r.event.action, r.event.toStatus, r.event.seq],
      });
      const fromServer = await outcome(() => real.act(c.trackingId, version, request), pick);
      const fromFake = await outcome(() => fake.act(c.trackingId, version, request), pick);
      expect(fromFake, `${request.action} ${c.trackingId} @${version}`).toEqual(fromServer);
    }
  });

  it('lists, filters and sorts the cases in the same order, page by page', async () => {
    const { real, fake, ids } = await twins({ name: 'admin', role: 'national_admin', institutionId: null }, ts.tokens.admin);
    const mine = new Set(Object.values(ids).map((c) => c.trackingId));
    const queries: CaseListParams[] = [
      { sort: 'submittedAt' },
      { sort: '-submittedAt' },
      { sort: 'verifyDueAt' },
      { sort: 'responseDueAt' },
      { sort: 'trackingId', limit: 2 },
      { status: 'disposed,in_progress', institution: 'badung' },
      { category: 'kesehatan', sort: 'trackingId' },
      { classification: 'complaint', channel: 'web', q: 'antrean' },
    ];
    for (const query of queries) {
      const list = async (api: ApiClient) => {
        const seen: string[] = [];
        for await (const c of api.iterateCases(query)) if (mine.has(c.trackingId)) seen.push(c.trackingId);
        return seen;
      };
      expect(await list(fake), JSON.stringify(query)).toEqual(await list(real));
    }
  });
});
