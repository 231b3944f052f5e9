// `lapor tokens create|list|revoke` in-process against a fake ApiClient: what is sent, what goes to stdout
// and stderr, what is refused before any request, and that a dry run or a declined prompt sends no revocation.

import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { NewToken, TokenInfo } from '../../src/domain/tokens.js';
import type { ScriptedAnswer } from '../../src/io/prompter.js';
import { NOW } from '../helpers/cases.js';
import { createTestDeps } from '../helpers/deps.js';

const SECRET = 'lpr_rahasia-sekali-saja-0000000000000000';
const LIAISON: TokenInfo = {
  name: 'penghubung-badung-dinkes',
  role: 'liaison',
  institutionId: 'badung.dinkes',
  createdAt: '2026-11-01T00:00:00.000Z',
  createdBy: 'admin',
  expiresAt: '2027-01-31T00:00:00.000Z',
  revokedAt: null,
  state: 'active',
};

async function tokens(argv: readonly string[], options: { tty?: boolean; answers?: ScriptedAnswer[]; items?: TokenInfo[] } = {}) {
  const deps = createTestDeps({ argv: ['--lang', 'en', ...argv], tty: options.tty, answers: options.answers });
  const calls: string[] = [];
  const sent: NewToken[] = [];
  Object.assign(deps.fake, {
    async createToken(request: NewToken) {
      calls.push('create');
      sent.push(request);
      return { name: request.name, token: SECRET, role: request.role, institutionId: request.institutionId, expiresAt: request.expiresAt ?? null };
    },
    async listTokens(query: { all?: boolean } = {}) {
      calls.push(`list all=${query.all === true}`);
      return options.items ?? [LIAISON];
    },
    async revokeToken(name: string) {
      calls.push(`revoke ${name}`);
      return { name, revokedAt: NOW.toISOString() };
    },
  });
  const code = await runCli(['--lang', 'en', 'tokens', ...argv], deps);
  return { code, out: deps.io.outText(), err: deps.io.errText(), calls, sent, prompter: deps.prompter };
}

describe('lapor tokens', () => {
  it('create: the secret alone on stdout, the once-only warning on stderr, the expiry sent as an instant', async () => {
    const r = await tokens(['create', 'penghubung-badung-dinkes', '--role', 'liaison', '--institution', 'badung.dinkes', '--expires', '90d']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`${SECRET}\n`);
    expect(r.err).toContain('ONLY THIS ONCE');
    expect(r.sent).toEqual([
      { name: 'penghubung-badung-dinkes', role: 'liaison', institutionId: 'badung.dinkes', expiresAt: new Date(NOW.getTime() + 90 * 86_400_000).toISOString() },
    ]);
    const unbound = await tokens(['create', 'statistik-bps', '--role', 'statistician']);
    expect(unbound.sent[0]).toEqual({ name: 'statistik-bps', role: 'statistician', institutionId: null, expiresAt: null });
  });

  it('create: a bad name, role or expiry is a usage error before any request', async () => {
    for (const argv of [
      ['create', 'Nama Besar', '--role', 'liaison'],
      ['create', 'x', '--role', 'raja'],
      ['create', 'x'],
      ['create', 'x', '--role', 'liaison', '--expires', 'kapan-kapan'],
      ['create', 'x', '--role', 'liaison', '--expires', '2027-02-30'],
    ]) {
      const r = await tokens(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.calls).toEqual([]);
    }
  });

  it('list: json and csv without any secret; an empty list is [] or a header', async () => {
    const json = await tokens(['list', '--format', 'json']);
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toEqual([LIAISON]);
    expect(json.calls).toEqual(['list all=false']);
    const csv = await tokens(['list', '--all', '--format', 'csv', '--fields', 'name,state']);
    expect(csv.out).toBe('name,state\npenghubung-badung-dinkes,active\n');
    expect(csv.calls).toEqual(['list all=true']);
    const piped = await tokens(['list']);
    expect(piped.out).toBe('penghubung-badung-dinkes\tliaison\tbadung.dinkes\tactive\t2027-01-31T00:00:00.000Z\n');
    expect((await tokens(['list', '--format', 'json'], { items: [] })).out.trim()).toBe('[]');
    expect((await tokens(['list', '--format', 'csv'], { items: [] })).out).toBe('name,role,institutionId,state,expiresAt,createdAt,createdBy,revokedAt\n');
  });

  it('revoke: --yes sends one revocation; without a terminal and without --yes nothing is sent (exit 2)', async () => {
    const yes = await tokens(['revoke', 'penghubung-badung-dinkes', '--yes']);
    expect(yes.code, yes.err).toBe(0);
    expect(yes.calls).toEqual(['revoke penghubung-badung-dinkes']);
    expect(yes.err).toContain('refused (401) within 5 s');
    const unasked = await tokens(['revoke', 'penghubung-badung-dinkes']);
    expect(unasked.code).toBe(2);
    expect(unasked.calls).toEqual([]);
  });

  it('revoke --dry-run shows the token and sends no revocation; an unknown name is an error', async () => {
    const dry = await tokens(['revoke', 'penghubung-badung-dinkes', '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toBe('would revoke token penghubung-badung-dinkes (Liaison officer, badung.dinkes, active); nothing sent (--dry-run)\n');
    expect(dry.calls).toEqual(['list all=true']);
    const unknown = await tokens(['revoke', 'tidak-ada', '--dry-run']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('token tidak-ada not found');
  });

  it('revoke on a terminal asks: yes revokes, no sends nothing (exit 0)', async () => {
    const asked = await tokens(['revoke', 'penghubung-badung-dinkes'], { tty: true, answers: [{ confirm: true, message: /Revoke token penghubung-badung-dinkes/ }] });
    expect(asked.code, asked.err).toBe(0);
    expect(asked.calls).toEqual(['list all=true', 'revoke penghubung-badung-dinkes']);
    asked.prompter.assertDone();
    const declined = await tokens(['revoke', 'penghubung-badung-dinkes'], { tty: true, answers: [{ confirm: false }] });
    expect(declined.code).toBe(0);
    expect(declined.calls).toEqual(['list all=true']);
  });
});
