import { describe, expect, it } from 'vitest';
import {
  AuthError,
  BusyError,
  CancelledError,
  CliError,
  EXIT_CODES,
  PartialFailureError,
  UsageError,
  exitCodesHelp,
} from '../../src/io/errors.js';
import { t } from '../../src/io/i18n.js';

describe('errors', () => {
  it('publishes the exit-code contract', () => {
    expect(EXIT_CODES).toEqual({ ok: 0, error: 1, usage: 2, partial: 3, auth: 4, busy: 75, cancelled: 130 });
  });

  it('gives each error class its exit code', () => {
    expect(new CliError('x').exitCode).toBe(1);
    expect(new UsageError('x').exitCode).toBe(2);
    expect(new PartialFailureError('x', { failed: 2, succeeded: 8 }).exitCode).toBe(3);
    expect(new AuthError('x').exitCode).toBe(4);
    expect(new BusyError().exitCode).toBe(75);
    expect(new CancelledError().exitCode).toBe(130);
    const all = [new UsageError('x'), new AuthError('x'), new BusyError(), new CancelledError()];
    expect(all.every((e) => e instanceof CliError && e instanceof Error)).toBe(true);
    expect(all.map((e) => e.name)).toEqual(['UsageError', 'AuthError', 'BusyError', 'CancelledError']);
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

  it('has default messages for cancelled and busy', () => {
    expect(new CancelledError().localizedMessage('id')).toBe('dibatalkan');
    expect(new BusyError().localizedMessage('en')).toBe('busy: another process holds the database; try again later');
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
