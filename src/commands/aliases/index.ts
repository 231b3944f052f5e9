// `lapor institutions aliases …` and `lapor categories aliases …`: the other ways people write a name, kept as
// data (domain/aliases.ts) so that an import takes them. One verb a file; each takes the noun it serves.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import type { AliasKind } from '../../domain/aliases.js';
import { t } from '../../io/i18n.js';
import { createAddCommand } from './add.js';
import { createImportCommand } from './import.js';
import { createListCommand } from './list.js';
import { createRemoveCommand } from './remove.js';

export function createAliasesCommand(deps: Deps, kind: AliasKind): Command {
  const noun = new Command('aliases').description(t(deps.lang, `cmd.aliases.${kind}`));
  noun.addCommand(createListCommand(deps, kind));
  noun.addCommand(createAddCommand(deps, kind));
  noun.addCommand(createRemoveCommand(deps, kind));
  noun.addCommand(createImportCommand(deps, kind));
  return noun;
}
