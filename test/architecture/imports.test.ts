// The layering of src/, checked on every import, export-from and dynamic import (type-only ones too: a type
// import still ties two folders together for a reader and for the next refactoring):
//   cli -> {commands, cmdutil, bulk, api, io, domain, server/seam.ts}
//   commands -> {cmdutil, bulk, api, io, domain, server/seam.ts}
//   bulk -> {cmdutil, api, io, domain};  cmdutil -> {api, io, domain}
//   api -> domain;  io -> domain;  server -> domain;  domain -> nothing
// and no cycle between folders: the layers, and in src/commands each noun (a folder below another, such as
// src/server/routes, is part of its layer's package, which it mounts into). cmdutil is the neutral module
// both the program (cli) and the commands use, as gh keeps cmdutil.Factory apart from cmd/gh; server/seam.ts
// is the one server module the client side may load.

import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The only server module the client side may import. */
const SERVER_SEAM = 'server/seam.ts';

const ALLOWED: Record<string, readonly string[]> = {
  cli: ['commands', 'cmdutil', 'bulk', 'api', 'io', 'domain', SERVER_SEAM],
  commands: ['cmdutil', 'bulk', 'api', 'io', 'domain', SERVER_SEAM],
  bulk: ['cmdutil', 'api', 'io', 'domain'],
  cmdutil: ['api', 'io', 'domain'],
  api: ['domain'],
  io: ['domain'],
  server: ['domain'],
  domain: [],
};

/** The relative module specifiers a TypeScript source imports: static, type-only, re-exports and import(). */
export function importSpecifiers(source: string): string[] {
  // comments out first, so that an example in a comment is not taken for an import; a `//` inside a string
  // ('http://…') only loses the rest of that line, which never holds an import
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, // import … from '…', export … from '…'
    /\bimport\s*['"]([^'"]+)['"]/g, // import '…' (side effects only)
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('…')
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]);
  return found.filter((s) => s.startsWith('.'));
}

/** src-relative path of a module a file imports: './x.js' from 'cli/main.ts' → 'cli/x.ts'. */
export function resolveImport(from: string, specifier: string): string {
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
}

export interface Edge {
  from: string;
  to: string;
}

/** The edges the layering forbids. */
export function forbiddenEdges(edges: readonly Edge[]): Edge[] {
  return edges.filter(({ from, to }) => {
    const [fromArea] = from.split('/');
    const [toArea] = to.split('/');
    if (fromArea === toArea) return false;
    const allowed = ALLOWED[fromArea];
    if (allowed === undefined) return true; // a new top-level folder must be placed in the layering first
    return !allowed.includes(toArea) && !allowed.includes(to);
  });
}

/** The folder a module belongs to: its layer (src/<layer>), or in src/commands its noun (src/commands/<noun>). */
export function folderOf(path: string): string {
  const parts = path.split('/');
  return parts[0] === 'commands' ? parts.slice(0, 2).join('/') : parts[0];
}

