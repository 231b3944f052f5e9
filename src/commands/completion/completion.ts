import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';

export interface CompletionOptions {
  shell: 'bash' | 'zsh' | 'fish';
}

interface Node {
  path: string[];
  subcommands: string[];
  flags: string[];
}

/** Every command path with its subcommands and flags, from the real command tree. */
export async function commandTree(deps: Deps): Promise<Node[]> {
  const root = new Command('lapor').option('--lang <lang>').option('--api <url>').option('--profile <name>').option('--debug');
  for (const module of await deps.commandModules()) await module.register(root, deps);
  const nodes: Node[] = [];
  const walk = (cmd: Command, path: string[]) => {
    const flags = cmd.options.flatMap((o: Option) => [o.long, o.short].filter((f): f is string => !!f));
    nodes.push({ path, subcommands: cmd.commands.map((c) => c.name()), flags: [...flags, '--help'] });
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  walk(root, []);
  return nodes;
}

export function bashScript(nodes: Node[]): string {
  const cases = nodes
    .map((n) => `    "${n.path.join(' ')}") words="${[...n.subcommands, ...n.flags].join(' ')}" ;;`)
    .join('\n');
  return `# lapor completion for bash: source <(lapor completion bash)
_lapor() {
  local cur path="" w words i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    path="\${path:+$path }$w"
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _lapor lapor
`;
}

export function zshScript(nodes: Node[]): string {
  return `#compdef lapor
# lapor completion for zsh: source <(lapor completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(nodes)}`;
}

export function fishScript(nodes: Node[]): string {
  const lines = ['# lapor completion for fish: lapor completion fish | source', 'complete -c lapor -f'];
  for (const n of nodes) {
    const cond = n.path.length === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${n.path[n.path.length - 1]}`;
    if (n.subcommands.length) lines.push(`complete -c lapor -n '${cond}' -a '${n.subcommands.join(' ')}'`);
    for (const f of n.flags) if (f.startsWith('--')) lines.push(`complete -c lapor -n '${cond}' -l ${f.slice(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function createCompletionCommand(deps: Deps, runF: (opts: CompletionOptions, deps: Deps) => Promise<void> = completionRun): Command {
  const { lang } = deps;
  return new Command('completion')
    .description(t(lang, 'cmd.completion'))
    .addArgument(new Command().createArgument('<shell>', 'bash | zsh | fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', examples(lang, ['source <(lapor completion bash)', 'lapor completion fish > ~/.config/fish/completions/lapor.fish']))
    .action(async (shell: CompletionOptions['shell']) => runF({ shell }, deps));
}

export async function completionRun(opts: CompletionOptions, deps: Deps): Promise<void> {
  const nodes = await commandTree(deps);
  const script = { bash: bashScript, zsh: zshScript, fish: fishScript }[opts.shell](nodes);
  deps.io.out.write(script);
}

export function register(program: Command, deps: Deps): void {
  attach(program, createCompletionCommand(deps));
}
