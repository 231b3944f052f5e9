import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE, type AuditLogCheck, type AuditProblem } from '../../domain/audit.js';
import { CliError } from '../../io/errors.js';
import { createRenderContext, printRows, renderCsvHeader, renderCsvRows, renderJsonValue, renderNdjson, selectColumns, toRecord } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { fmtCount } from '../../io/numbers.js';
import { createProgress } from '../../io/progress.js';
import { addLimitOption, addOutputOptions, limitNotice, parsePositiveInt, rowLimit, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { AUDIT_COLUMNS, NO_SEQ } from './render.js';

export interface VerifyOptions extends OutputOptions, LimitOptions {
  pageSize: number;
}

export function createVerifyCommand(deps: Deps, runF: (opts: VerifyOptions, deps: Deps) => Promise<void> = verifyRun): Command {
  const { lang } = deps;
  const cmd = new Command('verify')
    .description(t(lang, 'cmd.audit.verify'))
    .option('--page-size <n>', t(lang, 'audit.flag.pageSize'), parsePositiveInt(MAX_AUDIT_PAGE, lang), DEFAULT_AUDIT_PAGE);
  addOutputOptions(addLimitOption(cmd, lang), lang)
    .addHelpText(
      'after',
      examples(lang, [
        'lapor audit verify',
        'lapor audit verify --format json > audit.json',
        'lapor audit verify --format csv --fields trackingId,seq,problem',
      ]),
    )
    .action(async (opts: VerifyOptions) => {
      selectColumns(AUDIT_COLUMNS, opts.fields); // bad --fields: before any request
      await runF(opts, deps);
    });
  return cmd;
}

/**
 * Walks every page of GET /v1/audit/verify. Problems go to stdout as rows (csv and ndjson page by page);
 * the summary goes with them in the table and in the JSON document, on stderr for csv and ndjson. Exit 1
 * (CliError) when any chain is broken.
 */
export async function verifyRun(opts: VerifyOptions, deps: Deps): Promise<void> {
  const { io, lang } = deps;
  const api = await deps.api();
  const columns = selectColumns(AUDIT_COLUMNS, opts.fields);
  const ctx = createRenderContext(io, lang, deps.now());
  const progress = createProgress(io, { label: t(lang, 'audit.progress'), lang, now: () => deps.now().getTime() });
  if (opts.format === 'csv') io.out.write(renderCsvHeader(columns));
  const problems: AuditProblem[] = [];
  let cases = 0;
  let events = 0;
  let problemCount = 0;
  let auditLog: AuditLogCheck | null = null;
  const seen = new Set<string>();
  const limit = rowLimit(opts.limit, opts.format, io);
  let cursor: string | undefined;
  for (;;) {
    const page = await api.auditVerify({ limit: opts.pageSize, cursor }, { signal: deps.signal });
    cases += page.casesChecked;
    events += page.eventsChecked;
    problemCount += page.problems.length;
    auditLog ??= page.auditLog;
    progress.tick(page.casesChecked);
    // the problems up to --limit are shown; all of them are counted
    const kept = page.problems.slice(0, Math.max(0, limit - problems.length));
    problems.push(...kept);
    if (opts.format === 'csv') io.out.write(renderCsvRows(kept, columns, ctx));
    else if (opts.format === 'ndjson') io.out.write(renderNdjson(kept, columns, ctx));
    if (page.nextCursor === null) break;
    if (seen.has(page.nextCursor)) throw new CliError((l) => t(l, 'audit.repeatedCursor'));
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
  progress.done();
  const counts = { cases: String(cases), events: String(events), problems: String(problemCount) };
  const logBroken = auditLog !== null && auditLog.problem !== null;
  const lines = [t(lang, problemCount === 0 ? 'audit.summary.ok' : 'audit.summary.tampered', counts)];
  if (auditLog !== null && auditLog.problem === null) lines.push(t(lang, 'audit.log.ok', { records: fmtCount(lang, auditLog.records) }));
  if (auditLog !== null && auditLog.problem !== null) {
    const seq = auditLog.seq === null ? NO_SEQ : String(auditLog.seq);
    lines.push(t(lang, 'audit.log.broken', { records: fmtCount(lang, auditLog.records), seq, problem: t(lang, `audit.log.${auditLog.problem}`) }));
  }
  const summary = lines.join('\n');
  if (opts.format === 'json') {
    const report = {
      ok: problemCount === 0 && !logBroken,
      casesChecked: cases,
      eventsChecked: events,
      problems: problems.map((p) => toRecord(p, columns, ctx)),
      auditLog,
    };
    io.out.write(`${renderJsonValue(report)}`);
  } else if (opts.format === 'table') {
    if (problems.length > 0) await io.startPager();
    printRows(io, 'table', problems, columns, ctx);
    io.out.write(`${summary}\n`);
  } else {
    io.err.write(`${summary}\n`);
  }
  if (problems.length < problemCount) limitNotice(io.err, lang, problems.length, problemCount);
  if (problemCount > 0) {
    throw new CliError((l) => t(l, 'audit.tampered', { problems: fmtCount(l, problemCount) }), { hint: (l) => t(l, 'audit.tamperedHint') });
  }
  if (logBroken) throw new CliError((l) => t(l, 'audit.logTampered'), { hint: (l) => t(l, 'audit.tamperedHint') });
}
