// What may come at the cursor of a `lapor …` command line, read from the Commander tree the program itself
// runs: its verbs, the flags of THAT command (and the global ones), the values an option or an argument takes
// (its declared choices, or a named source the caller looks up: institutions, tracking IDs, profiles…).
// Commander's own parsing rules are followed: global options anywhere, `--flag=value`, `--` ends the options,
// a variadic option takes the words up to the next flag. Pure: no IO.

import { Help, type Argument, type Command, type Option } from 'commander';
import { CASE_FILTERS } from '../../domain/caseFilters.js';

/** cobra's ShellCompDirective: what the shell does besides offering the candidates. */
export const DIRECTIVE = {
  /** Files when there is no candidate. */
  default: 0,
  noSpace: 2,
  noFileComp: 4,
  filterDirs: 16,
} as const;

export interface Candidate {
  value: string;
  description?: string;
}

/** Values looked up by the caller (the reference data, the recent cases, the profiles, the bulk journals). */
export type DynamicKind = 'institution' | 'category' | 'channel' | 'trackingId' | 'profile' | 'journal';

/** What the word at the cursor is. */
export type Completion =
  | { kind: 'candidates'; candidates: Candidate[]; directive: number }
  /** `head` goes before each value found (`--to=` of `--to=bad`); `prefix` is what the value starts with. */
  | { kind: 'dynamic'; source: DynamicKind; head: string; prefix: string; exclude: string[]; directive: number; path?: string[] };

/** The options in force at `cmd`: its own, then its ancestors' (Commander reads a global option anywhere). */
function optionsInScope(cmd: Command): Option[] {
  const help = new Help();
  const out: Option[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) out.push(...help.visibleOptions(c).filter((o) => o.long !== '--version' || c === cmd));
  return out;
}

function findOption(cmd: Command, flag: string): Option | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const found = c.options.find((o) => o.long === flag || o.short === flag);
    if (found) return found;
  }
  return undefined;
}

const takesValue = (o: Option) => o.required || o.optional;
/** An option given more than once adds up (a variadic one, or a collector that starts as a list such as --where). */
const repeatable = (o: Option) => o.variadic || Array.isArray(o.defaultValue);
/** `<code>` of `--institution <code>`. */
const placeholder = (o: Option) => /[<[]([^>\]]+?)(?:\.\.\.)?[>\]]/.exec(o.flags)?.[1] ?? '';

/** Where an option's value comes from, when it has no declared choices. */
function optionSource(o: Option): DynamicKind | 'file' | 'dir' | null {
  const name = o.attributeName();
  const ph = placeholder(o);
  if (ph === 'institution' || name === 'institution' || name === 'under') return 'institution';
  if (name === 'category') return 'category';
  if (name === 'channel') return 'channel';
  if (name === 'profile' && ph === 'name') return 'profile';
  if (ph === 'dir') return 'dir';
  if (ph.startsWith('file') || name === 'output') return 'file';
  return null;
}

