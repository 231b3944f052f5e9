// The client-side views of the server's export rows: the same cells as the CSV the server streams, turned
// into typed spreadsheet cells (XLSX), shown in a time zone (--timezone) or with LAPOR!'s labels for status,
// classification, archive reason and channel (--labels). The column of each cell comes from the catalogue
// (domain/caseColumns.ts) by the machine name in the server's header: one source of headers and kinds.

import { TEXT_LIMITS, type CaseColumn } from '../../domain/caseColumns.js';
import { columnHeader, csvField, dialectText, DIALECTS, restoreFormula, type ExportDialect, type ExportHeader } from '../../domain/export.js';
import { ARCHIVE_REASONS, CLASSIFICATIONS, STATUSES, type ArchiveReason, type Classification, type Status } from '../../domain/types.js';
import { archiveReasonName, classificationName, statusName, type Lang } from '../../io/i18n.js';
import type { SheetColumn, SheetValue } from '../../io/xlsx.js';
import { encodeSheetText } from '../../io/xlsxText.js';
import { fmtInstantInZone, type OutputZone } from '../../io/zone.js';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_LABELS = ['id', 'en'] as const;
export type ExportLabels = (typeof EXPORT_LABELS)[number];

/** How the client shows the server's cells. */
export interface CellView {
  /** Instants in this zone; null: as the server writes them (UTC). */
  zone: OutputZone | null;
  /** Names as LAPOR! shows them in this language; null: the machine values. */
  labels: ExportLabels | null;
  /** Channel id → names (the reference data), for --labels. */
  channels?: ReadonlyMap<string, { id: string; en: string }>;
}

const STATUS_SET = new Set<string>(STATUSES);
const CLASSIFICATION_SET = new Set<string>(CLASSIFICATIONS);
const ARCHIVE_REASON_SET = new Set<string>(ARCHIVE_REASONS);

/** The label of a coded value in a language, or the value itself when it has none. */
export function labelOf(column: CaseColumn, value: string, lang: Lang, view: CellView): string {
  switch (column.name) {
    case 'status':
      return STATUS_SET.has(value) ? statusName(lang, value as Status) : value;
    case 'classification':
      return CLASSIFICATION_SET.has(value) ? classificationName(lang, value as Classification) : value;
    case 'archiveReason':
      return ARCHIVE_REASON_SET.has(value) ? archiveReasonName(lang, value as ArchiveReason) : value;
    case 'channel': {
      const names = view.channels?.get(value);
      return names === undefined ? value : names[lang];
    }
    default:
      return value;
  }
}

const LABELLED = new Set(['status', 'classification', 'archiveReason', 'channel']);

/**
 * The exact text of a text cell: the server's (rfc4180) escape undone, the view's labels applied. A view
 * escapes it again for its own output (dialectText for a CSV; XLSX text cells need no escape).
 */
function viewText(column: CaseColumn, text: string, view: CellView): string {
  const exact = restoreFormula(text);
  return view.labels !== null && LABELLED.has(column.name) ? labelOf(column, exact, view.labels, view) : exact;
}

/**
 * One cell of the CSV view in a dialect: the server's text (escaped for the dialect), instants in the zone,
 * labels; null stays an empty cell.
 */
export function csvCell(column: CaseColumn, text: string | null, view: CellView, dialect: ExportDialect = 'rfc4180'): string | null {
  if (text === null || text === '') return text;
  switch (column.kind) {
    case 'instant': {
      if (view.zone === null) return text;
      const ms = Date.parse(text);
      return Number.isNaN(ms) ? text : fmtInstantInZone(ms, view.zone);
    }
    case 'text':
      return dialectText(viewText(column, text, view), dialect);
    default:
      return text;
  }
}

/**
 * One typed spreadsheet cell: text stays a text cell with its exact text (whatever it looks like: a text cell
 * is never a formula nor a number, so it needs no `'` escape; a CR or control character in OOXML's `_xHHHH_`),
 * integers are numbers, booleans booleans, dates and instants spreadsheet dates (instants as the wall-clock
 * time in the zone, UTC by default); an empty cell (no value) is null, an empty text ''.
 */
export function sheetCell(column: CaseColumn, text: string | null, view: CellView): SheetValue {
  if (text === null) return null;
  switch (column.kind) {
    case 'integer': {
      const n = Number(text);
      return text !== '' && Number.isSafeInteger(n) ? n : text;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'date': {
      const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
      return Number.isNaN(ms) ? text : new Date(ms);
    }
    case 'instant': {
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) return text;
      const offset = view.zone === null ? 0 : view.zone.offsetMinutes(ms);
      return new Date(ms + offset * 60_000);
    }
    case 'text':
      return encodeSheetText(viewText(column, text, view));
  }
}

/** Width (characters) and number format of a column in the spreadsheet. */
const SHEET_FORMAT: Record<CaseColumn['kind'], { width: number; numFmt?: string }> = {
  text: { width: 18 },
  date: { width: 12, numFmt: 'yyyy-mm-dd' },
  instant: { width: 20, numFmt: 'yyyy-mm-dd hh:mm:ss' },
  boolean: { width: 10 },
  integer: { width: 10, numFmt: '0' },
};
/**
 * A text column is as wide as the texts it may hold suggest, on a log scale of its limit (TEXT_LIMITS in the
 * catalogue): a 16-digit NIK 16 characters, a 64-character tracking ID 24, a 500-character title 36, a body 57.
 */
function textWidth(name: string): number | undefined {
  const limit = (TEXT_LIMITS as Readonly<Record<string, number>>)[name];
  return limit === undefined ? undefined : Math.min(60, Math.max(12, Math.round(Math.log2(limit) * 4)));
}

export function sheetColumns(columns: readonly CaseColumn[], header: ExportHeader): SheetColumn[] {
  return columns.map((c) => {
    const head = columnHeader(c, header);
    const f = SHEET_FORMAT[c.kind];
    const width = Math.max((c.kind === 'text' ? textWidth(c.name) : undefined) ?? f.width, Math.min(40, [...head].length + 2));
    return f.numFmt === undefined ? { header: head, width } : { header: head, width, numFmt: f.numFmt };
  });
}

/** A CSV record of the view in the dialect, ended by CRLF (excel-id quotes every text cell, as the server). */
export function csvRecord(columns: readonly CaseColumn[], cells: readonly (string | null)[], dialect: ExportDialect): string {
  const { delimiter, recordEnd } = DIALECTS[dialect];
  return cells.map((c, i) => csvField(c, delimiter, dialect === 'excel-id' && columns[i].kind === 'text')).join(delimiter) + recordEnd;
}
