// lapor completion bash|zsh|fish: a small script for the shell that asks `lapor __complete <words…>` at every
// TAB (cobra's protocol, as gh and kubectl do): the candidates come from the command tree the program runs and
// from the API, so the script never goes stale when a command or a flag changes.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

export interface CompletionOptions {
  shell: (typeof SHELLS)[number];
}

// The scripts call the program by the name typed (`lapor`, or a path to it), pass the words before the cursor
// and the word at the cursor after `--`, and read the candidates (`value` or `value<TAB>description`) and the
// last line, cobra's directive (`:4`: no file names; `:16`: directories; `:0`: file names when nothing else).
// stderr is dropped: a completion never prints into the prompt.

const BASH = `# lapor completion for bash: source <(lapor completion bash)
_lapor() {
  local -a args lines
  local i w glue=0 out line directive strip=""
  # the words up to the cursor; bash splits --flag=value and key=value at '=', which is glued back here
  for ((i = 1; i <= COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if ((glue)) || [[ $w == = && \${#args[@]} -gt 0 ]]; then
      args[\${#args[@]}-1]+="$w"
      [[ $w == = ]] && glue=1 || glue=0
    else
      args+=("$w")
    fi
  done
  # the word at the cursor was glued: bash replaces only what follows the '='
  [[ "\${args[\${#args[@]}-1]}" == "\${COMP_WORDS[COMP_CWORD]}" ]] || strip="\${args[\${#args[@]}-1]%%=*}="
  out=$("\${COMP_WORDS[0]}" __complete -- "\${args[@]}" 2>/dev/null) || return 0
  mapfile -t lines <<<"$out"
  directive="\${lines[\${#lines[@]}-1]#:}"
  unset 'lines[\${#lines[@]}-1]'
  COMPREPLY=()
  for line in "\${lines[@]}"; do
    line="\${line%%$'\\t'*}"
    COMPREPLY+=("\${line#"$strip"}")
  done
  ((directive & 2)) && compopt -o nospace 2>/dev/null
  if ((\${#COMPREPLY[@]} == 0)); then
    if ((directive & 16)); then
      mapfile -t COMPREPLY < <(compgen -d -- "\${COMP_WORDS[COMP_CWORD]}")
      compopt -o filenames 2>/dev/null
    elif ! ((directive & 4)); then
      mapfile -t COMPREPLY < <(compgen -f -- "\${COMP_WORDS[COMP_CWORD]}")
      compopt -o filenames 2>/dev/null
    fi
  fi
  return 0
}
complete -o nosort -F _lapor lapor 2>/dev/null || complete -F _lapor lapor
`;

const ZSH = `#compdef lapor
# lapor completion for zsh: source <(lapor completion zsh), or save it as _lapor in a directory of $fpath
_lapor() {
  local -a lines comps
  local out line directive
  out=$("\${words[1]}" __complete -- "\${(@Q)words[2,CURRENT-1]}" "\${(Q)PREFIX}" 2>/dev/null) || return 1
  lines=("\${(@f)out}")
  directive="\${lines[-1]#:}"
  lines[-1]=()
  for line in "\${lines[@]}"; do
    if [[ $line == *$'\\t'* ]]; then
      comps+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
    else
      comps+=("\${line//:/\\\\:}")
    fi
  done
  if ((\${#comps})); then
    if ((directive & 2)); then
      _describe -V lapor comps -S ''
    else
      _describe -V lapor comps
    fi
  elif ((directive & 16)); then
    _files -/
  elif ! ((directive & 4)); then
    _files
  else
    return 1
  fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _lapor "$@"
else
  # sourced from a shell whose .zshrc does not start the completion system: start it
  (( $+functions[compdef] )) || { autoload -Uz compinit && compinit }
  compdef _lapor lapor
fi
`;

const FISH = `# lapor completion for fish: lapor completion fish > ~/.config/fish/completions/lapor.fish
function __lapor_complete
    set -l args (commandline -opc)
    set -l cur (commandline -ct)
    set -l out ($args[1] __complete -- $args[2..-1] $cur 2>/dev/null)
    or return
    set -l directive (string replace ':' '' -- $out[-1])
    set -e out[-1]
    if test (count $out) -gt 0
        printf '%s\\n' $out
    else if test (math "bitand($directive, 16)") -ne 0
        __fish_complete_directories $cur
    else if test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path $cur
    end
end
complete -c lapor -f -a '(__lapor_complete)'
`;

export const SCRIPTS: Record<CompletionOptions['shell'], string> = { bash: BASH, zsh: ZSH, fish: FISH };

export function createCompletionCommand(deps: Deps, runF: (opts: CompletionOptions, deps: Deps) => Promise<void> = completionRun): Command {
  const { lang } = deps;
  return new Command('completion')
    .description(t(lang, 'cmd.completion'))
    .addArgument(new Command().createArgument('<shell>', 'bash | zsh | fish').choices(SHELLS))
    .addHelpText(
      'after',
      examples(lang, [
        'source <(lapor completion bash)',
        'source <(lapor completion zsh)',
        'lapor completion fish > ~/.config/fish/completions/lapor.fish',
      ]),
    )
    .action(async (shell: CompletionOptions['shell']) => runF({ shell }, deps));
}

export async function completionRun(opts: CompletionOptions, deps: Deps): Promise<void> {
  deps.io.out.write(SCRIPTS[opts.shell]);
}

export function register(program: Command, deps: Deps): void {
  attach(program, createCompletionCommand(deps));
}
