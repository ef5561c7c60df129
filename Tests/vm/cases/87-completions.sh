# SPDX-License-Identifier: GPL-2.0-or-later
# The shell completions on real bonds: bash, zsh and fish offer the bonds for MASTER, the
# interfaces free to enslave for a SLAVE (neither bonds, lo nor slaves already), MASTER's
# slaves after -d and -c, and --mode's names.  Each shell starts once and completes every
# line, since a process costs dearly under TCG.
# matrix-runs: bookworm:netlink sid:netlink
ip link add bondA type bond
ip link add bondB type bond
dummies d0 d1 d2
ife_ok "ifenslave bondA d0" bondA d0
read -r slaves < /sys/class/net/bondA/bonding/slaves
expect_eq "d0 is bondA's slave" "$slaves" d0

# Each line to complete, and the pattern of what every shell must offer for it: the names
# in the order the shells list them (sorted, as sysfs globs are), between < and >.
set -- \
  'ifenslave ' '<bondA bondB>' \
  'ifenslave bondA ' '<d1 d2>' \
  'ifenslave bondB ' '<d1 d2>' \
  'ifenslave bondB d1 ' '<d2>' \
  'ifenslave -fv bondB d' '<d1 d2>' \
  'ifenslave --mode 1 bondB ' '<d1 d2>' \
  'ifenslave -d bondA ' '<d0>' \
  'ifenslave bondA -d ' '<d0>' \
  'ifenslave -c bondA ' '<d0>' \
  'ifenslave -d bondB ' '<>' \
  'ifenslave --primary ' '<d0 d1 d2>' \
  'ifenslave --destroy b' '<bondA bondB>' \
  'ifenslave --mode ' '<*802.3ad*>'
LINES= WANT=
while [ $# -gt 0 ]; do LINES="$LINES$1$NL" WANT="$WANT$2$NL"; shift 2; done

# compare SHELL OUTPUT: OUTPUT holds one "<words>" line per line of LINES.
compare() {
  _got=$2$NL _lines=$LINES _want=$WANT
  while [ -n "$_lines" ]; do
    _l=${_lines%%"$NL"*} _w=${_want%%"$NL"*} _g=${_got%%"$NL"*}
    # shellcheck disable=SC2254
    case $_g in
      $_w) pass ;;
      *) fail "$1: '$_l' offers $_w" "actual: $_g" ;;
    esac
    _lines=${_lines#*"$NL"} _want=${_want#*"$NL"} _got=${_got#*"$NL"}
  done
}

# bash: COMP_WORDS and COMP_CWORD as bash sets them for a line typed at the prompt.
out=$(printf '%s' "$LINES" | bash -c '. completions/ifenslave.bash
  while IFS= read -r l; do
    read -ra COMP_WORDS <<< "$l"
    [[ $l == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _ifenslave
    echo "<${COMPREPLY[*]}>"
  done' 2>&1) || fail "bash completes" "$out"
compare bash "$out"

# zsh: a zsh on a pseudo-terminal (zsh/zpty) is typed each line and a TAB; compadd,
# wrapped, records the matches.  The guest mounts no devpts: mount one for the pty, in the
# mount namespace ip netns exec gave the case.
[ -e /dev/pts/ptmx ] || { mkdir -p /dev/pts && mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts; }
out=$(printf '%s' "$LINES" | timeout 120 zsh -f Tests/completions/zcomp.zsh "$VMT_DIR" 2>&1) || fail "zsh completes" "$out"
compare zsh "$out"

# fish: complete -C, finding ifenslave.fish by its installed name in fish_complete_path;
# fish loads completions only for a command it finds, hence PATH.
out=$(printf '%s' "$LINES" | PATH=${IFENSLAVE%/*}:$PATH fish -c 'set fish_complete_path $argv[1]
  while read -l l
    set -l c (complete -C"$l" | string replace -r "\t.*" "")
    echo "<$c>"
  end' "$PWD/completions" 2>&1) || fail "fish completes" "$out"
compare fish "$out"
