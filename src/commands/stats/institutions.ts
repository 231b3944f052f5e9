import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { resolveFilterNames } from '../../cmdutil/names.js';
import { t } from '../../io/i18n.js';
import { renderCsv, renderJson, renderNdjson, renderTable } from '../../io/format.js';
import { renderEvidenceHtml } from '../../io/report/evidenceHtml.js';
import { EVIDENCE_COLUMNS, EVIDENCE_SHEET_COLUMNS, evidenceRows, evidenceSheetRow, renderEvidenceText } from './evidenceRender.js';
import { addStatsOptions, checkStatsOptions, checkStatsTarget, emit, emitRows, STATS_FORMATS, statsRenderContext, yearParser, type StatsOutputOptions } from './shared.js';

export interface InstitutionsOptions extends StatsOutputOptions {
  year?: number;
}

export function createInstitutionsCommand(deps: Deps, runF: (opts: InstitutionsOptions, deps: Deps) => Promise<void> = institutionsRun): Command {
  const { lang } = deps;
  const cmd = new Command('institutions')
    .description(t(lang, 'cmd.stats.institutions'))
    .addOption(new Option('--year <year>', t(lang, 'stats.flag.year')).argParser(yearParser(lang)));
  addStatsOptions(cmd, lang, STATS_FORMATS)
    .addHelpText(
      'after',
      examples(lang, [
        'lapor stats institutions --year 2024',
        'lapor stats institutions --year 2024 --institution bali',
        'lapor stats institutions --year 2024 --format csv > bukti-2024.csv',
        'lapor stats institutions --year 2024 --format xlsx -o bukti-2024.xlsx',
        'lapor stats institutions --year 2024 --public --format html -o bukti-2024.html',
      ]),
    )
    .action(async (opts: InstitutionsOptions) => {
      checkStatsOptions(opts);
      checkStatsTarget(opts, deps.io.isOutTTY);
      await runF(opts, deps);
    });
  return cmd;
}

/** Fetches the evidence pack and renders it: the human report, flat rows, the spreadsheet or the HTML page. */
export async function institutionsRun(opts: InstitutionsOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const { institution } = await resolveFilterNames({ institution: opts.institution }, api, deps);
  const report = await api.statsInstitutions({ year: opts.year, institution, public: opts.public, k: opts.k });
  const rows = evidenceRows(report);
  if (opts.format === 'xlsx') return emitRows(deps, opts.output, rows.map(evidenceSheetRow), EVIDENCE_SHEET_COLUMNS);
  const ctx = statsRenderContext(deps, opts.output);
  let text: string;
  if (opts.format === 'html') text = renderEvidenceHtml(report, deps.lang);
  else if (opts.format === 'table' && ctx.tty) text = renderEvidenceText(report, ctx);
  else if (opts.format === 'json') text = renderJson(rows, EVIDENCE_COLUMNS, ctx);
  else if (opts.format === 'ndjson') text = renderNdjson(rows, EVIDENCE_COLUMNS, ctx);
  else if (opts.format === 'csv') text = renderCsv(rows, EVIDENCE_COLUMNS, ctx);
  else text = renderTable(rows, EVIDENCE_COLUMNS, ctx);
  await emit(deps, opts.output, text);
}
