// Plan files for `lapor bulk apply`: CSV, one row per case — trackingId, action, the action's fields as
// columns (institution, reason, message, note, title, category, classification, anonymous, confidential) and
// an optional version (else the version current at plan time is used). The file is checked whole before
// anything is sent: every problem is reported with its line and column.

import { parse } from 'csv-parse/sync';
import { ActionRequestSchema, type ActionRequest } from '../domain/schemas.js';
import { ACTIONS, ARCHIVE_REASONS, CLASSIFICATIONS, type ActionName, type Category, type Institution } from '../domain/types.js';
import { UsageError, type Text } from '../io/errors.js';
import { t, type Lang } from '../io/i18n.js';
import { matchName, type Named, type NameMatch } from '../domain/names.js';
import { normaliseTrackingId } from '../domain/trackingId.js';
import { isBlank } from '../domain/text.js';
import { CATEGORY_MATCHING, institutionMatching } from '../cmdutil/names.js';

/** Columns of free text, kept as written. */
const FREE_TEXT_COLUMNS: ReadonlySet<string> = new Set(['note', 'message', 'title']);

export const PLAN_COLUMNS = [
  'trackingId',
  'action',
  'version',
  'institution',
  'reason',
  'message',
  'note',
  'title',
  'category',
  'classification',
  'anonymous',
  'confidential',
  // desk work (issue #20): the original of a duplicate
  'original',
] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];
type FieldColumn = Exclude<PlanColumn, 'trackingId' | 'action' | 'version'>;

/** The columns each action takes; the others must be empty on its rows. */
export const ACTION_FIELDS: Record<ActionName, { required: readonly FieldColumn[]; optional: readonly FieldColumn[] }> = {
  dispose: { required: ['institution'], optional: ['note'] },
  redispose: { required: ['institution'], optional: ['note'] },
  return: { required: ['note'], optional: [] },
  postpone: { required: ['note'], optional: [] },
  resume: { required: [], optional: ['note'] },
  archive: { required: ['reason'], optional: ['note'] },
  respond: { required: ['message'], optional: [] },
  close: { required: [], optional: ['note'] },
  reopen: { required: ['note'], optional: [] },
  edit: { required: [], optional: ['title', 'category', 'classification', 'anonymous', 'confidential', 'note'] },
  duplicate: { required: ['original'], optional: ['note'] },
  // copies: one or more institutions in the institution column, separated by ";"
  copy: { required: ['institution'], optional: ['note'] },
  uncopy: { required: ['institution'], optional: ['note'] },
  note: { required: ['note'], optional: [] },
  // reviewed replies (#20)
  approve: { required: [], optional: ['note'] },
  send_back: { required: ['note'], optional: [] },
  escalate: { required: [], optional: ['note'] },
};

const EDIT_CHANGES: readonly FieldColumn[] = ['title', 'category', 'classification', 'anonymous', 'confidential'];
const TRACKING_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface PlanFileRow {
  /** 1-based line where the row starts. */
  line: number;
  trackingId: string;
  request: ActionRequest;
  version?: number;
}

export interface PlanFileProblem {
  line: number;
  column: PlanColumn | null;
  text: Text;
}

export interface PlanFileReference {
  institutions: readonly Institution[];
  categories: readonly Category[];
}

const TRUE = new Set(['true', 'yes', 'ya', 'y', '1']);
const FALSE = new Set(['false', 'no', 'tidak', 'n', '0']);

