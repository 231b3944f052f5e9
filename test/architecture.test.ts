// Two rules of the code's shape, checked on the source text so that CI keeps them (issue 16):
// 1. no function in src/ spans more than MAX_FUNCTION_LINES lines, except the data tables and exhaustive
//    switches named in FUNCTION_LENGTH_ALLOWED (a function's span includes the closures it holds: a reader
//    has to hold them too);
// 2. imports between folders run one way — cli → commands → {api, io, domain}; api, io, server → domain;
//    domain → nothing; commands reach the server through one seam module — and no folder-level cycle forms.
// The sources are parsed with oxc (rolldown's parseAst): the typescript 7 package exposes no JS compiler API.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rolldown/parseAst';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const MAX_FUNCTION_LINES = 120;

/**
 * Functions allowed to be longer than MAX_FUNCTION_LINES, as `path#qualified.name` → why. Only data tables and
 * exhaustive switches belong here for good; the other entries are splits under way, to be removed on merge.
 * An entry that no longer names a long function fails the test, so this list only ever shrinks.
 */
const FUNCTION_LENGTH_ALLOWED: Readonly<Record<string, string>> = {
};

// ---- reading the sources ------------------------------------------------------------------------------

interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function isNode(v: unknown): v is AstNode {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

interface Parsed {
  path: string;
  text: string;
  program: AstNode;
  lineOf: (offset: number) => number;
}

function parse(path: string, text = readFileSync(join(ROOT, path), 'utf8')): Parsed {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return { path, text, program: parseAst(text, { lang: 'ts' }, path) as unknown as AstNode, lineOf };
}

/** Calls `visit` on every node below `node` with its parent. */
function walk(node: AstNode, visit: (n: AstNode, parent: AstNode | null) => void, parent: AstNode | null = null): void {
  visit(node, parent);
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) {
      for (const item of v) if (isNode(item)) walk(item, visit, node);
    } else if (isNode(v)) walk(v, visit, node);
  }
}

// ---- rule 1: function length --------------------------------------------------------------------------

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

interface FunctionSpan {
  /** `path#outer.inner`: the names of the enclosing functions, then the function's own. */
  id: string;
  line: number;
  lines: number;
}

function keyName(key: unknown): string | null {
  if (!isNode(key)) return null;
  if (key.type === 'Identifier' || key.type === 'PrivateIdentifier') return String(key.name);
  if (key.type === 'Literal') return String(key.value);
  return null;
}

/** The name a function goes by: its own, the variable, property or method it is assigned to, or <anonymous>. */
function functionName(fn: AstNode, parent: AstNode | null, classNames: Map<AstNode, string>): string {
  const own = keyName(fn.id);
  if (own !== null) return own;
  if (parent === null) return '<anonymous>';
  if (parent.type === 'VariableDeclarator') return keyName(parent.id) ?? '<anonymous>';
  if (parent.type === 'Property') return keyName(parent.key) ?? '<anonymous>';
  if (parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') {
    const owner = classNames.get(parent);
    const name = keyName(parent.key) ?? '<computed>';
    return owner ? `${owner}.${name}` : name;
  }
  if (parent.type === 'AssignmentExpression' && isNode(parent.left) && parent.left.type === 'MemberExpression') {
    return keyName(parent.left.property) ?? '<anonymous>';
  }
  return '<anonymous>';
}

/** Every function, method and arrow of a file with the number of lines it spans (first to last, inclusive). */
function functionSpans(path: string, text?: string): FunctionSpan[] {
  const file = parse(path, text);
  const classNames = new Map<AstNode, string>();
  const names = new Map<AstNode, string>();
  const parents = new Map<AstNode, AstNode | null>();
  const spans: FunctionSpan[] = [];
  walk(file.program, (n, parent) => {
    parents.set(n, parent);
    if ((n.type === 'ClassDeclaration' || n.type === 'ClassExpression') && isNode(n.body)) {
      const className = keyName(n.id) ?? '<class>';
      for (const member of (n.body.body as unknown[]) ?? []) if (isNode(member)) classNames.set(member, className);
    }
    if (!FUNCTION_TYPES.has(n.type)) return;
    // the qualified name: the nearest enclosing function's, then this one's
    let outer: AstNode | null | undefined = parent;
    while (outer && !FUNCTION_TYPES.has(outer.type)) outer = parents.get(outer);
    const own = functionName(n, parent, classNames);
    const name = outer ? `${names.get(outer)}.${own}` : own;
    names.set(n, name);
    const line = file.lineOf(n.start);
    spans.push({ id: `${path}#${name}`, line, lines: file.lineOf(n.end - 1) - line + 1 });
  });
  return spans;
}

