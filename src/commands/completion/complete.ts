// lapor __complete <words…>: the candidates for the last word of a command line, one a line (`value`, or
// `value<TAB>description`), then cobra's directive line (`:4`: no file completion) — the protocol of cobra's
// `__complete`, which the scripts of `lapor completion bash|zsh|fish` call at every TAB. Hidden.
//
// It runs at every TAB, so it never fails and never takes long: an error of whatever kind gives no candidates
// (exit 0, nothing on stderr); the command tree and the flags' choices need no network; reference data (institutions,
// categories, channels) and recent tracking IDs come from the API only when one answers without being started
// (never an embedded server), within LOOKUP_TIMEOUT_MS, and are kept a short while in the cache dir.

import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { commandWords } from '../../cmdutil/command.js';
import type { Connection, Deps } from '../../cmdutil/deps.js';
import { STATUSES } from '../../domain/types.js';
import { complete, DIRECTIVE, type Candidate, type DynamicKind } from './candidates.js';

export interface CompleteOptions {
  /** The words after `lapor`; the last one is the word at the cursor ("" for a new word). */
  words: string[];
  /** The program that runs: its global options (--lang, --api…) and settings (the help flag in the user's language). */
  program: Command | null;
}

/** The longest a lookup over the network may take before completion goes on without it. */
export const LOOKUP_TIMEOUT_MS = 1500;
/** How long looked-up values are used again without asking (reference data changes rarely; cases often). */
export const CACHE_TTL_MS: Record<'reference' | 'cases', number> = { reference: 10 * 60_000, cases: 60_000 };
/** How many tracking IDs are offered: the first page of `lapor cases list` (of the cases an action applies to). */
export const RECENT_CASES = 50;

export function createCompleteCommand(deps: Deps, runF: (opts: CompleteOptions, deps: Deps) => Promise<void> = completeRun): Command {
  const cmd: Command = new Command('__complete')
    .argument('[words...]')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (words: string[]) => runF({ words, program: cmd.parent }, deps));
  return cmd;
}

export async function completeRun(opts: CompleteOptions, deps: Deps): Promise<void> {
  let lines: string[];
  try {
    lines = await candidateLines(opts, deps);
  } catch {
    lines = [`:${DIRECTIVE.noFileComp}`];
  }
  deps.io.out.write(`${lines.join('\n')}\n`);
}

async function candidateLines(opts: CompleteOptions, deps: Deps): Promise<string[]> {
  const words = opts.words.length === 0 ? [''] : opts.words;
  const root = await commandTree(opts.program, words.slice(0, -1), deps);
  const found = complete(root, words);
  let candidates: Candidate[];
  if (found.kind === 'candidates') {
    candidates = found.candidates;
  } else {
    typedGlobals(words, deps);
    const values = await lookup(found.source, deps, found.path ?? []);
    candidates = values
      .filter((c) => c.value.toLowerCase().startsWith(found.prefix.toLowerCase()) && !found.exclude.includes(c.value))
      .map((c) => ({ ...c, value: found.head + c.value }));
  }
  const clean = (s: string) => s.replace(/[\t\n\r]+/g, ' ');
  return [...candidates.map((c) => (c.description ? `${clean(c.value)}\t${clean(c.description)}` : clean(c.value))), `:${found.directive}`];
}

/**
 * The program's tree as far as the typed words need it, loading no more than a run of those words would: the
 * top-level commands' names and summaries (the program's own list), and only the command named, with only the
 * verb named when one is (a TAB runs a whole `lapor` start).
 */
async function commandTree(program: Command | null, typed: readonly string[], deps: Deps): Promise<Command> {
  const root = new Command('lapor');
  if (program) {
    root.copyInheritedSettings(program);
    for (const o of program.options) root.addOption(o);
  }
  const [first, second] = commandWords(typed);
  const name = first === 'help' ? second : first;
  const modules = name === undefined ? [] : await deps.commandModules([name]);
  for (const module of modules) await module.register(root, deps, typed);
  for (const c of program?.commands ?? []) {
    if (c.name() !== '__complete' && !root.commands.some((r) => r.name() === c.name())) root.command(c.name()).description(c.description());
  }
  return root;
}

/** --api and --profile typed on the line being completed count for its lookups (as kubectl's --context does). */
function typedGlobals(words: readonly string[], deps: Deps): void {
  for (let i = 0; i < words.length - 1; i += 1) {
    const w = words[i];
    if (w === '--') break;
    for (const name of ['api', 'profile'] as const) {
      if (w === `--${name}` && i + 1 < words.length - 1) deps.globals[name] = words[i + 1];
      else if (w.startsWith(`--${name}=`)) deps.globals[name] = w.slice(name.length + 3);
    }
  }
}

