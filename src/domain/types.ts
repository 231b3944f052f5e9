// The shared vocabulary of lapor: what a case, an institution, an event and an actor are.
// Pure types and constant tables; no IO. Client and server both speak these.

import type { CatalogueCase } from './caseShape.js';

export const STATUSES = ['submitted', 'postponed', 'disposed', 'in_progress', 'completed', 'archived'] as const;
export type Status = (typeof STATUSES)[number];

export const CLASSIFICATIONS = ['complaint', 'aspiration', 'information_request'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const ROLES = ['national_admin', 'institution_admin', 'liaison', 'statistician', 'system'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'dispose',
  'redispose',
  'return',
  'postpone',
  'resume',
  'archive',
  'respond',
  'close',
  'reopen',
  'edit',
  // desk work (issue #20): link a duplicate to its original, copy (tembusan) to other institutions, a note
  'duplicate',
  'copy',
  'uncopy',
  'note',
  // reviewed replies (#20): an institution admin publishes a liaison's draft follow-up, or returns it with a note
  'approve',
  'send_back',
  // SLA (issue #19): the national admin (or the sweep, by rule) marks a case for intervention
  'escalate',
] as const;
export type ActionName = (typeof ACTIONS)[number];

/**
 * Every state change also writes one event; intake writes `submit`, a PII export writes `pii_export`, a CSV
 * import writes `import` (the first event of an imported case, and one more when --update overwrites it).
 */
export type EventAction = ActionName | 'submit' | 'pii_export' | 'import' | DraftEventAction;

/** A liaison's respond at an institution that requires review writes a `draft` event (not published; see actions.ts). */
export type DraftEventAction = 'draft';

export const ARCHIVE_REASONS = [
  'duplicate',
  'incomplete',
  'not_public_service',
  'spam',
  'no_reporter_response',
  'other',
] as const;
export type ArchiveReason = (typeof ARCHIVE_REASONS)[number];

export const INSTITUTION_LEVELS = ['national', 'ministry', 'province', 'regency', 'unit'] as const;
export type InstitutionLevel = (typeof INSTITUTION_LEVELS)[number];

export const CLOCKS = ['verify', 'response', 'completion'] as const;
export type ClockName = (typeof CLOCKS)[number];

/**
 * A complaint as the API shows it: one field per row of the case column catalogue (domain/caseColumns.ts).
 * Reporter identity is never part of it (see Reporter).
 */
export type Case = CatalogueCase;

/** PII, stored apart from the case and never returned by ordinary reads. */
export interface Reporter {
  name: string | null;
  contact: string | null;
  nik: string | null;
}

export interface Institution {
  id: string; // the institution code, e.g. "bali.dinkes"
  parentId: string | null;
  name: string;
  level: InstitutionLevel;
  active: boolean;
}

export interface Category {
  id: string;
  parentId: string | null;
  name: string;
  nameEn: string | null;
  institutionHint: string | null;
}

export interface Channel {
  id: string;
  name: string;
  nameEn: string;
}

export interface CalendarDay {
  date: string; // YYYY-MM-DD
  kind: 'holiday' | 'cuti_bersama';
  name: string;
}

export interface CaseEvent {
  id: number; // global order of the append-only log
  trackingId: string;
  seq: number; // 1-based position in the case's history; equals the case version after it
  at: string;
  actor: string; // token name, never the token
  role: Role;
  action: EventAction;
  fromStatus: Status | null;
  toStatus: Status | null;
  fromInstitution: string | null;
  toInstitution: string | null;
  note: string | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

/** Who is asking: the identity behind a bearer token. */
export interface Actor {
  name: string;
  role: Role;
  /** Root of the institution subtree the token is bound to; null for national roles. */
  institutionId: string | null;
}

/** Tunable clock lengths; defaults from LAPOR!. */
export interface ClockSettings {
  verifyWorkingDays: number;
  responseWorkingDays: number;
  autoCloseWorkingDays: number;
  completionDays: number;
  /** Minutes east of UTC of the working-day calendar (WIB 420, WITA 480, WIT 540). */
  utcOffsetMinutes: number;
}

export const DEFAULT_CLOCKS: ClockSettings = {
  verifyWorkingDays: 3,
  responseWorkingDays: 5,
  autoCloseWorkingDays: 10,
  completionDays: 60,
  utcOffsetMinutes: 480, // Asia/Makassar (WITA): Bali
};

export const TIMEZONE_OFFSETS: Record<string, number> = {
  'Asia/Jakarta': 420,
  'Asia/Pontianak': 420,
  'Asia/Makassar': 480,
  'Asia/Jayapura': 540,
};
