// Flag parsing of a representative set of verbs, without running them (as gh's TestNewCmdList): each factory
// gets a runF that captures the parsed options. Invalid flags fail at parse time, and runF is never reached.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/api/types.js';
import type { Deps } from '../../src/cmdutil/deps.js';
import { createCloseCommand, type CloseOptions } from '../../src/commands/cases/close.js';
import { createListCommand, type ListOptions } from '../../src/commands/cases/list.js';
import { createExportCasesCommand, type ExportCasesOptions } from '../../src/commands/export/cases.js';
import { createImportCasesCommand, type ImportCasesOptions } from '../../src/commands/import/cases.js';
import { createAnnualCommand, type AnnualOptions } from '../../src/commands/stats/annual.js';
import { UsageError } from '../../src/io/errors.js';
import { createTestIOStreams } from '../../src/io/testing.js';
import { NOW } from '../helpers/cases.js';
import { inProcessDeps } from '../helpers/deps.js';

/** Parsing never reaches the API: any use of it fails the test. */
const NO_API = new Proxy({ baseUrl: 'http://127.0.0.1:9' } as ApiClient, {
  get(target, key) {
    if (key === 'baseUrl' || key === 'then') return Reflect.get(target, key);
    throw new Error(`flag parsing called the API (${String(key)})`);
  },
});

function deps(): Deps {
  const paths = { configDir: '/nonexistent/config', dataDir: '/nonexistent/data', stateDir: '/nonexistent/state' };
  return inProcessDeps({ api: NO_API, io: createTestIOStreams(), lang: 'en', now: () => NOW, paths });
}

type Factory<O> = (deps: Deps, runF: (opts: O, deps: Deps) => Promise<void>) => Command;

/** The options runF receives for `argv`, or the error parsing threw (runF not called). */
async function parse<O>(factory: Factory<O>, argv: string[]): Promise<O> {
  const calls: O[] = [];
  const cmd = factory(deps(), async (opts) => void calls.push(opts));
  cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await cmd.parseAsync(argv, { from: 'user' });
  expect(calls).toHaveLength(1);
  return calls[0];
}

async function parseFails<O>(factory: Factory<O>, argv: string[]): Promise<unknown> {
  let ran = false;
  const cmd = factory(deps(), async () => void (ran = true));
  cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  const err = await cmd.parseAsync(argv, { from: 'user' }).then(() => null, (e: unknown) => e);
  expect(ran).toBe(false);
  expect(err).not.toBeNull();
  return err;
}

const commanderCode = (err: unknown) => (err instanceof CommanderError ? err.code : err);

describe('cases list', () => {
  it('defaults', async () => {
    expect(await parse<ListOptions>(createListCommand, [])).toEqual({ sort: 'urgency', limit: 30, all: false, format: 'table', q: undefined });
  });

  it('every filter and output flag', async () => {
    const argv = ['--status', 'submitted', 'disposed', '--institution', 'badung', '--category', 'kesehatan', '--classification', 'complaint',
      '--channel', 'web', '--from', '2024-01-01', '--to', '2024-06-30', '--overdue', 'verify', '-q', 'banjir', '--sort', 'verifyDueAt',
      '-L', '5', '--all', '--format', 'csv', '--fields', 'trackingId,status'];
    expect(await parse<ListOptions>(createListCommand, argv)).toEqual({
      status: ['submitted', 'disposed'], institution: 'badung', category: 'kesehatan', classification: 'complaint', channel: 'web',
      from: '2024-01-01', to: '2024-06-30', overdue: 'verify', search: 'banjir', q: 'banjir', sort: 'verifyDueAt', limit: 5, all: true,
      format: 'csv', fields: 'trackingId,status',
    });
  });

  it.each([
    [['--status', 'nope'], 'commander.invalidArgument'],
    [['--limit', '0'], 'commander.invalidArgument'],
    [['--from', '2024-02-30'], 'commander.invalidArgument'],
    [['--sort', 'title'], 'commander.invalidArgument'],
  ])('%j fails at parse time (%s)', async (argv, code) => {
    expect(commanderCode(await parseFails(createListCommand, argv))).toBe(code);
  });

  it('an unknown --fields column is a usage error before any request', async () => {
    expect(await parseFails(createListCommand, ['--fields', 'trackingId,nope'])).toBeInstanceOf(UsageError);
  });
});

