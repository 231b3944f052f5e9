import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CancelledError, UsageError } from '../../src/io/errors.js';
import {
  createInquirerPrompter,
  createNoPrompter,
  createScriptedPrompter,
  isPromptExit,
  type Choice,
} from '../../src/io/prompter.js';

const INSTITUTIONS: Choice<string>[] = [
  { name: 'Dinas Kesehatan Provinsi Bali', value: 'bali.dinkes' },
  { name: 'Inspektorat Provinsi Bali', value: 'bali.inspektorat', description: 'pengawasan internal' },
];

describe('scripted prompter', () => {
  it('answers the questions in order and records them', async () => {
    const p = createScriptedPrompter([
      { confirm: true, message: 'Terapkan dispose pada 3 laporan?' },
      { select: 'bali.inspektorat' },
      { select: { choose: 'Dinas Kesehatan Provinsi Bali' } },
      { input: 'Mohon lengkapi lokasi', message: /catatan/i },
      { password: 's3cret' },
      { search: 'bali.dinkes', term: 'dinkes' },
    ]);
    expect(await p.confirm('Terapkan dispose pada 3 laporan?')).toBe(true);
    expect(await p.select('Instansi tujuan', INSTITUTIONS)).toBe('bali.inspektorat');
    expect(await p.select('Instansi tujuan', INSTITUTIONS)).toBe('bali.dinkes');
    expect(await p.input('Catatan')).toBe('Mohon lengkapi lokasi');
    expect(await p.password('Token')).toBe('s3cret');
    const terms: (string | undefined)[] = [];
    const found = await p.search('Cari instansi', (term) => {
      terms.push(term);
      return INSTITUTIONS.filter((c) => c.value.includes(term ?? ''));
    });
    expect(found).toBe('bali.dinkes');
    expect(terms).toEqual(['dinkes']);
    expect(p.asked).toEqual(['Terapkan dispose pada 3 laporan?', 'Instansi tujuan', 'Instansi tujuan', 'Catatan', 'Token', 'Cari instansi']);
    expect(() => p.assertDone()).not.toThrow();
  });

  it('fails loudly on an unexpected question', async () => {
    const p = createScriptedPrompter([]);
    await expect(p.confirm('Hapus semua?')).rejects.toThrow('scripted prompter: unexpected confirm "Hapus semua?" (no answers left)');
  });

  it('fails on a question of another kind or with another message', async () => {
    await expect(createScriptedPrompter([{ input: 'x' }]).confirm('Lanjutkan?')).rejects.toThrow(
      'asked confirm "Lanjutkan?", but the script expected input',
    );
    await expect(createScriptedPrompter([{ confirm: true, message: 'Lanjutkan?' }]).confirm('Arsipkan?')).rejects.toThrow(
      'asked confirm "Arsipkan?", but the script expected confirm Lanjutkan?',
    );
  });

  it('fails when the scripted choice is not offered or the input is invalid', async () => {
    await expect(createScriptedPrompter([{ select: 'jatim.dinkes' }]).select('Instansi', INSTITUTIONS)).rejects.toThrow(
      'answer "jatim.dinkes" is not a choice of "Instansi"',
    );
    const validate = (v: string) => (v.length > 3 ? true : 'terlalu pendek');
    await expect(createScriptedPrompter([{ input: 'ab' }]).input('Catatan', { validate })).rejects.toThrow('terlalu pendek');
  });

  it('reports unused answers', async () => {
    const p = createScriptedPrompter([{ confirm: true }, { input: 'x' }]);
    await p.confirm('Lanjutkan?');
    expect(() => p.assertDone()).toThrow('1 answer(s) not used: input');
  });

  it('simulates Ctrl-C as a CancelledError', async () => {
    const err = await createScriptedPrompter([{ cancel: true }]).input('Catatan').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).code).toBe('ABORT_ERR');
  });
});

describe('inquirer prompter', () => {
  function streams() {
    const input = new PassThrough();
    const output = new PassThrough();
    let drawn = '';
    output.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    return { input, output, drawn: () => drawn };
  }

  function typeLater(input: PassThrough, ...keys: string[]): void {
    keys.forEach((k, i) => setTimeout(() => input.write(k), 30 * (i + 1)));
  }

  it('asks on the given output and reads the answer from the given input', async () => {
    const s = streams();
    const p = createInquirerPrompter(s);
    const answer = p.confirm('Lanjutkan?', false);
    typeLater(s.input, 'y\r');
    expect(await answer).toBe(true);
    expect(s.drawn()).toContain('Lanjutkan?');
  });

  it('selects a choice value', async () => {
    const s = streams();
    const answer = createInquirerPrompter(s).select('Instansi tujuan', INSTITUTIONS);
    typeLater(s.input, '\u001b[B', '\r');
    expect(await answer).toBe('bali.inspektorat');
  });

  it('maps Ctrl-C to CancelledError', async () => {
    const s = streams();
    const answer = createInquirerPrompter(s).input('Catatan');
    typeLater(s.input, '\u0003');
    const err = await answer.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).cause).toBeInstanceOf(Error);
    expect(((err as Error).cause as Error).name).toBe('ExitPromptError');
  });

  it('recognises inquirer exit errors by name', () => {
    const exit = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
    expect(isPromptExit(exit)).toBe(true);
    expect(isPromptExit(new Error('boom'))).toBe(false);
    expect(isPromptExit('ExitPromptError')).toBe(false);
  });
});

describe('no prompter', () => {
  it('refuses every question with a usage error naming it', async () => {
    const err = await createNoPrompter().confirm('Arsipkan 12 laporan?').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).localizedMessage('id')).toBe('tidak dapat bertanya "Arsipkan 12 laporan?": tidak berjalan secara interaktif');
    expect((err as UsageError).localizedHint('en')).toBe('give the answer as a command-line flag (see --help)');
  });
});
