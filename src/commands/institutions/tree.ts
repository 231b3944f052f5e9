import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { depthFirst } from '../../domain/trees.js';
import { CliError } from '../../io/errors.js';
import { displayWidth, sanitizeText } from '../../io/format.js';
import { institutionLevelName, t } from '../../io/i18n.js';
import { truncate } from './render.js';

const MIN_NAME = 12;

export interface TreeOptions {
  under?: string;
}

export function createTreeCommand(deps: Deps, runF: (opts: TreeOptions, deps: Deps) => Promise<void> = treeRun): Command {
  const { lang } = deps;
  return new Command('tree')
    .description(t(lang, 'cmd.institutions.tree'))
    .option('--under <code>', t(lang, 'flag.under'))
    .addHelpText('after', examples(lang, ['lapor institutions tree', 'lapor institutions tree --under denpasar']))
    .action(async (opts: TreeOptions) => runF(opts, deps));
}

export async function treeRun(opts: TreeOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const all = await api.institutions();
  const rows = depthFirst(all, (i) => i.name);
  let start = 0;
  let end = rows.length;
  if (opts.under) {
    start = rows.findIndex((r) => r.node.id === opts.under);
    const code = opts.under;
    if (start < 0) throw new CliError((lang) => t(lang, 'error.unknownInstitution', { code }));
    end = rows.findIndex((r, i) => i > start && r.depth <= rows[start].depth);
    if (end < 0) end = rows.length;
  }
  const base = rows[start]?.depth ?? 0;
  const { color, isOutTTY, width } = deps.io;
  const lines = rows.slice(start, end).map(({ node, depth }) => {
    const indent = '  '.repeat(depth - base);
    const level = institutionLevelName(deps.lang, node.level);
    const inactive = node.active ? '' : ` ${color.yellow(`(${t(deps.lang, 'common.inactive')})`)}`;
    const tail = ` ${color.dim(`[${node.id} · ${level}]`)}${inactive}`;
    // on a terminal the name gives way (with "…") so each line fits; the code in brackets never does
    const room = isOutTTY ? width - displayWidth(indent) - displayWidth(tail) : Infinity;
    return `${indent}${truncate(sanitizeText(node.name), Math.max(room, MIN_NAME))}${tail}`;
  });
  deps.io.out.write(lines.length ? `${lines.join('\n')}\n` : '');
}
