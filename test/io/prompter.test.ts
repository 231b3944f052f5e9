import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
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
    const p = createInquirerPrompter(s, 'en');
    const answer = p.confirm('Lanjutkan?', false);
    typeLater(s.input, 'y\r');
    expect(await answer).toBe(true);
    expect(s.drawn()).toContain('Lanjutkan?');
  });

  it('selects a choice value', async () => {
    const s = streams();
    const answer = createInquirerPrompter(s, 'en').select('Instansi tujuan', INSTITUTIONS);
    typeLater(s.input, '\u001b[B', '\r');
    expect(await answer).toBe('bali.inspektorat');
  });

  it('maps Ctrl-C to CancelledError', async () => {
    const s = streams();
    const answer = createInquirerPrompter(s, 'en').input('Catatan');
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

/**
 * A pty-less terminal for inquirer: keys are typed only once the screen shows what they answer (no timers),
 * and the screen is what was drawn, without escape sequences.
 */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let drawn = '';
  let waiting: { text: string; from: number; resolve: () => void } | null = null;
  const screen = () => stripVTControlCharacters(drawn);
  const check = () => {
    if (waiting && screen().indexOf(waiting.text, waiting.from) >= 0) {
      const w = waiting;
      waiting = null;
      w.resolve();
    }
  };
  output.on('data', (chunk: Buffer) => {
    drawn += chunk.toString();
    check();
  });
  return {
    streams: { input, output },
    screen,
    /** Waits until `text` is drawn (after what was drawn so far, unless `anywhere`), then types `keys`. */
    async typeWhen(text: string, keys: string, anywhere = true): Promise<void> {
      await new Promise<void>((resolve) => {
        waiting = { text, from: anywhere ? 0 : screen().length, resolve };
        check();
      });
      input.write(keys);
    },
  };
}

/** Words inquirer draws in English (keywords, key hints, errors): none may reach an Indonesian screen. */
const INQUIRER_ENGLISH = /\b(Yes|No|navigate|select|toggle|visibility|must|provide|disabled|results|found)\b/;

describe('inquirer prompter in Indonesian', () => {
  const CLEAR_LINE = '\u0015';

  it.each([
    ['ya', true, 'Ya'],
    ['YA', true, 'Ya'],
    ['y', true, 'Ya'],
    ['yes', true, 'Ya'],
    ['tidak', false, 'Tidak'],
    ['Tidak', false, 'Tidak'],
    ['t', false, 'Tidak'],
    ['n', false, 'Tidak'],
    ['no', false, 'Tidak'],
  ])('confirm: %j answers %s and is echoed as %j', async (typed, expected, echoed) => {
    const term = terminal();
    const answer = createInquirerPrompter(term.streams, 'id').confirm('Jalankan close pada 3 laporan?', false);
    await term.typeWhen('Jalankan close pada 3 laporan?', `${typed}\r`);
    expect(await answer).toBe(expected);
    const screen = term.screen();
    expect(screen).toContain('Jalankan close pada 3 laporan? (y/T)');
    expect(screen.trimEnd().endsWith(`Jalankan close pada 3 laporan? ${echoed}`)).toBe(true);
    expect(screen).not.toMatch(INQUIRER_ENGLISH);
  });

  it('confirm: any other answer is refused in Indonesian, and the question stays', async () => {
    const term = terminal();
    const answer = createInquirerPrompter(term.streams, 'id').confirm('Cabut token?', false);
    await term.typeWhen('Cabut token?', 'mungkin\r');
    await term.typeWhen('Jawab dengan "Ya" atau "Tidak"', `${CLEAR_LINE}ya\r`);
    expect(await answer).toBe(true);
    expect(term.screen()).not.toMatch(INQUIRER_ENGLISH);
  });

  it('select and search: the key hints are Indonesian; an empty search says so in Indonesian', async () => {
    const term = terminal();
    const chosen = createInquirerPrompter(term.streams, 'id').select('Instansi tujuan', INSTITUTIONS);
    await term.typeWhen('Instansi tujuan', '\u001b[B');
    await term.typeWhen('pengawasan internal', '\r');
    expect(await chosen).toBe('bali.inspektorat');
    expect(term.screen()).toContain('↑↓ pindah • ⏎ pilih');
    expect(term.screen()).not.toMatch(INQUIRER_ENGLISH);

    const other = terminal();
    const found = createInquirerPrompter(other.streams, 'id').search('Cari instansi', (q) =>
      INSTITUTIONS.filter((c) => c.name.toLowerCase().includes((q ?? '').toLowerCase())),
    );
    await other.typeWhen('Cari instansi', 'zzz');
    await other.typeWhen('Tidak ada yang cocok', `${CLEAR_LINE}inspek`);
    await other.typeWhen('❯ Inspektorat Provinsi Bali', '\r', false);
    expect(await found).toBe('bali.inspektorat');
    expect(other.screen()).not.toMatch(INQUIRER_ENGLISH);
  });

  it('password and required input: the hint and the error are Indonesian', async () => {
    const term = terminal();
    const secret = createInquirerPrompter(term.streams, 'id').password('Token API');
    await term.typeWhen('ctrl+t tampilkan/sembunyikan', 'rahasia-123\r');
    expect(await secret).toBe('rahasia-123');

    expect(term.screen()).not.toContain('rahasia-123');
    expect(term.screen()).not.toMatch(INQUIRER_ENGLISH);

    const other = terminal();
    const note = createInquirerPrompter(other.streams, 'id').input('Catatan', { required: true });
    await other.typeWhen('Catatan', '\r');
    await other.typeWhen('Isian ini wajib diisi', 'lengkapi lokasi\r');
    expect(await note).toBe('lengkapi lokasi');
    expect(other.screen()).not.toMatch(INQUIRER_ENGLISH);
  });

  it('speaks English with --lang en', async () => {
    const term = terminal();
    const answer = createInquirerPrompter(term.streams, 'en').confirm('Run close on 3 cases?', false);
    await term.typeWhen('Run close on 3 cases?', 'y\r');
    expect(await answer).toBe(true);
    expect(term.screen()).toContain('Run close on 3 cases? (y/N)');
    expect(term.screen().trimEnd().endsWith('Run close on 3 cases? Yes')).toBe(true);
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
