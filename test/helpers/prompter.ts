// A scripted prompter that also records every question with the choices it offered (the triage tests
// check what was offered, not only what was answered). Not a test file.

import {
  createScriptedPrompter,
  type Choice,
  type Prompter,
  type ScriptedAnswer,
  type ScriptedPrompter,
  type SearchSource,
} from '../../src/io/prompter.js';

/** What a question offered: its message and the names and values of its choices. */
export interface Asked {
  kind: 'select' | 'search' | 'input' | 'confirm' | 'password';
  message: string;
  choices: Choice<unknown>[];
}

export interface RecordingPrompter extends ScriptedPrompter {
  readonly questions: Asked[];
}

/** A scripted prompter that also records every question with the choices it offered. */
export function recordingPrompter(answers: readonly ScriptedAnswer[]): RecordingPrompter {
  const inner = createScriptedPrompter(answers);
  const questions: Asked[] = [];
  const prompter: Prompter = {
    confirm: (message, d) => {
      questions.push({ kind: 'confirm', message, choices: [] });
      return inner.confirm(message, d);
    },
    select: <T>(message: string, choices: readonly Choice<T>[]) => {
      questions.push({ kind: 'select', message, choices: [...choices] });
      return inner.select(message, choices);
    },
    input: (message, options) => {
      questions.push({ kind: 'input', message, choices: [] });
      return inner.input(message, options);
    },
    password: (message) => {
      questions.push({ kind: 'password', message, choices: [] });
      return inner.password(message);
    },
    search: <T>(message: string, source: SearchSource<T>) => {
      const asked: Asked = { kind: 'search', message, choices: [] };
      questions.push(asked);
      return inner.search(message, async (term) => {
        const found = await source(term);
        asked.choices = [...found];
        return found;
      });
    },
  };
  return Object.assign(prompter, { questions, asked: inner.asked, assertDone: () => inner.assertDone() });
}