async function lookup(source: DynamicKind, deps: Deps, path: readonly string[]): Promise<Candidate[]> {
  switch (source) {
    case 'profile': {
      const config = await deps.config.read();
      return Object.entries(config.profiles).map(([value, p]) => ({ value, description: p.apiUrl }));
    }
    case 'journal': {
      const { journalDir } = await import('../../bulk/journal.js');
      const names = await fsp.readdir(journalDir(deps.paths.stateDir)).catch(() => [] as string[]);
      return names
        .filter((n) => n.endsWith('.jsonl'))
        .map((n) => n.slice(0, -'.jsonl'.length))
        .sort()
        .reverse()
        .map((value) => ({ value }));
    }
    case 'trackingId':
      return fromApi({ source, statuses: await actionStatuses(path) }, deps);
    default:
      return fromApi({ source }, deps);
  }
}

/** The statuses a case must have for the action `cases <verb>` (the domain's rules); every status elsewhere. */
async function actionStatuses(path: readonly string[]): Promise<readonly string[]> {
  if (path.length !== 2 || path[0] !== 'cases') return [];
  const { ACTION_RULES } = await import('../../domain/actions.js');
  const rule = Object.entries(ACTION_RULES).find(([action]) => action === path[1])?.[1];
  return rule && rule.from.length < STATUSES.length ? rule.from : [];
}

/** What is asked of the API: reference data, or tracking IDs (of cases in `statuses`, when given). */
type ApiQuery = { source: Exclude<DynamicKind, 'profile' | 'journal' | 'trackingId'> } | { source: 'trackingId'; statuses: readonly string[] };

/** Values from the API, through the cache; nothing when no API runs or it does not answer in time. */
async function fromApi(query: ApiQuery, deps: Deps): Promise<Candidate[]> {
  const { source } = query;
  const conn = await deps.runningConnection();
  if (!conn) return [];
  const file = cacheFile(deps, conn, query.source === 'trackingId' && query.statuses.length > 0 ? `trackingId.${query.statuses.join('.')}` : source);
  const cached = await readCache(file);
  const ttl = CACHE_TTL_MS[source === 'trackingId' ? 'cases' : 'reference'];
  const age = cached ? deps.now().getTime() - cached.at : Infinity;
  if (cached && age >= 0 && age < ttl) return cached.values;
  const signal = AbortSignal.any([deps.signal, AbortSignal.timeout(LOOKUP_TIMEOUT_MS)]);
  const api = await deps.clientFor(conn.baseUrl, conn.token ?? '');
  let values: Candidate[];
  try {
    values = await fetchValues(query, api, signal, deps.lang === 'en');
  } catch {
    // unreachable, refused, too slow, not allowed: what was cached before, else nothing
    return cached?.values ?? [];
  } finally {
    await api.close().catch(() => {});
  }
  await writeCache(file, { at: deps.now().getTime(), values }).catch(() => {});
  return values;
}

async function fetchValues(query: ApiQuery, api: Awaited<ReturnType<Deps['clientFor']>>, signal: AbortSignal, english: boolean): Promise<Candidate[]> {
  switch (query.source) {
    case 'institution':
      return (await api.institutions({ signal })).filter((i) => i.active).map((i) => ({ value: i.id, description: i.name }));
    case 'category':
      return (await api.categories({ signal })).map((c) => ({ value: c.id, description: (english && c.nameEn) || c.name }));
    case 'channel':
      return (await api.channels({ signal })).map((c) => ({ value: c.id, description: (english && c.nameEn) || c.name }));
    case 'trackingId': {
      const status = query.statuses.length > 0 ? query.statuses : undefined;
      const page = await api.listCases({ status, limit: RECENT_CASES }, { signal });
      const short = (title: string) => (title.length > 60 ? `${title.slice(0, 59)}…` : title);
      return page.items.map((c) => ({ value: c.trackingId, description: c.title === null ? undefined : short(c.title) }));
    }
  }
}

interface CacheEntry {
  at: number;
  values: Candidate[];
}

/** One file per API, token, source and language: a scoped token sees other cases than a national one. */
function cacheFile(deps: Deps, conn: Connection, source: string): string {
  const key = createHash('sha256').update(`${conn.baseUrl}\n${conn.token ?? ''}`).digest('hex').slice(0, 16);
  return join(deps.paths.cacheDir, 'completion', `${key}-${source}-${deps.lang}.json`);
}

async function readCache(file: string): Promise<CacheEntry | null> {
  try {
    const parsed = JSON.parse(await fsp.readFile(file, 'utf8')) as Partial<CacheEntry>;
    if (typeof parsed.at !== 'number' || !Array.isArray(parsed.values)) return null;
    const values = parsed.values.filter((v): v is Candidate => typeof v?.value === 'string');
    return { at: parsed.at, values };
  } catch {
    return null;
  }
}

/** Written whole (a temporary file renamed), readable by the user only: tracking IDs and titles are not public. */
async function writeCache(file: string, entry: CacheEntry): Promise<void> {
  const dir = join(file, '..');
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await fsp.writeFile(tmp, JSON.stringify(entry), { mode: 0o600 });
  await fsp.rename(tmp, file);
}

export function register(program: Command, deps: Deps): void {
  const cmd = createCompleteCommand(deps);
  cmd.copyInheritedSettings(program);
  // not in the help: the shell scripts call it
  program.addCommand(cmd, { hidden: true });
}
