import { Command, Option } from 'commander';
import type { Connection, Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { createRenderContext, renderJsonValue, renderRecord, type Column } from '../../io/format.js';
import { roleName, t } from '../../io/i18n.js';

export interface WhoamiOptions {
  format: 'table' | 'json';
}

interface Identity {
  name: string;
  role: string;
  institutionId: string | null;
  api: string;
  source: Connection['source'];
  profile: string | null;
}

const COLUMNS: Column<Identity>[] = [
  { key: 'name', header: (l) => t(l, 'column.whoami.name'), value: (r) => r.name },
  { key: 'role', header: (l) => t(l, 'column.whoami.role'), value: (r) => r.role, display: (r, ctx) => roleName(ctx.lang, r.role as never) },
  { key: 'institutionId', header: (l) => t(l, 'column.whoami.institution'), value: (r) => r.institutionId },
  { key: 'api', header: () => 'API', value: (r) => r.api },
  { key: 'source', header: (l) => t(l, 'column.whoami.source'), value: (r) => r.source, display: (r, ctx) => t(ctx.lang, `connection.source.${r.source === 'embedded-shared' ? 'embeddedShared' : r.source}`) },
  { key: 'profile', header: (l) => t(l, 'column.whoami.profile'), value: (r) => r.profile },
];

export function createWhoamiCommand(deps: Deps, runF: (opts: WhoamiOptions, deps: Deps) => Promise<void> = whoamiRun): Command {
  const { lang } = deps;
  return new Command('whoami')
    .description(t(lang, 'cmd.whoami'))
    .addOption(new Option('--format <format>', t(lang, 'flag.format')).choices(['table', 'json']).default('table'))
    .addHelpText('after', examples(lang, ['lapor whoami', 'lapor whoami --format json']))
    .action(async (opts: WhoamiOptions) => runF(opts, deps));
}

export async function whoamiRun(opts: WhoamiOptions, deps: Deps): Promise<void> {
  const conn = await deps.connection();
  const me = await (await deps.api()).whoami();
  const row: Identity = { ...me, api: conn.baseUrl, source: conn.source, profile: conn.profile };
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  deps.io.out.write(opts.format === 'json' ? renderJsonValue(row) : renderRecord(row, COLUMNS, ctx));
}

export function register(program: Command, deps: Deps): void {
  attach(program, createWhoamiCommand(deps));
}