describe('cases close', () => {
  it('one case by ID, with the run defaults', async () => {
    expect(await parse<CloseOptions>(createCloseCommand, ['LAP-1', ' LAP-1 ', '--note', 'selesai'])).toEqual({
      ids: ['LAP-1'], where: [], yes: false, dryRun: false, chunkSize: 500, concurrency: 2, retryTimeout: 600, format: 'table', note: 'selesai',
    });
  });

  it('a --where selection with --yes and the run flags', async () => {
    const argv = ['--where', 'status=in_progress', '--where', 'institution=badung', '--yes', '--chunk-size', '100', '--concurrency', '4', '--format', 'json'];
    expect(await parse<CloseOptions>(createCloseCommand, argv)).toMatchObject({
      ids: [], where: ['status=in_progress', 'institution=badung'], yes: true, chunkSize: 100, concurrency: 4, format: 'json',
    });
  });

  it.each([
    [[]],
    [['LAP-1', '--where', 'status=in_progress']],
    [['--where', 'status=in_progress']], // a bulk write that cannot ask needs --yes or --dry-run
  ])('%j is a usage error', async (argv) => {
    expect(await parseFails(createCloseCommand, argv)).toBeInstanceOf(UsageError);
  });

  it('an unknown --where key fails at parse time', async () => {
    expect(commanderCode(await parseFails(createCloseCommand, ['--where', 'nope=1', '--yes']))).toBe('commander.invalidArgument');
  });
});

describe('export cases', () => {
  it('defaults: the statistical profile, RFC 4180, header by name, CSV', async () => {
    expect(await parse<ExportCasesOptions>(createExportCasesCommand, ['--year', '2024'])).toEqual({
      year: 2024, profile: 'statistical', dialect: 'rfc4180', header: 'name', format: 'csv', q: undefined,
    });
  });

  it('XLSX with a time zone and labels; a zone that does not exist is a usage error', async () => {
    const opts = await parse<ExportCasesOptions>(createExportCasesCommand, ['--format', 'xlsx', '--timezone', 'Asia/Makassar', '--labels', 'en', '-o', 'a.xlsx']);
    expect(opts).toMatchObject({ format: 'xlsx', labels: 'en', output: 'a.xlsx' });
    expect(opts.timezone?.offsetMinutes(0)).toBe(480);
    await expect(parse<ExportCasesOptions>(createExportCasesCommand, ['--timezone', 'Asia/Nowhere'])).rejects.toThrow();
    await expect(parse<ExportCasesOptions>(createExportCasesCommand, ['--labels', 'fr'])).rejects.toThrow();
  });

  it('a PII export with its purpose, to a file', async () => {
    const argv = ['--content', 'pii', '--purpose', 'Ombudsman 12/2024', '--from', '2024-01-01', '--dialect', 'excel-id', '--header', 'id', '-o', 'pii.csv'];
    expect(await parse<ExportCasesOptions>(createExportCasesCommand, argv)).toMatchObject({
      profile: 'pii', purpose: 'Ombudsman 12/2024', from: '2024-01-01', dialect: 'excel-id', header: 'id', output: 'pii.csv',
    });
  });

  it.each([
    [['--content', 'pii'], UsageError],
    [['--purpose', 'x'], UsageError],
    [['-q', 'banjir'], UsageError],
  ])('%j is a usage error', async (argv, type) => {
    expect(await parseFails(createExportCasesCommand, argv)).toBeInstanceOf(type);
  });

  it.each([
    [['--year', '2024', '--from', '2024-01-01'], 'commander.conflictingOption'],
    [['--year', '24'], 'commander.invalidArgument'],
    [['--dialect', 'tsv'], 'commander.invalidArgument'],
  ])('%j fails at parse time (%s)', async (argv, code) => {
    expect(commanderCode(await parseFails(createExportCasesCommand, argv))).toBe(code);
  });
});

