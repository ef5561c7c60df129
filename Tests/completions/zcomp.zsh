# SPDX-License-Identifier: GPL-2.0-or-later
# zcomp.zsh DIR: completes each line of standard input in a zsh on a pseudo-terminal
# (zsh/zpty), as if typed with a TAB after it, and prints its matches as "<m1 m2 ...>", one
# line per input line. compadd is wrapped to record the matches; DIR holds the scratch files.
# Run from the top of the checkout: fpath takes completions/ from there.
# Waiting for the prompt after each line keeps the typing from reaching the terminal while
# it is still in cooked mode, where ^U would erase it.
zmodload zsh/zpty || exit 1
out=$1
cat > $out/rc << RC
PS1='<ready>' RPROMPT= PROMPT_EOL_MARK=
fpath=($PWD/completions \${(M)fpath:#*/Completion(|/Base)})
autoload -Uz compinit; compinit -u -D
compadd() {
  local -a hits
  (( \${@[(I)-[OAD]*]} )) && { builtin compadd "\$@"; return }
  builtin compadd -A hits "\$@"
  (( \$#hits )) && print -rl -- \$hits >> $out/matches
  builtin compadd "\$@"
}
bindkey '^I' complete-word
bindkey '^Xk' kill-whole-line
RC
zpty z zsh -f -i
zpty -w z ". $out/rc"
zpty -r -m z x '*<ready>' || exit 1
while IFS= read -r l; do
  : > $out/matches
  zpty -w -n z "$l"$'\t\C-xk\n'
  zpty -r -m z x '*<ready>' || exit 1
  print -r -- "<${(j: :)${(f)"$(<$out/matches)"}}>"
done
zpty -d z