function parseBool(value: string): boolean | null {
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return null;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** Checks a whole plan file. Returns the rows, or every problem found (then no row is to be sent). */
export function parsePlanFile(text: string, ref: PlanFileReference): { rows: PlanFileRow[]; problems: PlanFileProblem[] } {
  const problems: PlanFileProblem[] = [];
  const problem = (line: number, column: PlanColumn | null, text: Text) => problems.push({ line, column, text });
  let records: ParsedRecord[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as ParsedRecord[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    problem(e.lines ?? 1, null, (l) => t(l, 'bulk.planfile.notCsv', { why: e.message }));
    return { rows: [], problems };
  }
  // the line a record starts on: where it ends, less the line breaks inside its quoted cells
  const startLine = (r: ParsedRecord) => r.info.lines - r.record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  if (records.length === 0) {
    problem(1, null, (l) => t(l, 'bulk.planfile.empty'));
    return { rows: [], problems };
  }

  // header
  const headerLine = startLine(records[0]);
  const columns: (PlanColumn | null)[] = [];
  for (const raw of records[0].record) {
    const name = raw.trim();
    const col = PLAN_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase()) ?? null;
    if (col === null) {
      problem(headerLine, null, (l) => t(l, 'bulk.planfile.unknownColumn', { name, columns: PLAN_COLUMNS.join(', ') }));
    } else if (columns.includes(col)) {
      problem(headerLine, col, (l) => t(l, 'bulk.planfile.duplicateColumn'));
    }
    columns.push(col);
  }
  for (const needed of ['trackingId', 'action'] as const) {
    if (!columns.includes(needed)) problem(headerLine, needed, (l) => t(l, 'bulk.planfile.missingColumn'));
  }
  if (problems.length > 0) return { rows: [], problems };
  if (records.length === 1) {
    problem(headerLine, null, (l) => t(l, 'bulk.planfile.noRows'));
    return { rows: [], problems };
  }

  const rows: PlanFileRow[] = [];
  const seen = new Map<string, number>();
  for (const r of records.slice(1)) {
    const line = startLine(r);
    const before = problems.length;
    if (r.record.length !== columns.length) {
      problem(line, null, (l) => t(l, 'bulk.planfile.cellCount', { expected: columns.length, got: r.record.length }));
      continue;
    }
    const cell = (c: PlanColumn): string => {
      const i = columns.indexOf(c);
      if (i < 0) return '';
      // free text is sent as written (domain/text.ts: never trimmed); a blank cell gives none
      return FREE_TEXT_COLUMNS.has(c) ? (isBlank(r.record[i]) ? '' : r.record[i]) : r.record[i].trim();
    };
    const at = (c: PlanColumn | null, text: Text) => problem(line, c, text);

    const trackingId = normaliseTrackingId(cell('trackingId'));
    if (trackingId === '') at('trackingId', (l) => t(l, 'bulk.planfile.required'));
    else if (!TRACKING_ID.test(trackingId)) at('trackingId', (l) => t(l, 'bulk.planfile.badTrackingId', { value: trackingId }));
    else {
      const first = seen.get(trackingId);
      if (first !== undefined) at('trackingId', (l) => t(l, 'bulk.planfile.duplicateId', { id: trackingId, line: first }));
      else seen.set(trackingId, line);
    }

    let version: number | undefined;
    const v = cell('version');
    if (v !== '') {
      if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) at('version', (l) => t(l, 'bulk.planfile.badVersion', { value: v }));
      else version = Number(v);
    }

    const actionText = cell('action');
    const action = ACTIONS.find((a) => a === actionText.toLowerCase());
    if (action === undefined) {
      if (actionText === '') at('action', (l) => t(l, 'bulk.planfile.required'));
      else at('action', (l) => t(l, 'bulk.planfile.unknownAction', { value: actionText, actions: ACTIONS.join(', ') }));
      continue;
    }
    const fields = ACTION_FIELDS[action];
    for (const c of PLAN_COLUMNS) {
      if (c === 'trackingId' || c === 'action' || c === 'version') continue;
      const value = cell(c);
      if (value !== '' && !fields.required.includes(c) && !fields.optional.includes(c)) {
        at(c, (l) => t(l, 'bulk.planfile.notUsed', { action }));
      }
    }
    for (const c of fields.required) if (cell(c) === '') at(c, (l) => t(l, 'bulk.planfile.requiredFor', { action }));

    const draft = requestOf(action, cell, at, ref);
    if (problems.length > before || draft === null) continue;
    const checked = ActionRequestSchema.safeParse(draft);
    if (!checked.success) {
      for (const issue of checked.error.issues) at(columnOf(issue.path), (l) => t(l, 'bulk.planfile.invalid', { why: issue.message }));
      continue;
    }
    rows.push(version === undefined ? { line, trackingId, request: checked.data } : { line, trackingId, request: checked.data, version });
  }
  return { rows: problems.length > 0 ? [] : rows, problems };
}

