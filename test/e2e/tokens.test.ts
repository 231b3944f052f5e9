// `lapor tokens` end to end, in embedded mode (no API configured: the CLI's own server over a PGlite data dir
// in a fresh HOME): the administrator makes a token for a liaison officer (pejabat penghubung), the officer
// uses it, the administrator revokes it and the officer's next command is refused (exit 4). The built CLI
// runs in child processes (`npm run build` first).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeEnv, runLapor } from '../helpers/spawn.js';

describe('lapor tokens (embedded)', () => {
  let home: string;
  let env: Record<string, string>;
  const lapor = (args: readonly string[], extra: Record<string, string> = {}) => runLapor(args, { cwd: home, env: { ...env, ...extra } });

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'lapor-tokens-'));
    env = homeEnv(home);
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it('creates a liaison token, which works until it is revoked, then answers 401 (exit 4)', async () => {
    const made = await lapor(['tokens', 'create', 'penghubung-badung-dinkes', '--role', 'liaison', '--institution', 'badung.dinkes', '--expires', '90d']);
    expect(made.code, made.err).toBe(0);
    // stdout is the secret alone; the warning that it is shown once is on stderr
    expect(made.out).toMatch(/^lpr_[A-Za-z0-9_-]+\n$/);
    expect(made.err).toContain('ONLY THIS ONCE');
    const secret = made.out.trim();

    const me = await lapor(['whoami', '--format', 'json'], { LAPOR_TOKEN: secret });
    expect(me.code, me.err).toBe(0);
    expect(me.out).toContain('"role": "liaison"');
    expect(me.out).toContain('"institutionId": "badung.dinkes"');
    const cases = await lapor(['cases', 'list', '--format', 'json'], { LAPOR_TOKEN: secret });
    expect(cases.code, cases.err).toBe(0);

    // a liaison officer manages no tokens; the administrator's listing never shows a secret
    expect((await lapor(['tokens', 'list'], { LAPOR_TOKEN: secret })).code).toBe(4);
    const list = await lapor(['tokens', 'list', '--format', 'csv']);
    expect(list.code, list.err).toBe(0);
    expect(list.out.split('\n')[0]).toBe('name,role,institutionId,state,expiresAt,createdAt,createdBy,revokedAt');
    expect(list.out).toMatch(/^penghubung-badung-dinkes,liaison,badung\.dinkes,active,\d{4}-.*,admin,$/m);
    expect(list.out).not.toContain(secret);
    expect(list.out).not.toContain('lpr_');

    // a dry run shows the token and sends nothing; without a terminal, revoking needs --yes
    const dry = await lapor(['tokens', 'revoke', 'penghubung-badung-dinkes', '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('would revoke token penghubung-badung-dinkes');
    expect((await lapor(['whoami'], { LAPOR_TOKEN: secret })).code).toBe(0);
    const unasked = await lapor(['tokens', 'revoke', 'penghubung-badung-dinkes']);
    expect(unasked.code).toBe(2);

    const revoked = await lapor(['tokens', 'revoke', 'penghubung-badung-dinkes', '--yes']);
    expect(revoked.code, revoked.err).toBe(0);
    expect(revoked.err).toContain('revoked at');
    const refused = await lapor(['whoami'], { LAPOR_TOKEN: secret });
    expect(refused.code, refused.out).toBe(4);
    expect(refused.err).toContain('HTTP 401');

    // national roles are never bound to an institution
    const bound = await lapor(['tokens', 'create', 'admin-badung-nasional', '--role', 'national_admin', '--institution', 'badung']);
    expect(bound.code).toBe(1);
    expect(bound.err).toContain('is national: it is never bound to an institution');
    // bad flags fail before any request
    expect((await lapor(['tokens', 'create', 'x', '--role', 'liaison', '--expires', 'kapan-kapan'])).code).toBe(2);
  }, 300_000);
});