// ---- rule 2: imports between folders ------------------------------------------------------------------

/** The seam through which commands reach the server (serve, seed and demo need nothing else of it). */
const SERVER_SEAM = 'src/server/seam.ts';

type Layer = 'cli' | 'commands' | 'neutral' | 'api' | 'io' | 'domain' | 'server';

/**
 * The folder (graph node) and layer of a source file. Each noun folder of src/commands is a node of its own;
 * a file directly in src/commands is a neutral module (shared by the nouns, importing neither cli nor a
 * noun); src/server and src/domain are one node each, their subfolders included.
 */
function nodeOf(path: string): { node: string; layer: Layer } {
  const parts = path.split('/');
  const top = parts[1];
  if (top === 'commands') return parts.length > 3 ? { node: `commands/${parts[2]}`, layer: 'commands' } : { node: path, layer: 'neutral' };
  if (top === 'cli' || top === 'api' || top === 'io' || top === 'domain' || top === 'server') return { node: top, layer: top };
  throw new Error(`${path}: a source folder the architecture test does not know (add it to nodeOf and ALLOWED)`);
}

/** Which layers each layer may import (its own folder always). */
const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  // the CLI also starts the embedded server (src/cli/connection.ts)
  cli: ['commands', 'neutral', 'api', 'io', 'domain', 'server'],
  // a noun may use another noun (cases → bulk) as long as no cycle forms; the server only through SERVER_SEAM
  commands: ['commands', 'neutral', 'api', 'io', 'domain'],
  neutral: ['neutral', 'api', 'io', 'domain'],
  api: ['domain'],
  io: ['domain'],
  server: ['domain'],
  domain: [],
};

interface ImportEdge {
  from: string;
  to: string;
  line: number;
}

/** Every relative import of a file, static, dynamic, re-export or type-only, resolved to a path below src/. */
function importsOf(path: string, text?: string): ImportEdge[] {
  const file = parse(path, text);
  const out: ImportEdge[] = [];
  walk(file.program, (n) => {
    let source: unknown = null;
    if (n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ImportExpression') {
      source = n.source;
    } else if (n.type === 'TSImportType') {
      source = n.source; // import('…').T in a type
    }
    if (!isNode(source) || source.type !== 'Literal' || typeof source.value !== 'string') return;
    const spec = source.value;
    if (!spec.startsWith('.')) return; // a package or node: builtin
    const target = relative(ROOT, resolve(ROOT, dirname(path), spec)).split(sep).join('/').replace(/\.js$/, '.ts');
    out.push({ from: path, to: target, line: file.lineOf(n.start) });
  });
  return out;
}

/** Why an import breaks the layering, or null when it is allowed. */
function forbiddenReason(edge: ImportEdge): string | null {
  const from = nodeOf(edge.from);
  const to = nodeOf(edge.to);
  if (from.node === to.node) return null;
  if (from.layer === 'commands' && to.layer === 'server') {
    return edge.to === SERVER_SEAM ? null : `commands reach the server only through ${SERVER_SEAM}`;
  }
  if (ALLOWED[from.layer].includes(to.layer)) return null;
  return `${from.layer} may import only ${ALLOWED[from.layer].join(', ') || 'nothing outside itself'}`;
}

/** Cycles of the folder graph (one per strongly connected component of two or more nodes), as node lists. */
function folderCycles(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = nodeOf(e.from).node;
    const b = nodeOf(e.to).node;
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)!.add(b);
  }
  // Tarjan's algorithm
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of [...(next.get(v) ?? [])].sort()) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  return components;
}

/**
 * Known debt: imports that break the layering today, as `from -> to` (one entry per importing file and
 * imported module). Commands take their `Deps` type and the helpers that attach verbs from src/cli, which
 * makes cycles cli → commands → cli; once those move to a neutral module (a file directly in src/commands)
 * these entries go, and the serve/seed/demo entries go when those commands import SERVER_SEAM instead.
 * An entry that no longer occurs fails the test: delete it. A new forbidden import is never added here.
 */
