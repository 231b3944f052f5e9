// The text of a template from --body, --file (- for stdin) or, on a terminal with neither, $VISUAL/$EDITOR
// (as gh's `issue edit` does): the editor opens a temporary file holding the current text; what is saved is
// the new text. Without a terminal, one of the flags is needed.

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../../cmdutil/deps.js';
import { CliError, UsageError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';

/** --body, or the file's text; undefined when neither was given. */
export async function bodyFromFlags(opts: { body?: string; file?: string }, deps: Pick<Deps, 'readStdin'>): Promise<string | undefined> {
  if (opts.body !== undefined) return opts.body;
  if (opts.file === undefined) return undefined;
  return opts.file === '-' ? deps.readStdin() : readFile(opts.file, 'utf8');
}

/** Opens the user's editor on `initial` and returns the saved text. */
export async function editInEditor(initial: string, deps: Pick<Deps, 'env' | 'io' | 'lang'>): Promise<string> {
  const editor = deps.env.VISUAL ?? deps.env.EDITOR;
  if (!deps.io.canPrompt() || editor === undefined || editor.trim() === '') {
    throw new UsageError((l) => t(l, 'templates.edit.needBody'));
  }
  const dir = await mkdtemp(join(tmpdir(), 'lapor-template-'));
  const file = join(dir, 'template.txt');
  try {
    await writeFile(file, initial, { mode: 0o600 });
    // the editor command may carry arguments ("code --wait"): the shell splits it, the file is its last argument
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit', env: { ...deps.env } });
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new CliError((l) => t(l, 'templates.edit.editorFailed', { editor, code: String(code) }));
    return await readFile(file, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
