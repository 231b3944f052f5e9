// The triage tests' queue and Deps: four cases listed out of order on purpose (the fake sorts like the
// server), the one fake ApiClient over them, and a terminal with a recording prompter. Not a test file.

import type { Actor, Case } from '../../src/domain/types.js';
import type { Lang } from '../../src/io/i18n.js';
import type { ScriptedAnswer } from '../../src/io/prompter.js';
import { makeCase } from '../helpers/cases.js';
import { createTestDeps, type TestDeps } from '../helpers/deps.js';
import { createFakeApi, type FakeApi } from '../helpers/fakeApi.js';

/** The queue in the order triage must walk it (verify clock first), plus cases that are not in it. */
export function sampleCases(): Case[] {
  return [
    // listed out of order on purpose: the fake sorts like the server
    makeCase({
      trackingId: 'LAP-3',
      categoryId: 'lingkungan',
      classification: 'aspiration',
      title: 'Usul taman bermain di Lapangan Puputan',
      submittedAt: '2026-11-20T01:15:00.000Z',
      verifyDueAt: '2026-11-25T15:59:59.999Z',
    }),
    makeCase({
      trackingId: 'LAP-1',
      title: 'Jalan berlubang di Jl. Gatot Subroto Barat',
      body: 'Lubang besar di depan pasar, sudah dua minggu, membahayakan pengendara motor.',
      district: 'Denpasar Barat',
      submittedAt: '2026-11-16T01:00:00.000Z',
      verifyDueAt: '2026-11-19T15:59:59.999Z',
    }),
    makeCase({
      trackingId: 'LAP-2',
      categoryId: 'kesehatan.bpjs',
      title: 'Antrean BPJS di RSUD Wangaya terlalu lama',
      channel: 'sms_1708',
      anonymous: true,
      submittedAt: '2026-11-18T00:40:00.000Z',
      verifyDueAt: '2026-11-23T15:59:59.999Z',
    }),
    makeCase({
      trackingId: 'LAP-9',
      title: 'Sudah didisposisi',
      status: 'disposed',
      institutionId: 'denpasar.dpupr',
      verifiedAt: '2026-11-17T01:00:00.000Z',
      disposedAt: '2026-11-17T01:00:00.000Z',
      submittedAt: '2026-11-10T01:00:00.000Z',
      verifyDueAt: '2026-11-13T15:59:59.999Z',
      version: 2,
    }),
  ];
}

/** The fake API over the queue (default: sampleCases()), for this caller (default: a national admin). */
export function triageApi(cases: readonly Case[] = sampleCases(), actor?: Actor): FakeApi {
  return createFakeApi({ cases }, { actor });
}

export type TriageDeps = TestDeps;

/** Deps for one in-process run: a terminal (unless tty: false), English unless told, colour off, width 80, the fixed clock. */
export function createTriageDeps(options: { tty?: boolean; lang?: Lang; api?: FakeApi; answers?: readonly ScriptedAnswer[] } = {}): TriageDeps {
  return createTestDeps({ api: options.api ?? triageApi(), tty: options.tty ?? true, lang: options.lang ?? 'en', answers: options.answers });
}
