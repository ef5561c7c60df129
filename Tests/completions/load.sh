#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# load.sh: loads each completion script in its own shell, checks that it is registered for
# ifenslave and completes option names and values.  No root needed; interface names need
# bonds, which the VM case Tests/vm/cases/87-completions.sh checks.  Prints one ok/not ok
# line per check and exits non-zero on any failure.  A missing shell fails rather than
# skips, so that a machine without zsh or fish cannot pass unnoticed.
cd "$(dirname "$0")/../.." || exit 1
set -f
IFENSLAVE=${IFENSLAVE:-.build/release/ifenslave}
W=$(mktemp -d) || exit 1
trap 'rm -rf "$W"' EXIT
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
# notok DESCRIPTION [DETAIL...]
notok() {
  n=$((n + 1)) failed=$((failed + 1)); echo "not ok $n - $1"; shift
  for _l in "$@"; do echo "#   $_l"; done
}
# Completions are compared as sorted word lists: each shell orders them its own way.
words() { printf '%s\n' $1 | sort | tr '\n' ' '; }
# expect DESCRIPTION ACTUAL EXPECTED
expect() {
  if [ "$(words "$2")" = "$(words "$3")" ]; then ok "$1"; else notok "$1" "expected: $3" "actual:   $2"; fi
}
# run DESCRIPTION COMMAND...: COMMAND must succeed.
run() {
  _d=$1; shift
  if _o=$("$@" 2>&1); then ok "$_d"; else notok "$_d" "\$ $*   (exit $?)" "$_o"; fi
}
# have SHELL PACKAGE
have() {
  command -v "$1" > /dev/null 2>&1 && return 0
  notok "$1 is installed" "$1 not found: apt-get install $2"
  return 1
}

MODES='balance-rr active-backup balance-xor broadcast 802.3ad balance-tlb balance-alb'
# The long options as --help lists them, when the binary is built.
LONGS=
[ -x "$IFENSLAVE" ] && LONGS=$("$IFENSLAVE" --help | grep -o -- '--[a-z0-9-]*' | sort -u)
same_options() {
  if [ -z "$LONGS" ]; then
    notok "$1" "no $IFENSLAVE: run make first"
  else
    expect "$1" "$2" "$LONGS"
  fi
}