/** Groups of folders that import each other, round and round (Tarjan's strongly connected components). */
export function folderCycles(edges: readonly Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    if (a !== b) graph.get(a)!.add(b);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

function srcEdges(): Edge[] {
  return sourceFiles(SRC).flatMap((from) => {
    const targets = new Set(importSpecifiers(readFileSync(join(SRC, from), 'utf8')).map((specifier) => resolveImport(from, specifier)));
    return [...targets].map((to) => ({ from, to }));
  });
}

const show = (edges: readonly Edge[]) => edges.map((e) => `${e.from} -> ${e.to}`);

describe('the import checker', () => {
  it('finds static, type-only, multi-line, re-exported, side-effect and dynamic imports, and skips comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      'import {',
      '  c,',
      '  type D,',
      "} from '../../c.js';",
      "export { e } from './e.js';",
      "export * from './f.js';",
      "import './g.js';",
      "const h = await import('../h.js');",
      "// import { x } from './commented.js';",
      "/* const y = await import('./block.js'); */",
      "const url = 'http://example.test'; import { z } from './z.js';",
      "import { Command } from 'commander';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(['../../c.js', '../b/b.js', '../h.js', './a.js', './e.js', './f.js', './g.js', './z.js']);
  });

  it('resolves specifiers to src-relative paths', () => {
    expect(resolveImport('commands/cases/list.ts', '../../cmdutil/deps.js')).toBe('cmdutil/deps.ts');
    expect(resolveImport('commands/serve/serve.ts', '../../server/seam.js')).toBe('server/seam.ts');
    expect(resolveImport('cli/main.ts', './program.js')).toBe('cli/program.ts');
  });

  it('flags an edge the layering forbids, the server seam being the one server module commands may use', () => {
    const edges = [
      { from: 'commands/cases/list.ts', to: 'cli/program.ts' },
      { from: 'commands/serve/serve.ts', to: 'server/main.ts' },
      { from: 'commands/serve/serve.ts', to: 'server/seam.ts' },
      { from: 'bulk/run.ts', to: 'commands/shared.ts' },
      { from: 'cmdutil/deps.ts', to: 'cli/config.ts' },
      { from: 'domain/types.ts', to: 'io/i18n.ts' },
      { from: 'server/store.ts', to: 'domain/types.ts' },
      { from: 'cli/main.ts', to: 'cmdutil/deps.ts' },
      { from: 'elsewhere/x.ts', to: 'domain/types.ts' },
    ];
    expect(show(forbiddenEdges(edges))).toEqual([
      'commands/cases/list.ts -> cli/program.ts',
      'commands/serve/serve.ts -> server/main.ts',
      'bulk/run.ts -> commands/shared.ts',
      'cmdutil/deps.ts -> cli/config.ts',
      'domain/types.ts -> io/i18n.ts',
      'elsewhere/x.ts -> domain/types.ts',
    ]);
  });

  it('finds a cycle between folders, however long', () => {
    const edges = [
      { from: 'cli/program.ts', to: 'commands/cases/index.ts' },
      { from: 'commands/cases/index.ts', to: 'commands/bulk/action.ts' },
      { from: 'commands/bulk/action.ts', to: 'cli/program.ts' },
      { from: 'commands/cases/list.ts', to: 'io/format.ts' },
      { from: 'io/format.ts', to: 'io/i18n.ts' },
    ];
    expect(folderCycles(edges)).toEqual([['cli', 'commands/bulk', 'commands/cases']]);
    expect(folderCycles(edges.slice(1))).toEqual([]);
    // a subfolder is part of its layer: the app mounts the routes, which use the store beside the app
    expect(folderCycles([
      { from: 'server/app.ts', to: 'server/routes/cases.ts' },
      { from: 'server/routes/cases.ts', to: 'server/store.ts' },
    ])).toEqual([]);
  });
});

describe('src/ layering', () => {
  const edges = srcEdges();

  it('reads the imports of the source tree', () => {
    // the checker sees the edges that matter, so an empty list of faults below means something
    const shown = new Set(show(edges));
    expect(['cli/program.ts -> cmdutil/command.ts', 'commands/serve/serve.ts -> server/seam.ts'].filter((e) => !shown.has(e))).toEqual([]);
  });

  it('has no import across layers that the layering forbids', () => {
    expect(show(forbiddenEdges(edges))).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(folderCycles(edges).map((cycle) => cycle.join(' <-> '))).toEqual([]);
  });

  it('keeps src/commands/<noun>/<verb>.ts: no loose module in src/commands, the bulk engine in src/bulk', () => {
    const commands = sourceFiles(SRC).filter((f) => f.startsWith('commands/'));
    expect(commands.filter((f) => f.split('/').length !== 3)).toEqual([]);
    expect(commands.filter((f) => f.startsWith('commands/bulk/')).sort()).toEqual([
      'commands/bulk/apply.ts',
      'commands/bulk/index.ts',
      'commands/bulk/resume.ts',
      'commands/bulk/status.ts',
    ]);
  });
});