const KNOWN_DEBT: readonly string[] = [
  'src/commands/audit/index.ts -> src/cli/deps.ts',
  'src/commands/audit/index.ts -> src/cli/program.ts',
  'src/commands/audit/verify.ts -> src/cli/deps.ts',
  'src/commands/audit/verify.ts -> src/cli/program.ts',
  'src/commands/auth/login.ts -> src/cli/config.ts',
  'src/commands/auth/login.ts -> src/cli/deps.ts',
  'src/commands/auth/login.ts -> src/cli/program.ts',
  'src/commands/auth/logout.ts -> src/cli/config.ts',
  'src/commands/auth/logout.ts -> src/cli/deps.ts',
  'src/commands/auth/logout.ts -> src/cli/program.ts',
  'src/commands/auth/whoami.ts -> src/cli/deps.ts',
  'src/commands/auth/whoami.ts -> src/cli/program.ts',
  'src/commands/bulk/action.ts -> src/cli/deps.ts',
  'src/commands/bulk/action.ts -> src/cli/program.ts',
  'src/commands/bulk/apply.ts -> src/cli/deps.ts',
  'src/commands/bulk/apply.ts -> src/cli/program.ts',
  'src/commands/bulk/engine.ts -> src/cli/deps.ts',
  'src/commands/bulk/index.ts -> src/cli/deps.ts',
  'src/commands/bulk/index.ts -> src/cli/program.ts',
  'src/commands/bulk/resume.ts -> src/cli/deps.ts',
  'src/commands/bulk/resume.ts -> src/cli/program.ts',
  'src/commands/bulk/run.ts -> src/cli/deps.ts',
  'src/commands/bulk/status.ts -> src/cli/deps.ts',
  'src/commands/bulk/status.ts -> src/cli/program.ts',
  'src/commands/calendar/index.ts -> src/cli/deps.ts',
  'src/commands/calendar/index.ts -> src/cli/program.ts',
  'src/commands/calendar/list.ts -> src/cli/deps.ts',
  'src/commands/calendar/list.ts -> src/cli/program.ts',
  'src/commands/cases/archive.ts -> src/cli/deps.ts',
  'src/commands/cases/close.ts -> src/cli/deps.ts',
  'src/commands/cases/dispose.ts -> src/cli/deps.ts',
  'src/commands/cases/edit.ts -> src/cli/deps.ts',
  'src/commands/cases/history.ts -> src/cli/deps.ts',
  'src/commands/cases/history.ts -> src/cli/program.ts',
  'src/commands/cases/index.ts -> src/cli/deps.ts',
  'src/commands/cases/index.ts -> src/cli/program.ts',
  'src/commands/cases/list.ts -> src/cli/deps.ts',
  'src/commands/cases/list.ts -> src/cli/program.ts',
  'src/commands/cases/postpone.ts -> src/cli/deps.ts',
  'src/commands/cases/redispose.ts -> src/cli/deps.ts',
  'src/commands/cases/reopen.ts -> src/cli/deps.ts',
  'src/commands/cases/respond.ts -> src/cli/deps.ts',
  'src/commands/cases/resume.ts -> src/cli/deps.ts',
  'src/commands/cases/return.ts -> src/cli/deps.ts',
  'src/commands/cases/show.ts -> src/cli/deps.ts',
  'src/commands/cases/show.ts -> src/cli/program.ts',
  'src/commands/categories/index.ts -> src/cli/deps.ts',
  'src/commands/categories/index.ts -> src/cli/program.ts',
  'src/commands/categories/list.ts -> src/cli/deps.ts',
  'src/commands/categories/list.ts -> src/cli/program.ts',
  'src/commands/completion/completion.ts -> src/cli/deps.ts',
  'src/commands/completion/completion.ts -> src/cli/program.ts',
  'src/commands/config/index.ts -> src/cli/deps.ts',
  'src/commands/config/index.ts -> src/cli/program.ts',
  'src/commands/config/list.ts -> src/cli/deps.ts',
  'src/commands/config/list.ts -> src/cli/program.ts',
  'src/commands/config/use.ts -> src/cli/deps.ts',
  'src/commands/config/use.ts -> src/cli/program.ts',
  'src/commands/demo/demo.ts -> src/cli/deps.ts',
  'src/commands/demo/demo.ts -> src/cli/program.ts',
  'src/commands/demo/demo.ts -> src/server/lock.ts',
  'src/commands/demo/demo.ts -> src/server/main.ts',
  'src/commands/export/cases.ts -> src/cli/connection.ts',
  'src/commands/export/cases.ts -> src/cli/deps.ts',
  'src/commands/export/cases.ts -> src/cli/program.ts',
  'src/commands/export/index.ts -> src/cli/deps.ts',
  'src/commands/export/index.ts -> src/cli/program.ts',
  'src/commands/import/calendar.ts -> src/cli/deps.ts',
  'src/commands/import/cases.ts -> src/cli/deps.ts',
  'src/commands/import/cases.ts -> src/cli/program.ts',
  'src/commands/import/categories.ts -> src/cli/deps.ts',
  'src/commands/import/index.ts -> src/cli/deps.ts',
  'src/commands/import/index.ts -> src/cli/program.ts',
  'src/commands/import/institutions.ts -> src/cli/deps.ts',
  'src/commands/import/reference.ts -> src/cli/deps.ts',
  'src/commands/import/reference.ts -> src/cli/program.ts',
  'src/commands/import/run.ts -> src/cli/deps.ts',
  'src/commands/institutions/index.ts -> src/cli/deps.ts',
  'src/commands/institutions/index.ts -> src/cli/program.ts',
  'src/commands/institutions/list.ts -> src/cli/deps.ts',
  'src/commands/institutions/list.ts -> src/cli/program.ts',
  'src/commands/institutions/tree.ts -> src/cli/deps.ts',
  'src/commands/institutions/tree.ts -> src/cli/program.ts',
  'src/commands/seed/seed.ts -> src/cli/deps.ts',
  'src/commands/seed/seed.ts -> src/cli/program.ts',
  'src/commands/seed/seed.ts -> src/server/lock.ts',
  'src/commands/seed/seed.ts -> src/server/main.ts',
  'src/commands/seed/seed.ts -> src/server/seed/load.ts',
  'src/commands/seed/seed.ts -> src/server/stats.ts',
  'src/commands/seed/seed.ts -> src/server/store.ts',
  'src/commands/serve/serve.ts -> src/cli/deps.ts',
  'src/commands/serve/serve.ts -> src/cli/program.ts',
  'src/commands/serve/serve.ts -> src/server/lock.ts',
  'src/commands/serve/serve.ts -> src/server/main.ts',
  'src/commands/sla/index.ts -> src/cli/deps.ts',
  'src/commands/sla/index.ts -> src/cli/program.ts',
  'src/commands/sla/overdue.ts -> src/cli/deps.ts',
  'src/commands/sla/overdue.ts -> src/cli/program.ts',
  'src/commands/sla/sweep.ts -> src/cli/deps.ts',
  'src/commands/sla/sweep.ts -> src/cli/program.ts',
  'src/commands/stats/annual.ts -> src/cli/deps.ts',
  'src/commands/stats/annual.ts -> src/cli/program.ts',
  'src/commands/stats/index.ts -> src/cli/deps.ts',
  'src/commands/stats/index.ts -> src/cli/program.ts',
  'src/commands/stats/shared.ts -> src/cli/deps.ts',
  'src/commands/stats/trend.ts -> src/cli/deps.ts',
  'src/commands/stats/trend.ts -> src/cli/program.ts',
  'src/commands/triage/triage.ts -> src/cli/deps.ts',
  'src/commands/triage/triage.ts -> src/cli/program.ts',
];

