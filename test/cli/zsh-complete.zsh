#!/usr/bin/env zsh
# zsh zsh-complete.zsh SCRIPT LINE: what zsh's completion system offers at the end of LINE, after sourcing the
# completion script SCRIPT, one candidate a line. zsh completes only inside its line editor, so an interactive
# zsh runs in a pseudo-terminal (zpty) with TAB bound to complete-word; compadd is wrapped to print what is
# added (the technique of Valodim/zsh-capture-completion), between two marker lines, and the shell then exits.
emulate -L zsh
zmodload zsh/zpty || exit 3
local script=$1 line=$2 init=${TMPDIR:-/tmp}/lapor-zsh-complete.$$
local mark='::lapor-complete-mark::'
cat >$init <<INIT
PROMPT='' RPROMPT='' PS2=''
autoload -Uz compinit && compinit -u -D
source ${(q)script}
bindkey '^I' complete-word
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
__mark() { print -r -- '$mark' }
compprefuncs=(__mark)
comppostfuncs=(__mark exit)
compadd() {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then
    builtin compadd "\$@"
    return
  fi
  local -a __hits
  builtin compadd -A __hits "\$@"
  (( \$#__hits )) && print -rl -- \$__hits
}
print -r -- 'init-done'
INIT
zpty z zsh -f -i
zpty -w z "source ${(q)init}"
local out
repeat 50; do
  zpty -r z out || break
  [[ $out == *init-done* && $out != *print* ]] && break
done
zpty -w -n z "$line"$'\t'
local all='' chunk
while zpty -r z chunk; do all+=$chunk; done
zpty -d z
rm -f $init
# the lines between the two markers, without the terminal's carriage returns
local -a lines=("${(@f)${all//$'\r'/}}") 
local inside=0 l
for l in $lines; do
  if [[ $l == *$mark* ]]; then
    (( inside++ )) && break
    continue
  fi
  (( inside )) && print -r -- $l
done
exit 0
