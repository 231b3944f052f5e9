// A rule of the code's shape, checked on the source text so that CI keeps it (issue 16): no function in src/
// spans more than MAX_FUNCTION_LINES lines, except the data tables and exhaustive switches named in
// FUNCTION_LENGTH_ALLOWED (a function's span includes the closures it holds: a reader has to hold them too).
// The imports between folders are checked beside it, in imports.test.ts.
// The sources are parsed with oxc (rolldown's parseAst): the typescript 7 package exposes no JS compiler API.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rolldown/parseAst';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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
