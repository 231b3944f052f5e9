// Shared fixtures of the API client tests: a MockAgent with net connect disabled, a fake clock whose sleep
// records and advances time, and recorded waits and debug lines.

import { MockAgent, type MockCallHistoryLog } from 'undici';
import { createApiClient, type ApiClientOptions } from '../../src/api/client.js';
import type { ApiClient } from '../../src/api/types.js';
import type { WaitReason } from '../../src/api/transport.js';
import type { Case, CaseEvent } from '../../src/domain/types.js';
import { makeCase as baseCase } from '../helpers/cases.js';

export const ORIGIN = 'http://api.test';
export const TOKEN = 'CANARY-TOKEN-7f3a';
export const JSON_HEADERS = { 'content-type': 'application/json' };
export const PROBLEM_HEADERS = { 'content-type': 'application/problem+json' };

/** The shared case, as an API client test sees it: one case of March 2024 about a road in Denpasar Barat. */
export function makeCase(overrides: Partial<Case> = {}): Case {
  return baseCase({
    trackingId: 'LAP-2024-000001',
    categoryId: 'infra.road',
    title: 'Jalan rusak di Jl. Gatot Subroto',
    body: 'Lubang besar sejak dua minggu.',
    incidentDate: '2024-03-01',
    district: 'Denpasar Barat',
    regionCode: '51.71.01',
    submittedAt: '2024-03-04T01:00:00.000Z',
    verifyDueAt: '2024-03-07T01:00:00.000Z',
    completionDueAt: '2024-05-03T01:00:00.000Z',
    ...overrides,
  });
}

export function makeEvent(overrides: Partial<CaseEvent> = {}): CaseEvent {
  return {
    id: 1,
    trackingId: 'LAP-2024-000001',
    seq: 1,
    at: '2024-03-04T01:00:00.000Z',
    actor: 'admin-bali',
    role: 'national_admin',
    action: 'submit',
    fromStatus: null,
    toStatus: 'submitted',
    fromInstitution: null,
    toInstitution: null,
    note: null,
    requestId: 'req-1',
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
    ...overrides,
  };
}

export interface Harness {
  agent: MockAgent;
  pool: ReturnType<MockAgent['get']>;
  client: ApiClient;
  /** Recorded sleeps, in ms, each with the number of requests sent when it began. */
  sleeps: { ms: number; sentBefore: number }[];
  waits: { ms: number; reason: WaitReason }[];
  debugLines: string[];
  calls(): MockCallHistoryLog[];
  clock: { now: number };
}

/** The fake clock starts at 2024-03-04T00:00:00Z; sleeping advances it. */
export const START = Date.parse('2024-03-04T00:00:00.000Z');

const open: Harness[] = [];

/** For afterEach: every harness made since the last call must have used all its interceptors; then closes them. */
export async function closeHarnesses(): Promise<void> {
  const all = open.splice(0);
  for (const h of all) {
    h.agent.assertNoPendingInterceptors();
    await h.client.close();
    await h.agent.close();
  }
}

export function harness(options: Partial<ApiClientOptions> = {}): Harness {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const clock = { now: START };
  const sleeps: Harness['sleeps'] = [];
  const waits: Harness['waits'] = [];
  const debugLines: string[] = [];
  const calls = () => agent.getCallHistory()?.calls() ?? [];
  const client = createApiClient({
    baseUrl: ORIGIN,
    token: TOKEN,
    dispatcher: agent,
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push({ ms, sentBefore: calls().length });
      clock.now += ms;
    },
    onWait: (ms, reason) => waits.push({ ms, reason }),
    debug: (line) => debugLines.push(line),
    retry: { random: () => 0.5 },
    userAgent: 'lapor-test/0.0.0',
    ...options,
  });
  const h: Harness = { agent, pool, client, sleeps, waits, debugLines, calls, clock };
  open.push(h);
  return h;
}

/** A request header as the mock saw it. */
export function header(call: MockCallHistoryLog | undefined, name: string): string | undefined {
  const h = call?.headers;
  if (!h) return undefined;
  for (const [k, v] of Object.entries(h)) {
    if (k.toLowerCase() === name.toLowerCase()) return Array.isArray(v) ? v.join(', ') : v;
  }
  return undefined;
}

/** Awaits a promise that must reject; returns the error. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