/** Where a positional argument's value comes from, by the argument's name. */
function argumentSource(a: Argument): DynamicKind | 'file' | null {
  const name = a.name();
  if (name === 'trackingId' || name === 'trackingIds') return 'trackingId';
  if (name === 'profile') return 'profile';
  if (name === 'journal') return 'journal';
  if (name === 'file') return 'file';
  return null;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The filters whose codes are looked up (`--where institution=…`). */
const WHERE_SOURCES: Record<string, DynamicKind> = { institution: 'institution', category: 'category', channel: 'channel' };

/**
 * The choices that may come at the end of `cur`: a value of `values` it starts with, or for a list
 * (`submitted,dis`) one more value not listed yet after the last comma. `head` goes before each.
 */
function choicesAt(values: readonly string[], cur: string, list: boolean, exclude: readonly string[], head = ''): Candidate[] {
  const cut = list ? cur.lastIndexOf(',') + 1 : 0;
  const listed = cur.slice(0, cut).split(',');
  return values
    .filter((v) => v.startsWith(cur.slice(cut)) && !listed.includes(v) && !exclude.includes(v))
    .map((v) => ({ value: head + cur.slice(0, cut) + v }));
}

/** The case filter an option is (`--status` of `cases list`), whose values it takes if it declares no choices. */
const filterOf = (o: Option) => CASE_FILTERS.find((f) => f.name === o.attributeName() && f.values !== undefined);

/** `--where key=value` of the bulk verbs: the case filters' names, then a filter's values after `key=`. */
function whereValues(cur: string): Completion {
  const eq = cur.indexOf('=');
  if (eq < 0) {
    const candidates = CASE_FILTERS.filter((f) => f.name.startsWith(cur)).map((f) => ({ value: `${f.name}=` }));
    return { kind: 'candidates', candidates, directive: DIRECTIVE.noSpace | DIRECTIVE.noFileComp };
  }
  const filter = CASE_FILTERS.find((f) => f.name === cur.slice(0, eq));
  const head = cur.slice(0, eq + 1);
  const source = filter ? WHERE_SOURCES[filter.name] : undefined;
  if (source) return { kind: 'dynamic', source, head, prefix: cur.slice(eq + 1), exclude: [], directive: DIRECTIVE.noFileComp };
  const candidates = choicesAt(filter?.values ?? [], cur.slice(eq + 1), filter?.kind === 'statuses', [], head);
  return { kind: 'candidates', candidates, directive: DIRECTIVE.noFileComp };
}

/** What an option's value may be: its declared choices, else those of the case filter it is, else a source. */
function optionValues(o: Option, prefix: string, exclude: string[]): Completion {
  if (o.attributeName() === 'where') return whereValues(prefix);
  const filter = filterOf(o);
  if (o.argChoices === undefined && filter?.values) {
    return { kind: 'candidates', candidates: choicesAt(filter.values, prefix, filter.kind === 'statuses', exclude), directive: DIRECTIVE.noFileComp };
  }
  return valuesOf(o.argChoices, optionSource(o), prefix, exclude);
}

function valuesOf(
  choices: readonly string[] | undefined,
  source: DynamicKind | 'file' | 'dir' | null,
  prefix: string,
  exclude: string[],
): Completion {
  if (choices) return { kind: 'candidates', candidates: choicesAt(choices, prefix, false, exclude), directive: DIRECTIVE.noFileComp };
  if (source === 'file') return { kind: 'candidates', candidates: [], directive: DIRECTIVE.default };
  if (source === 'dir') return { kind: 'candidates', candidates: [], directive: DIRECTIVE.filterDirs };
  if (source === null) return { kind: 'candidates', candidates: [], directive: DIRECTIVE.noFileComp };
  // a journal is also a file path: files when there is no run to offer
  return { kind: 'dynamic', source, head: '', prefix, exclude, directive: source === 'journal' ? DIRECTIVE.default : DIRECTIVE.noFileComp };
}

/**
 * The completion of the last word of `words` (the words typed after `lapor`, the last one being the word at
 * the cursor, "" for a new word) against the command tree under `root`.
 */
export function complete(root: Command, words: readonly string[]): Completion {
  const help = new Help();
  const typed = words.slice(0, -1);
  const cur = words.length === 0 ? '' : words[words.length - 1];
  let cmd = root;
  let operands: string[] = [];
  const given = new Set<Option>();
  /** The option whose value the next word is. */
  let pending: Option | null = null;
  /** A variadic option still taking words, and the values it has. */
  let variadic: { option: Option; values: string[] } | null = null;
  let dashes = false;

  for (const w of typed) {
    if (pending) {
      if (pending.variadic) variadic = { option: pending, values: [w] };
      pending = null;
      continue;
    }
    if (!dashes && w === '--') {
      dashes = true;
      variadic = null;
      continue;
    }
    if (!dashes && w.startsWith('-') && w.length > 1) {
      variadic = null;
      const eq = w.indexOf('=');
      const option = findOption(cmd, eq > 0 ? w.slice(0, eq) : w);
      if (!option) continue;
      given.add(option);
      if (takesValue(option) && eq < 0) pending = option;
      continue;
    }
    if (variadic) {
      variadic.values.push(w);
      continue;
    }
    // `help cases …` completes as `cases …` (the help command is Commander's own, not one of cmd.commands)
    if (w === 'help' && operands.length === 0 && !dashes && cmd.commands.length > 0 && !cmd.commands.some((c) => c.name() === 'help')) continue;
    const sub = operands.length === 0 && !dashes ? cmd.commands.find((c) => c.name() === w || c.aliases().includes(w)) : undefined;
    if (sub) {
      cmd = sub;
      operands = [];
    } else {
      operands.push(w);
    }
  }

  const flags = (): Completion => {
    const candidates: Candidate[] = [];
    for (const o of optionsInScope(cmd)) {
      if (given.has(o) && !repeatable(o)) continue;
      for (const flag of [o.long, o.short]) {
        if (flag && flag.startsWith(cur) && !candidates.some((c) => c.value === flag)) {
          candidates.push({ value: flag, description: oneLine(o.description) });
        }
      }
    }
    // long flags first, and `--flag` rather than its short `-f` when both match
    candidates.sort((a, b) => Number(!a.value.startsWith('--')) - Number(!b.value.startsWith('--')));
    return { kind: 'candidates', candidates, directive: DIRECTIVE.noFileComp };
  };

  if (pending) return optionValues(pending, cur, []);
  if (!dashes && cur.startsWith('--') && cur.includes('=')) {
    const eq = cur.indexOf('=');
    const option = findOption(cmd, cur.slice(0, eq));
    if (!option || !takesValue(option)) return { kind: 'candidates', candidates: [], directive: DIRECTIVE.noFileComp };
    const values = optionValues(option, cur.slice(eq + 1), []);
    const head = cur.slice(0, eq + 1);
    if (values.kind === 'candidates') {
      return { ...values, candidates: values.candidates.map((c) => ({ ...c, value: head + c.value })) };
    }
    return { ...values, head };
  }
  if (!dashes && cur.startsWith('-')) return flags();
  if (variadic) return optionValues(variadic.option, cur, variadic.values);

  if (operands.length === 0 && cmd.commands.length > 0 && !dashes) {
    const candidates = help
      .visibleCommands(cmd)
      .filter((c) => c.name().startsWith(cur))
      .map((c) => ({ value: c.name(), description: oneLine(c.summary() || c.description()) }));
    return { kind: 'candidates', candidates, directive: DIRECTIVE.noFileComp };
  }
  const args = cmd.registeredArguments;
  const last = args[args.length - 1];
  const arg = operands.length < args.length ? args[operands.length] : last?.variadic ? last : undefined;
  if (arg) {
    const exclude = arg.variadic ? operands.slice(args.length - 1) : [];
    const values = valuesOf(arg.argChoices, argumentSource(arg), cur, exclude);
    // the command's path: which cases an action's tracking IDs may be (`cases close` → in progress)
    const path: string[] = [];
    for (let c: Command | null = cmd; c?.parent; c = c.parent) path.unshift(c.name());
    return values.kind === 'dynamic' ? { ...values, path } : values;
  }
  // nothing more is taken here but flags: offer them (`cases list <TAB>`)
  return flags();
}
