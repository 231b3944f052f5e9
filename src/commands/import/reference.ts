// Readers for the reference-data imports (institutions, categories, calendar): their columns under English
// or Indonesian names, and their values (levels, booleans, day kinds, dates as in case files). The verbs
// (institutions.ts, categories.ts, calendar.ts) share the case import's engine and rules.

import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import type { RowCode } from '../../domain/csv/codes.js';
import type { HeaderPlan } from '../../domain/csv/layout.js';
import { labelKey, readBoolean, readDate } from '../../domain/csv/values.js';
import { REFERENCE_FIELDS, type ImportKind } from '../../domain/csv/wire.js';
import { INSTITUTION_LEVELS } from '../../domain/types.js';
import { OUTPUT_FORMATS } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { addImportOptions, type RawImportFlags } from './flags.js';
import { runImport, type ImportRunOptions, type KindReader } from './run.js';

type RefKind = Exclude<ImportKind, 'cases'>;

/** Header names per field (compared case-insensitively). */
const HEADERS: Record<RefKind, Record<string, readonly string[]>> = {
  institutions: {
    id: ['id', 'kode', 'code', 'kode instansi'],
    parentId: ['parentId', 'parent', 'induk', 'kode induk', 'parent_id'],
    name: ['name', 'nama', 'nama instansi'],
    level: ['level', 'tingkat', 'jenjang'],
    active: ['active', 'aktif', 'status aktif'],
  },
  categories: {
    id: ['id', 'kode', 'code', 'kode kategori'],
    parentId: ['parentId', 'parent', 'induk', 'kode induk', 'parent_id'],
    name: ['name', 'nama', 'nama kategori'],
    nameEn: ['nameEn', 'name_en', 'nama inggris', 'english name', 'name (en)'],
    institutionHint: ['institutionHint', 'institution_hint', 'instansi', 'instansi utama', 'institution'],
  },
  calendar: {
    date: ['date', 'tanggal'],
    kind: ['kind', 'jenis', 'type'],
    name: ['name', 'nama', 'keterangan', 'description'],
  },
};

const REQUIRED: Record<RefKind, readonly string[]> = {
  institutions: ['id', 'name', 'level'],
  categories: ['id', 'name'],
  calendar: ['date', 'kind', 'name'],
};

const LEVELS = new Map<string, string>([
  ...INSTITUTION_LEVELS.map((l) => [l, l] as [string, string]),
  ['nasional', 'national'],
  ['kementerian', 'ministry'],
  ['lembaga', 'ministry'],
  ['kementerian lembaga', 'ministry'],
  ['provinsi', 'province'],
  ['kabupaten', 'regency'],
  ['kota', 'regency'],
  ['kabupaten kota', 'regency'],
  ['opd', 'unit'],
  ['satuan kerja', 'unit'],
]);

const KINDS = new Map<string, string>([
  ['holiday', 'holiday'],
  ['libur', 'holiday'],
  ['libur nasional', 'holiday'],
  ['hari libur nasional', 'holiday'],
  ['cuti bersama', 'cuti_bersama'],
  ['cuti_bersama', 'cuti_bersama'],
]);

function fieldOf(kind: RefKind, header: string): string | null {
  const key = header.trim().toLowerCase();
  for (const [field, names] of Object.entries(HEADERS[kind])) if (names.some((n) => n.toLowerCase() === key)) return field;
  return null;
}