function allImports(): ImportEdge[] {
  return sourceFiles('src').flatMap((path) => importsOf(path));
}

const debtKey = (e: ImportEdge): string => `${e.from} -> ${e.to}`;

// ---- the tests ----------------------------------------------------------------------------------------

describe('architecture: function length', () => {
  const spans = sourceFiles('src').flatMap((path) => functionSpans(path));

  it(`no function in src/ spans more than ${MAX_FUNCTION_LINES} lines, except the named ones`, () => {
    const long = spans.filter((s) => s.lines > MAX_FUNCTION_LINES && !(s.id in FUNCTION_LENGTH_ALLOWED));
    const report = long.map((s) => `${s.id} (line ${s.line}): ${s.lines} lines`);
    expect(report, `split these functions (or, for a data table or an exhaustive switch, name it in FUNCTION_LENGTH_ALLOWED):\n${report.join('\n')}`).toEqual([]);
  });

  it('every entry of the allow-list still names a function over the limit', () => {
    const stale = Object.keys(FUNCTION_LENGTH_ALLOWED).filter((id) => !spans.some((s) => s.id === id && s.lines > MAX_FUNCTION_LINES));
    expect(stale, `remove these entries from FUNCTION_LENGTH_ALLOWED:\n${stale.join('\n')}`).toEqual([]);
  });

  it('measures functions, methods and arrows with their qualified names and whole span', () => {
    const text = [
      'export function outer(a: string): number {', // 1
      '  const s = `}${a}{`; // a brace in a template', // 2
      '  const inner = (x: number) => {', // 3
      "    return x + '}'.length;", // 4
      '  };', // 5
      '  return inner(s.length);', // 6
      '}', // 7
      'class Box {', // 8
      '  open(): void {', // 9
      '    /* } */', // 10
      '  }', // 11
      '}', // 12
      'const table = { row: function () { return 1; } };', // 13
    ].join('\n');
    expect(functionSpans('src/x.ts', text).map((s) => [s.id, s.line, s.lines])).toEqual([
      ['src/x.ts#outer', 1, 7],
      ['src/x.ts#outer.inner', 3, 3],
      ['src/x.ts#Box.open', 9, 3],
      ['src/x.ts#row', 13, 1],
    ]);
  });
});