describe('import cases', () => {
  it('a file with the defaults', async () => {
    expect(await parse<ImportCasesOptions>(createImportCasesCommand, ['data.csv'])).toMatchObject({
      file: 'data.csv', skipBadRows: false, dryRun: false, update: false, createMissing: false, format: 'table',
    });
  });

  it('stdin, a mapping, a zone and the lenient flags', async () => {
    const argv = ['-', '--mapping', 'peta.json', '--timezone', 'Asia/Jakarta', '--skip-bad-rows', '--rejects', 'r.csv', '--dry-run', '--update', '--format', 'json'];
    expect(await parse<ImportCasesOptions>(createImportCasesCommand, argv)).toMatchObject({
      file: '-', mapping: 'peta.json', timezone: 'Asia/Jakarta', skipBadRows: true, rejects: 'r.csv', dryRun: true, update: true, format: 'json',
    });
  });

  it.each([
    [[], 'commander.missingArgument'],
    [['data.csv', '--timezone', 'Mars/Olympus'], 'commander.invalidArgument'],
    [['data.csv', '--format', 'xml'], 'commander.invalidArgument'],
  ])('%j fails at parse time (%s)', async (argv, code) => {
    expect(commanderCode(await parseFails(createImportCasesCommand, argv))).toBe(code);
  });
});

describe('stats annual', () => {
  it('a year, a subtree and tidy CSV', async () => {
    expect(await parse<AnnualOptions>(createAnnualCommand, ['--year', '2024', '--institution', 'badung', '--format', 'csv', '--top', '0'])).toMatchObject({
      year: 2024, institution: 'badung', format: 'csv', top: 0,
    });
  });

  it('defaults: the current year on the server, ten rows a breakdown', async () => {
    const opts = await parse<AnnualOptions>(createAnnualCommand, []);
    expect(opts.year).toBeUndefined();
    expect(opts.top).toBe(10);
  });

  it.each([
    [['--top', '-1']],
    [['--year', '1800']],
    [['--format', 'xml']],
  ])('%j fails at parse time', async (argv) => {
    expect(commanderCode(await parseFails(createAnnualCommand, argv))).toBe('commander.invalidArgument');
  });
});

describe('process-wide switches', () => {
  it('no command sets a V8 flag (it would leak into every in-process test): only cli/main.ts may', () => {
    const root = join(import.meta.dirname, '../../src/commands');
    const offenders = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /setFlagsFromString|from 'node:v8'/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('--limit (cmdutil/flags.ts, every list)', () => {
  it('takes a positive count or all, and refuses 0 as a usage error', async () => {
    const { limitParser, limitRows, DEFAULT_LIMIT } = await import('../../src/cmdutil/flags.js');
    expect(DEFAULT_LIMIT).toBe(30);
    expect(limitParser('en')('5')).toBe(5);
    expect(limitParser('en')('all')).toBe(Number.POSITIVE_INFINITY);
    expect(() => limitParser('en')('0')).toThrow();
    expect(() => limitParser('en', 500)('all')).toThrow(); // cases list pages on the server: --all instead
    expect(limitRows([1, 2, 3], 2)).toEqual({ rows: [1, 2], truncated: true });
    expect(limitRows([1, 2], Number.POSITIVE_INFINITY)).toEqual({ rows: [1, 2], truncated: false });
  });

  it('without --limit a person at a terminal gets the default and a script every row (cron must not lose rows)', async () => {
    const { rowLimit, DEFAULT_LIMIT } = await import('../../src/cmdutil/flags.js');
    const tty = { isOutTTY: true };
    const piped = { isOutTTY: false };
    expect(rowLimit(undefined, 'table', tty)).toBe(DEFAULT_LIMIT);
    for (const format of ['json', 'ndjson', 'csv'] as const) expect(rowLimit(undefined, format, tty)).toBe(Number.POSITIVE_INFINITY);
    expect(rowLimit(undefined, 'table', piped)).toBe(Number.POSITIVE_INFINITY);
    expect(rowLimit(5, 'csv', piped)).toBe(5);
    expect(rowLimit(Number.POSITIVE_INFINITY, 'table', tty)).toBe(Number.POSITIVE_INFINITY);
  });
});
