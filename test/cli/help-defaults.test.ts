// Issue 15, item 8: no option or argument in any --help shows an empty default (`(default: )`,
// `(default: [])`, or their Indonesian forms): the whole Commander tree is built (every noun with all its
// verbs) and the help of every command is read, in both languages.

import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, createProgram } from '../../src/cli/program.js';
import { createTestDeps } from '../helpers/deps.js';

/** Every command under `cmd`, itself included. */
function walk(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(walk)];
}

function path(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

describe('help texts show no empty default', () => {
  for (const lang of ['id', 'en'] as const) {
    it(`every command (${lang})`, async () => {
      const seen = new Set<string>();
      const empty: string[] = [];
      for (const name of Object.keys(COMMANDS)) {
        // a command line naming the noun builds it whole (addVerbs loads every verb of a noun named alone)
        const argv = ['--lang', lang, name];
        const program = await createProgram(createTestDeps({ argv }), argv);
        const noun = program.commands.find((c) => c.name() === name);
        expect(noun, name).toBeDefined();
        for (const cmd of walk(noun!)) {
          seen.add(path(cmd));
          // Commander wraps long descriptions: read the help as one line
          const text = cmd.helpInformation().replace(/\s+/g, ' ');
          for (const m of text.matchAll(/[^()]*\((?:[^()]*; )?(?:default|bawaan):\s*(?:\[\s*\]|""|'')?\s*\)/g)) empty.push(`${path(cmd)}: ${m[0].trim()}`);
        }
      }
      expect(empty).toEqual([]);
      // the walk reached the verbs, not only the nouns
      expect(seen).toContain('lapor cases archive');
      expect(seen).toContain('lapor bulk apply');
      expect(seen).toContain('lapor export cases');
      expect(seen.size).toBeGreaterThan(40);
    });
  }
});
