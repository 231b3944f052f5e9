import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import type { CalendarDay } from '../../domain/types.js';
import { createRenderContext, selectColumns, type Column } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { addLimitOption, addOutputOptions, parsePositiveInt, printLimitedRows, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';

const WEEKDAYS = {
  id: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

export const CALENDAR_COLUMNS: Column<CalendarDay>[] = [
  { key: 'date', header: (lang) => t(lang, 'column.calendar.date'), value: (d) => d.date },
  {
    key: 'weekday',
    header: (lang) => t(lang, 'column.calendar.weekday'),
    value: (d) => new Date(`${d.date}T00:00:00Z`).getUTCDay(),
    display: (d, ctx) => WEEKDAYS[ctx.lang][new Date(`${d.date}T00:00:00Z`).getUTCDay()],
  },
  {
    key: 'kind',
    header: (lang) => t(lang, 'column.calendar.kind'),
    value: (d) => d.kind,
    display: (d, ctx) => t(ctx.lang, d.kind === 'holiday' ? 'calendar.holiday' : 'calendar.cutiBersama'),
  },
  { key: 'name', header: (lang) => t(lang, 'column.calendar.name'), value: (d) => d.name, fit: 'flex' },
];

export interface ListOptions extends OutputOptions, LimitOptions {
  year?: number;
}

export function createListCommand(deps: Deps, runF: (opts: ListOptions, deps: Deps) => Promise<void> = listRun): Command {
  const { lang } = deps;
  const cmd = new Command('list')
    .alias('ls')
    .description(t(lang, 'cmd.calendar.list'))
    .option('--year <year>', t(lang, 'flag.year'), parsePositiveInt(2100, lang));
  return addOutputOptions(addLimitOption(cmd, lang), lang)
    .addHelpText('after', examples(lang, ['lapor calendar list --year 2024', 'lapor calendar list --limit all --format csv > hari-libur.csv']))
    .action(async (opts: ListOptions) => {
      selectColumns(CALENDAR_COLUMNS, opts.fields);
      await runF(opts, deps);
    });
}

export async function listRun(opts: ListOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const calendar = await api.calendar(opts.year);
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  await printLimitedRows(deps.io, opts.format, calendar.items, selectColumns(CALENDAR_COLUMNS, opts.fields), ctx, opts.limit);
}

