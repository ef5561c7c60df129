# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input never touches the system: each of these exits with a one-line error and its exit
# status (2 for what is wrong in the command itself, 1 for what the system refuses), the
# kernel's state is byte-identical afterwards, and strace shows that no file outside
# /sys/class/net was opened or written (file-audit.py; beyond the runtime's fixed reads).
# matrix-runs: bookworm:netlink bookworm:ioctl sid:netlink
dummies d0 d1 d2
ife_ok "setup: bond0 with d0" --mode active-backup --miimon 100 bond0 d0
ife_ok "setup: bond1, a bond enslaved to bond0" --mode active-backup --miimon 100 bond1
ip link set bond1 down && ip link set bond1 master bond0
# A new bond's carrier settles on its own; wait before the snapshot.
check "bond1 has settled" settled bond1
check "bond0 has settled" wait_until 5 sh -c 'ip link show dev bond0 | grep -q LOWER_UP'
check "bond0 is steady" settled bond0
before=$(kernel_state)
: > "$VMT_DIR/traces"
n=0
# bad STATUS WHAT ARGS...: ifenslave ARGS under strace exits STATUS with one line on stderr
# naming the problem, and the kernel's state is unchanged.
bad() {
  _st=$1 _what=$2; shift 2; n=$((n + 1))
  RC=0
  traced -f -qq -o "$VMT_DIR/trace.$n" -e trace=%file "$IFENSLAVE" --backend "$BACKEND" "$@" \
    > /dev/null 2> "$VMT_DIR/ife.err" || RC=$?
  printf '%s\t%s\n' "$VMT_DIR/trace.$n" "$_what" >> "$VMT_DIR/traces"
  ERR=; while IFS= read -r _l || [ -n "$_l" ]; do ERR="$ERR${ERR:+$NL}$_l"; done < "$VMT_DIR/ife.err"
  expect_eq "$_what: exit $_st" "$RC" "$_st"; [ "$_st" = 2 ] || echo "# $_what: $ERR"
  case $ERR in
    *"$NL"*|"") fail "$_what: one line on stderr" "$ERR" ;;
    "ifenslave: "*) pass ;;
    *) fail "$_what: the line starts with 'ifenslave: '" "$ERR" ;;
  esac
  _after=$(kernel_state)
  if [ "$_after" = "$before" ]; then pass; else
    fail "$_what: the system changed" "$(printf '%s\n' "$before" > "$VMT_DIR/b"; printf '%s\n' "$_after" | diff "$VMT_DIR/b" - | head -20)"
  fi
}
high=$(printf 'd\377')
for where in master slave; do
  # NAME in the MASTER or the SLAVE position.
  at() { if [ $where = master ]; then bad 2 "$2 as $where" "$1" d1; else bad 2 "$2 as $where" bond0 "$1"; fi; }
  at abcdefghijklmnop "a 16-byte name"
  at "$(printf '%0100d' 0)" "a 100-byte name"
  at "" "an empty name"
  at . "."
  at .. ".."
  at / "/"
  at d0/../d1 "a name with /"
  at ../../etc "../../etc"
  at /etc/passwd "/etc/passwd"
  at d0:1 "a name with :"
  at "d 0" "a name with a space"
  at "d${NL}0" "a name with a newline"
  at "$high" "a name with a non-UTF-8 byte"
done
bad 2 "a number below the range" --miimon -1 bond9 d1
bad 2 "a number above the range" --miimon 2147483648 bond9 d1
bad 2 "a number that overflows 64 bits" --miimon 18446744073709551616 bond9 d1
bad 2 "a number of 30 digits" --updelay 999999999999999999999999999999 bond9 d1
bad 2 "a number with trailing junk" --miimon 100ms bond9 d1
bad 2 "an MTU above 65535" --mtu 65536 bond9 d1
bad 2 "a byte-sized option above 255" --num-grat-arp 256 bond9 d1
bad 2 "a 16-bit option above 65535" --ad-actor-sys-prio 65536 bond9 d1
bad 2 "a mode number above 6" --mode 7 bond9 d1
bad 2 "an unknown mode" --mode roundrobin bond9 d1
bad 2 "an unknown hash policy" --xmit-hash-policy layer5 bond9 d1
bad 2 "an unknown LACP rate" --lacp-rate slowest bond9 d1
bad 2 "an unknown primary_reselect" --primary-reselect never bond9 d1
bad 2 "a MAC with a bad digit" --hwaddr 02:00:00:00:00:zz bond9 d1
bad 2 "a MAC with 7 bytes" --hwaddr 02:00:00:00:00:00:00 bond9 d1
bad 2 "an IPv4 target out of range" --arp-interval 100 --arp-ip-target 192.0.2.300 bond9 d1
bad 2 "an unknown option" --frobnicate bond9 d1
bad 2 "the master given as a slave" bond0 bond0
bad 1 "a bond enslaved into its own slave" bond1 bond0
bad 1 "a bond enslaved into its own slave's slave" d0 bond0
bad 1 "an interface that is not a bond as master" d1 d2

expect_now
python3 "$VMT_LIB/file-audit.py" "$VMT_DIR/traces" "$IFENSLAVE" > "$VMT_DIR/audit" || true
grep '^ok$' "$VMT_DIR/audit" >> "$VMT_DIR/passes" || true
grep -v '^ok$' "$VMT_DIR/audit" >> "$VMT_DIR/fails" || true

# The audit sees what a run opens: a real change over sysfs shows up in it.
traced -f -qq -o "$VMT_DIR/trace.ok" -e trace=%file "$IFENSLAVE" --backend ioctl --miimon 200 bond0
check "strace saw the sysfs write of a real change" grep -q 'openat(.*"/sys/class/net/bond0/bonding/miimon", O_WRONLY' "$VMT_DIR/trace.ok"
echo "# $n bad inputs, each refused with the system unchanged; file audit of $n runs: $(grep -c '^ok$' "$VMT_DIR/audit") clean"