export function referenceReader(kind: RefKind, offsetMinutes: number): KindReader {
  const fields = REFERENCE_FIELDS[kind];
  return {
    kind,
    fields,
    isHeader: (rec) => {
      const found = new Set(rec.cells.map((c) => fieldOf(kind, c ?? '')).filter((f) => f !== null));
      return REQUIRED[kind].every((f) => found.has(f));
    },
    plan(rec) {
      const names = rec.cells.map((c) => (c ?? '').trim());
      const targets: (string | null)[] = [];
      const unknown: string[] = [];
      const seen = new Map<string, string>();
      for (const n of names) {
        const f = fieldOf(kind, n);
        if (f === null && n !== '') unknown.push(n);
        if (f !== null && seen.has(f)) return { code: 'duplicate_header', columns: [seen.get(f) ?? '', n], field: f };
        if (f !== null) seen.set(f, n);
        targets.push(f);
      }
      const missing = REQUIRED[kind].filter((f) => !seen.has(f));
      if (missing.length > 0) return { code: 'missing_column', columns: missing };
      return { layout: 'own', targets, names, unknown } satisfies HeaderPlan;
    },
    row(cells, plan) {
      const row: (string | boolean | null)[] = fields.map(() => null);
      const problems: { column: string | null; code: RowCode; detail: string | null }[] = [];
      plan.targets.forEach((field, i) => {
        if (field === null) return;
        const text = (cells[i] ?? '').trim();
        const at = fields.indexOf(field);
        if (text === '') return;
        const bad = (code: RowCode) => problems.push({ column: plan.names[i], code, detail: text.length > 80 ? `${text.slice(0, 77)}…` : text });
        if (field === 'level') {
          const v = LEVELS.get(labelKey(text));
          if (v === undefined) bad('invalid_value');
          else row[at] = v;
        } else if (field === 'active') {
          const v = readBoolean(text);
          if (v === undefined) bad('invalid_value');
          else row[at] = v;
        } else if (field === 'kind') {
          const v = KINDS.get(labelKey(text).replace(/ /g, ' '));
          if (v === undefined) bad('invalid_value');
          else row[at] = v;
        } else if (field === 'date') {
          const v = readDate(text, { offsetMinutes });
          if (v === undefined) bad('invalid_date');
          else row[at] = v;
        } else row[at] = text;
      });
      if (kind === 'institutions' && row[fields.indexOf('active')] === null) row[fields.indexOf('active')] = true;
      for (const f of REQUIRED[kind]) {
        const i = fields.indexOf(f);
        if (row[i] === null && !problems.some((p) => p.column === plan.names[plan.targets.indexOf(f)])) {
          problems.push({ column: plan.names[plan.targets.indexOf(f)] ?? f, code: 'required', detail: null });
        }
      }
      return problems.length > 0 ? { problems } : { row };
    },
    key(cells, plan) {
      const i = plan.targets.indexOf(fields[0]);
      const v = i >= 0 ? cells[i] : null;
      return v === null || v === undefined || v.trim() === '' ? null : v.trim().slice(0, 64);
    },
  };
}

export type ImportReferenceOptions = ImportRunOptions & { update: boolean };

export function createReferenceCommand(
  kind: RefKind,
  deps: Deps,
  runF: (opts: ImportReferenceOptions, deps: Deps) => Promise<void>,
): Command {
  const { lang } = deps;
  const cmd = new Command(kind).description(t(lang, `cmd.import.${kind}`)).argument('<file>', t(lang, 'import.arg.file'));
  addImportOptions(cmd, lang);
  return cmd
    .option('--update', t(lang, 'import.flag.updateReference'), false)
    .addOption(new Option('--format <format>', t(lang, 'flag.format')).choices(OUTPUT_FORMATS).default('table'))
    .addHelpText('after', `\n${t(lang, `import.help.${kind}`)}\n${examples(lang, EXAMPLES[kind])}`)
    .action(async (file: string, raw: RawImportFlags & { update: boolean }) => {
      await runF({ ...raw, file, skipBadRows: raw.skipBadRows === true, dryRun: raw.dryRun === true, createMissing: false }, deps);
    });
}

const EXAMPLES: Record<RefKind, string[]> = {
  institutions: ['lapor import institutions fixtures/examples/instansi.csv --dry-run', 'lapor import institutions fixtures/examples/instansi.csv --update'],
  categories: ['lapor import categories fixtures/examples/kategori.csv', 'lapor import categories fixtures/examples/kategori.csv --update --skip-bad-rows'],
  calendar: ['lapor import calendar fixtures/calendar-cuti-bersama-2026.csv', 'lapor import calendar fixtures/examples/libur.csv --dry-run'],
};

export async function importReferenceRun(kind: RefKind, opts: ImportReferenceOptions, deps: Deps): Promise<void> {
  await runImport(referenceReader(kind, 480), opts, deps);
}