# --- bash: the function itself, with COMP_WORDS and COMP_CWORD set as bash sets them.
# breply eq|noeq WORD...: COMPREPLY for "ifenslave WORD...", the last WORD under the
# cursor.  eq: '=' breaks words, as by default, so bash splits --opt=value into --opt, =
# and value; noeq: it does not, and --opt=value stays one word.
breply() {
  bash -c '. completions/ifenslave.bash
    [ "$1" = eq ] || COMP_WORDBREAKS=${COMP_WORDBREAKS//=}
    shift; COMP_WORDS=(ifenslave "$@"); COMP_CWORD=$#
    _ifenslave; echo "${COMPREPLY[*]}"' bash "$@"
}
if have bash bash; then
  run "bash -n ifenslave.bash" bash -n completions/ifenslave.bash
  expect "bash: complete -p ifenslave" \
    "$(bash -c '. completions/ifenslave.bash; complete -p ifenslave' 2>&1)" \
    "complete -F _ifenslave ifenslave"
  expect "bash: --mod" "$(breply eq --mod)" "--mode"
  expect "bash: --mo" "$(breply eq --mo)" "--monitor --mode"
  expect "bash: --dry" "$(breply eq --dry)" "--dry-run"
  expect "bash: --xmit-hash-policy l" "$(breply eq --xmit-hash-policy l)" "layer2 layer3+4 layer2+3"
  expect "bash: --mode =  (split at =)" "$(breply eq --mode =)" "$MODES"
  expect "bash: --mode = 8  (split at =)" "$(breply eq --mode = 8)" "802.3ad"
  expect "bash: --arp-validate = filter_  (split at =)" "$(breply eq --arp-validate = filter_)" \
    "filter_active filter_backup"
  expect "bash: --mode=8  (= not a word break)" "$(breply noeq --mode=8)" "--mode=802.3ad"
  expect "bash: --lacp-rate=  (= not a word break)" "$(breply noeq --lacp-rate=)" \
    "--lacp-rate=slow --lacp-rate=fast"
  expect "bash: --backend n" "$(breply eq --backend n)" "netlink"
  expect "bash: --use-carrier (toggle)" "$(breply eq --use-carrier '')" "0 1 off on"
  expect "bash: --coupled-control" "$(breply eq --coupled-control '')" "off on"
  expect "bash: --lacp-rate after options and MASTER" "$(breply eq -fv bond0 --lacp-rate '')" "slow fast"
  expect "bash: --miimon offers nothing" "$(breply eq --miimon '')" ""
  expect "bash: -a takes no operands" "$(breply eq -a '')" ""
  expect "bash: --mode's value is no MASTER" "$(breply eq --mode 1 bond0 -d bond1 '')" ""
  same_options "bash: the long options are --help's" \
    "$(breply eq -- | tr ' ' '\n' | grep -- '^--')"
fi

# --- zsh: registration through compinit in a clean ZDOTDIR, then real completion in a
# zsh on a pseudo-terminal (zsh/zpty), with compadd wrapped to record the matches.
if have zsh zsh; then
  run "zsh -n _ifenslave" zsh -n completions/_ifenslave
  mkdir "$W/zdot"
  expect "zsh: compinit registers _ifenslave" \
    "$(ZDOTDIR=$W/zdot zsh -f -c 'fpath=(completions $fpath); autoload -Uz compinit
        compinit -u -d "$ZDOTDIR/.zcompdump"; print -r -- $_comps[ifenslave]' 2>&1)" _ifenslave
  # The zpty session, once for all lines.
  zout=$(printf '%s\n' 'ifenslave --mod' 'ifenslave --mode ' 'ifenslave --mode=8' \
    'ifenslave --xmit-hash-policy l' 'ifenslave --backend n' 'ifenslave --use-carrier ' \
    'ifenslave --miimon ' 'ifenslave --' | timeout 60 zsh -f Tests/completions/zcomp.zsh "$W" 2>&1)
  zline() { printf '%s\n' "$zout" | sed -n "$1{s/^<//;s/>\$//;p}"; }
  if [ "$(printf '%s\n' "$zout" | wc -l)" -ne 8 ]; then
    notok "zsh: the zpty session completes every line" "$zout"
  else
    expect "zsh: --mod" "$(zline 1)" "--mode"
    expect "zsh: --mode" "$(zline 2)" "$MODES"
    expect "zsh: --mode=8" "$(zline 3)" "802.3ad"
    expect "zsh: --xmit-hash-policy l" "$(zline 4)" "layer2 layer3+4 layer2+3"
    expect "zsh: --backend n" "$(zline 5)" "netlink"
    expect "zsh: --use-carrier (toggle)" "$(zline 6)" "0 1 off on"
    expect "zsh: --miimon offers nothing" "$(zline 7)" ""
    same_options "zsh: the long options are --help's" "$(zline 8)"
  fi
fi

# --- fish: complete -C runs the real completion.
# fcomp LINE: the candidates without their descriptions.
fcomp() {
  fish -c 'source completions/ifenslave.fish; complete -C"$argv[1]" | string replace -r "\t.*" ""' "$1"
}
if have fish fish; then
  run "fish -n ifenslave.fish" fish -n completions/ifenslave.fish
  has_mode=$(fcomp 'ifenslave --mo' | grep -x -- --mode)
  expect "fish: --mo lists --mode" "$has_mode" "--mode"
  expect "fish: --mode" "$(fcomp 'ifenslave --mode ')" "$MODES"
  expect "fish: --mode=8" "$(fcomp 'ifenslave --mode=8')" "--mode=802.3ad"
  expect "fish: --xmit-hash-policy l" "$(fcomp 'ifenslave --xmit-hash-policy l')" "layer2 layer3+4 layer2+3"
  expect "fish: --backend n" "$(fcomp 'ifenslave --backend n')" "netlink"
  expect "fish: --use-carrier (toggle)" "$(fcomp 'ifenslave --use-carrier ')" "0 1 off on"
  expect "fish: --miimon offers nothing" "$(fcomp 'ifenslave --miimon ')" ""
  expect "fish: -d excludes -a" "$(fcomp 'ifenslave -d -' | grep -x -- '-a\|--all-interfaces')" ""
  same_options "fish: the long options are --help's" "$(fcomp 'ifenslave --')"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