function requestOf(
  action: ActionName,
  cell: (c: PlanColumn) => string,
  at: (c: PlanColumn | null, text: Text) => void,
  ref: PlanFileReference,
): ActionRequest | null {
  const note = cell('note') === '' ? {} : { note: cell('note') };
  switch (action) {
    case 'dispose':
    case 'redispose': {
      const input = cell('institution');
      if (input === '') return null;
      const m = matchName(input, ref.institutions, institutionMatching(true));
      if (m.kind !== 'chosen') {
        at('institution', nameProblem('institution', input, m));
        return null;
      }
      return { action, institutionId: m.entry.id, ...note };
    }
    case 'archive': {
      const reason = ARCHIVE_REASONS.find((r) => r === cell('reason'));
      if (reason === undefined) {
        if (cell('reason') !== '') {
          at('reason', (l) => t(l, 'bulk.planfile.badChoice', { value: cell('reason'), choices: ARCHIVE_REASONS.join(', ') }));
        }
        return null;
      }
      return { action, reason, ...note };
    }
    case 'respond':
      return { action, message: cell('message') };
    case 'duplicate':
      return { action, originalId: normaliseTrackingId(cell('original')), ...note };
    case 'copy':
    case 'uncopy': {
      const ids: string[] = [];
      for (const input of cell('institution').split(';').map((x) => x.trim()).filter((x) => x !== '')) {
        const m = matchName(input, ref.institutions, institutionMatching(action === 'copy'));
        if (m.kind !== 'chosen') {
          at('institution', nameProblem('institution', input, m));
          return null;
        }
        if (!ids.includes(m.entry.id)) ids.push(m.entry.id);
      }
      return ids.length === 0 ? null : { action, institutionIds: ids, ...note };
    }
    case 'note':
      return { action, note: cell('note') };
    case 'return':
    case 'postpone':
    case 'reopen':
    case 'send_back':
      return { action, note: cell('note') };
    case 'resume':
    case 'close':
    case 'approve':
    case 'escalate':
      return { action, ...note };
    case 'edit': {
      const changes: Extract<ActionRequest, { action: 'edit' }>['changes'] = {};
      let bad = false;
      if (cell('title') !== '') changes.title = cell('title');
      if (cell('category') !== '') {
        const m = matchName(cell('category'), ref.categories, CATEGORY_MATCHING);
        if (m.kind !== 'chosen') {
          at('category', nameProblem('category', cell('category'), m));
          bad = true;
        } else changes.categoryId = m.entry.id;
      }
      if (cell('classification') !== '') {
        const c = CLASSIFICATIONS.find((x) => x === cell('classification'));
        if (c === undefined) {
          at('classification', (l) => t(l, 'bulk.planfile.badChoice', { value: cell('classification'), choices: CLASSIFICATIONS.join(', ') }));
          bad = true;
        } else changes.classification = c;
      }
      for (const flag of ['anonymous', 'confidential'] as const) {
        if (cell(flag) === '') continue;
        const b = parseBool(cell(flag));
        if (b === null) {
          at(flag, (l) => t(l, 'bulk.planfile.badBoolean', { value: cell(flag) }));
          bad = true;
        } else changes[flag] = b;
      }
      if (!bad && EDIT_CHANGES.every((c) => cell(c) === '')) {
        at(null, (l) => t(l, 'bulk.planfile.editNeedsChange', { columns: EDIT_CHANGES.join(', ') }));
        bad = true;
      }
      return bad ? null : { action, changes, ...note };
    }
  }
}

/** Why a cell names no one institution or category: the candidates of an ambiguous name, the near ones of an unknown one. */
function nameProblem(kind: 'institution' | 'category', value: string, m: Exclude<NameMatch<Named>, { kind: 'chosen' }>): Text {
  const ids = (list: readonly Named[]) => list.slice(0, 5).map((e) => e.id).join(', ');
  if (m.kind === 'ambiguous') return (l) => t(l, `bulk.planfile.ambiguous.${kind}`, { value, n: m.candidates.length, ids: ids(m.candidates) });
  if (m.suggestions.length > 0) return (l) => t(l, `bulk.planfile.unknownNear.${kind}`, { value, suggestion: ids(m.suggestions) });
  return (l) => t(l, `bulk.planfile.unknown.${kind}`, { value });
}

/** The plan-file column of a request field path (institutionId → institution, changes.title → title). */
function columnOf(path: readonly PropertyKey[]): PlanColumn | null {
  const [first, second] = path.map(String);
  if (first === 'institutionId' || first === 'institutionIds') return 'institution';
  if (first === 'originalId') return 'original';
  if (first === 'changes') {
    if (second === 'categoryId') return 'category';
    return PLAN_COLUMNS.find((c) => c === second) ?? null;
  }
  return PLAN_COLUMNS.find((c) => c === first) ?? null;
}

export const MAX_PROBLEMS_SHOWN = 50;

/** "line 4, column action: unknown action …", one a line, the first MAX_PROBLEMS_SHOWN of them. */
export function renderProblems(problems: readonly PlanFileProblem[], lang: Lang): string {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const lines = sorted.slice(0, MAX_PROBLEMS_SHOWN).map((p) => {
    const where =
      p.column === null ? t(lang, 'bulk.planfile.atLine', { line: p.line }) : t(lang, 'bulk.planfile.atCell', { line: p.line, column: p.column });
    const text = typeof p.text === 'string' ? p.text : p.text(lang);
    return `  ${where}: ${text}`;
  });
  if (sorted.length > MAX_PROBLEMS_SHOWN) lines.push(`  ${t(lang, 'bulk.planfile.more', { n: sorted.length - MAX_PROBLEMS_SHOWN })}`);
  return lines.join('\n');
}

/** The usage error (exit 2) for a plan file with problems: how many, and the list. */
export function planFileError(file: string, problems: readonly PlanFileProblem[]): UsageError {
  return new UsageError((l) => `${t(l, 'bulk.planfile.problems', { file, n: problems.length })}\n${renderProblems(problems, l)}`, {
    hint: (l) => t(l, 'bulk.planfile.hint'),
  });
}
