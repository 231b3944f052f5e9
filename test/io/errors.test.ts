import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/main.js';
import {
  BusyError,
  CancelledError,
  CliError,
  DeclinedError,
  EXIT_CODES,
  NotAllowedError,
  PartialFailureError,
  UsageError,
  exitCodesHelp,
} from '../../src/io/errors.js';
import { CancelledError as ApiCancelledError } from '../../src/api/errors.js';
import { t } from '../../src/io/i18n.js';
import { createTestIOStreams } from '../../src/io/testing.js';

describe('errors', () => {
  it('publishes the exit-code contract', () => {
    expect(EXIT_CODES).toEqual({ ok: 0, error: 1, usage: 2, partial: 3, auth: 4, busy: 75, cancelled: 130 });
  });

  it('gives each error class its exit code', () => {
    expect(new CliError('x').exitCode).toBe(1);
    expect(new UsageError('x').exitCode).toBe(2);
    expect(new PartialFailureError('x', { failed: 2, succeeded: 8 }).exitCode).toBe(3);
    expect(new NotAllowedError('x').exitCode).toBe(4);
    expect(new BusyError().exitCode).toBe(75);
    const all = [new UsageError('x'), new NotAllowedError('x'), new BusyError()];
    expect(all.every((e) => e instanceof CliError && e instanceof Error)).toBe(true);
    expect(all.map((e) => e.name)).toEqual(['UsageError', 'NotAllowedError', 'BusyError']);
  });

  it('localizes messages and hints given as functions, English in .message', () => {
    const err = new CliError((lang) => t(lang, 'embedded.using', { dir: '/data' }), {
      hint: (lang) => t(lang, 'confirm.yesRequired'),
      cause: new Error('root'),
    });
    expect(err.message).toBe('using embedded database at /data');
    expect(err.localizedMessage('id')).toBe('memakai basis data tertanam di /data');
    expect(err.hint).toBe('--yes is required when not running interactively');
    expect(err.localizedHint('id')).toBe('--yes wajib dipakai jika tidak berjalan secara interaktif');
    expect((err.cause as Error).message).toBe('root');
    expect(new CliError('plain').localizedHint('id')).toBeUndefined();
    expect(new CliError('plain').localizedMessage('id')).toBe('plain');
  });

  it('has a default message for busy', () => {
    expect(new BusyError().localizedMessage('en')).toBe('busy: another process holds the database; try again later');
  });

  it('has one CancelledError for every layer, shown as each layer showed it, exit 130', () => {
    expect(CancelledError).toBe(ApiCancelledError);
    const shown = (err: CancelledError) => {
      const io = createTestIOStreams();
      expect(reportError(err, io, 'id', false, [])).toBe(130);
      return io.errText();
    };
    expect(shown(new CancelledError({ method: 'GET', path: '/v1/cases' }))).toBe('dibatalkan\n');
    expect(shown(new CancelledError())).toBe(`${t('id', 'common.errorPrefix')}: dibatalkan\n`);
    expect(new CancelledError({ method: 'GET', path: '/v1/cases' })).toMatchObject({ code: 'ABORT_ERR', message: 'cancelled (GET /v1/cases)' });
  });

  it('shows a declined confirmation as a quiet notice, not an error, and exits 0', () => {
    const io = createTestIOStreams({ tty: true, color: true });
    expect(reportError(new DeclinedError(), io, 'id', false, [])).toBe(0);
    expect(io.errText()).toBe('Tidak ada yang diubah\n');
    const en = createTestIOStreams();
    expect(reportError(new DeclinedError(), en, 'en', false, [])).toBe(0);
    expect(en.errText()).toBe('Nothing was changed\n');
  });

  it('keeps the counts of a partial failure', () => {
    const err = new PartialFailureError('2 of 10 failed', { failed: 2, succeeded: 8 });
    expect([err.failed, err.succeeded]).toEqual([2, 8]);
  });

  it('renders the exit-code help in both languages', async () => {
    await expect(exitCodesHelp('id')).toMatchFileSnapshot('../../fixtures/golden/io/exit-codes-id.txt');
    await expect(exitCodesHelp('en')).toMatchFileSnapshot('../../fixtures/golden/io/exit-codes-en.txt');
  });
});