describe('architecture: imports between folders', () => {
  const edges = allImports();

  it('no forbidden import outside the known debt', () => {
    const known = new Set(KNOWN_DEBT);
    const violations = edges
      .map((e) => ({ e, why: forbiddenReason(e) }))
      .filter((v) => v.why !== null && !known.has(debtKey(v.e)))
      .map((v) => `${v.e.from}:${v.e.line} imports ${v.e.to}: ${v.why}`);
    expect(violations, `forbidden imports:\n${violations.join('\n')}`).toEqual([]);
  });

  it('every known-debt entry still occurs (delete those that do not)', () => {
    const present = new Set(edges.filter((e) => forbiddenReason(e) !== null).map(debtKey));
    const stale = KNOWN_DEBT.filter((d) => !present.has(d));
    expect(stale, `remove these entries from KNOWN_DEBT:\n${stale.join('\n')}`).toEqual([]);
  });

  it('no folder-level import cycle outside the known debt', () => {
    const known = new Set(KNOWN_DEBT);
    const cycles = folderCycles(edges.filter((e) => !known.has(debtKey(e))));
    expect(cycles.map((c) => c.join(' <-> ')), 'folder-level import cycles').toEqual([]);
  });

  it('reads every kind of import and finds the layering faults and cycles it is meant to', () => {
    const text = [
      "import type { Deps } from '../../cli/deps.js';",
      "import { t } from '../../io/i18n.js';",
      "export * from '../../domain/types.js';",
      "const lazy = () => import('../../server/main.js');",
      "type T = import('../../server/seam.js').Seam;",
      "import { z } from 'zod';",
    ].join('\n');
    const found = importsOf('src/commands/cases/x.ts', text);
    expect(found.map((e) => [e.to, forbiddenReason(e)])).toEqual([
      ['src/cli/deps.ts', 'commands may import only commands, neutral, api, io, domain'],
      ['src/io/i18n.ts', null],
      ['src/domain/types.ts', null],
      ['src/server/main.ts', `commands reach the server only through ${SERVER_SEAM}`],
      ['src/server/seam.ts', null],
    ]);
    expect(forbiddenReason({ from: 'src/domain/a.ts', to: 'src/io/b.ts', line: 1 })).toBe('domain may import only nothing outside itself');
    expect(forbiddenReason({ from: 'src/commands/shared.ts', to: 'src/commands/cases/list.ts', line: 1 })).not.toBeNull();
    expect(
      folderCycles([
        { from: 'src/cli/main.ts', to: 'src/commands/cases/index.ts' },
        { from: 'src/commands/cases/list.ts', to: 'src/cli/deps.ts' },
        { from: 'src/commands/cases/list.ts', to: 'src/io/i18n.ts' },
      ]),
    ).toEqual([['cli', 'commands/cases']]);
  });
});
