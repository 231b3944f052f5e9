// Shared helpers of the API server tests (test/server/api-*.test.ts): case bodies, intake, actions,
// events, and the problem+json assertions every error answer must pass.

import { expect } from 'vitest';
import type { Case, CaseEvent } from '../../src/domain/types.js';
import { call, type JsonResponse, type TestServer } from '../helpers/server.js';

export type Body = Record<string, unknown>;

let counter = 0;
/** A tracking id unique within the test process. */
export function uid(prefix = 'T'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export function newCaseBody(overrides: Body = {}): Body {
  return {
    trackingId: uid('LAP'),
    classification: 'complaint',
    categoryId: 'kesehatan.bpjs',
    title: 'Antrean BPJS di puskesmas sangat lama',
    body: 'Sudah tiga jam menunggu tanpa kejelasan.',
    channel: 'web',
    ...overrides,
  };
}

/** Intake as the national admin (or another token); fails the test unless the case is created. */
export async function intake(ts: TestServer, overrides: Body = {}, token = ts.tokens.admin): Promise<Case> {
  const res = await call<Case>(ts.url, 'POST', '/v1/cases', { token, body: newCaseBody(overrides) });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function action(
  ts: TestServer,
  token: string,
  trackingId: string,
  version: number | string | undefined,
  body: Body,
): Promise<JsonResponse<Body>> {
  const headers: Record<string, string> = {};
  if (version !== undefined) headers['if-match'] = typeof version === 'number' ? `"${version}"` : version;
  return call<Body>(ts.url, 'POST', `/v1/cases/${encodeURIComponent(trackingId)}/actions`, { token, body, headers });
}

/** Applies an action as the national admin and returns the new case; fails the test otherwise. */
export async function must(ts: TestServer, c: Pick<Case, 'trackingId' | 'version'>, body: Body, token = ts.tokens.admin): Promise<Case> {
  const res = await action(ts, token, c.trackingId, c.version, body);
  expect(res.status, res.text).toBe(200);
  return (res.body as { case: Case }).case;
}

/** A case disposed to `institutionId`, optionally with a first follow-up (in_progress). */
export async function disposedCase(ts: TestServer, institutionId: string, overrides: Body = {}, respond = false): Promise<Case> {
  let c = await intake(ts, overrides);
  c = await must(ts, c, { action: 'dispose', institutionId });
  if (respond) c = await must(ts, c, { action: 'respond', message: 'Sedang kami tindak lanjuti.' });
  return c;
}

export async function getCase(ts: TestServer, trackingId: string): Promise<Case> {
  const res = await call<Case>(ts.url, 'GET', `/v1/cases/${encodeURIComponent(trackingId)}`, { token: ts.tokens.admin });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export async function eventsOf(ts: TestServer, trackingId: string): Promise<CaseEvent[]> {
  const res = await call<{ items: CaseEvent[] }>(ts.url, 'GET', `/v1/cases/${encodeURIComponent(trackingId)}/events`, {
    token: ts.tokens.admin,
  });
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

/** Text that must never reach a client: stack frames, SQL, driver and file names. */
const LEAKS = [
  /\bat\s+\S+\s+\(/, // stack frame "at fn (file:line)"
  /\.ts:\d+/,
  /\.js:\d+/,
  /node_modules/,
  /\bSELECT\b/i,
  /\bINSERT\s+INTO\b/i,
  /\bUPDATE\s+\w+\s+SET\b/i,
  /\bDELETE\s+FROM\b/i,
  /\bsyntax error\b/i,
  /\brelation\s+"/i,
  /\bcolumn\s+"/i,
  /\bplpgsql\b/i,
  /\bpglite\b/i,
  /\bstack\b/i,
];

export function expectNoLeak(text: string): void {
  for (const pattern of LEAKS) expect(text, `leaks ${pattern}`).not.toMatch(pattern);
}

/**
 * Asserts an RFC 9457 problem answer: the status, the media type, the members with their types, the
 * field named in errors[] (when given), and no leaked internals.
 */
export function expectProblem(res: JsonResponse<unknown>, status: number, field?: string | RegExp): Body {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json\b/);
  const body = res.body as Body;
  expect(typeof body, res.text).toBe('object');
  expect(body.type).toEqual(expect.stringMatching(/^\/problems\/[a-z-]+$/));
  expect(body.title).toEqual(expect.any(String));
  expect((body.title as string).length).toBeGreaterThan(0);
  expect(body.status).toBe(status);
  expect(body.detail).toEqual(expect.any(String));
  expectNoLeak(res.text);
  if (field !== undefined) {
    const errors = body.errors as { field: string; message: string }[] | undefined;
    expect(Array.isArray(errors), `errors[] in ${res.text}`).toBe(true);
    const names = errors!.map((e) => e.field);
    if (typeof field === 'string') expect(names, res.text).toContain(field);
    else expect(names.some((n) => field.test(n)), `${String(field)} in ${names.join(' | ')}`).toBe(true);
    for (const e of errors!) expect(e.message).toEqual(expect.any(String));
  }
  return body;
}

/** Number of rows in case_events for a case, read from the database directly. */
export async function eventCount(ts: TestServer, trackingId?: string): Promise<number> {
  const rows = trackingId
    ? await ts.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_events WHERE tracking_id = $1', [trackingId])
    : await ts.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_events');
  return rows[0].n;
}
