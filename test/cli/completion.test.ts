// `lapor completion` walks the whole command tree, which the program itself never builds (it loads only the
// command that runs): the tree comes from Deps.commandModules, so the completion command imports nothing
// from src/cli (see test/architecture/imports.test.ts).

import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/program.js';
import { run } from '../helpers/deps.js';

describe('lapor completion', () => {
  it('completes every top-level command, the verbs of each noun and their flags', async () => {
    const r = await run(['completion', 'bash']);
    expect(r.code, r.err).toBe(0);
    const words = (path: string) => new RegExp(`^ {4}"${path}"\\) words="([^"]*)" ;;$`, 'm').exec(r.out)?.[1].split(' ');
    expect(words('')?.slice(0, Object.keys(COMMANDS).length)).toEqual(Object.keys(COMMANDS));
    expect(words('cases')).toEqual(expect.arrayContaining(['list', 'show', 'history', 'dispose', 'close', 'edit', '--help']));
    expect(words('bulk')).toEqual(expect.arrayContaining(['apply', 'resume', 'status']));
    expect(words('cases list')).toEqual(expect.arrayContaining(['--status', '--overdue', '--format', '--help']));
    expect(words('serve')).toEqual(expect.arrayContaining(['--port', '--data-dir']));
  });

  it('fish: one completion line per flag of each command', async () => {
    const r = await run(['completion', 'fish']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("complete -c lapor -n '__fish_seen_subcommand_from list' -l status");
    expect(r.out).toContain("complete -c lapor -n '__fish_use_subcommand' -a 'cases triage bulk");
  });
});
