# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh: helpers for VM test cases; run-cases.sh sources it before each case.
#
# A case is a plain sh script run with set -eu in its own network namespace: setup commands
# abort the case when they fail, while check/expect_* record a failure and carry on, so one
# run reports every broken expectation.  A failure report holds the description, the command
# and its output, so a CI log alone explains it.  Reports go to files in $VMT_DIR because the
# case runs in a child process of run-cases.sh.
pass() { echo . >> "$VMT_DIR/passes"; }
# fail DESCRIPTION [DETAIL...]: details are indented under the description.
fail() {
  { echo "$1"; shift; [ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/    /'; } >> "$VMT_DIR/fails"
}
# check DESCRIPTION COMMAND...: COMMAND must succeed.
check() {
  _d=$1; shift
  if _o=$("$@" 2>&1); then pass; return 0; else _rc=$?; fi
  fail "$_d" "\$ $*   (exit $_rc)" "$_o"
}
# check_fails DESCRIPTION COMMAND...: COMMAND must fail (prints nothing on the expected failure).
check_fails() {
  _d=$1; shift
  if _o=$("$@" 2>&1); then fail "$_d" "\$ $*   (succeeded, expected failure)" "$_o"; else pass; fi
}
expect_eq() {
  if [ "$2" = "$3" ]; then pass; else fail "$1" "expected: '$3'" "actual:   '$2'"; fi
}
# wait_until SECONDS COMMAND...: the driver changes state asynchronously (miimon, carrier).
wait_until() {
  _t=$(($1 * 10)); shift
  until "$@" >/dev/null 2>&1; do
    _t=$((_t - 1)); [ $_t -gt 0 ] || return 1; sleep 0.1
  done
}
# settled DEV: DEV's link state is the same twice half a second apart, as a snapshot needs; a
# new bond's carrier changes on its own (off without slaves on new kernels, on with 3.10).
settled() {
  wait_until 10 sh -c 'a=$(ip link show dev "$1"); sleep 0.5; [ "$a" = "$(ip link show dev "$1")" ]' settled "$1"
}
# proc_bond BOND KEY: value of the bond-wide "KEY: value" line in /proc/net/bonding/BOND.
proc_bond() {
  awk -v k="$2: " '/^Slave Interface:/ {exit}
    {sub(/^[ \t]+/, "")} index($0, k) == 1 {print substr($0, length(k) + 1); f = 1; exit}
    END {exit !f}' "/proc/net/bonding/$1"
}
# proc_slave BOND SLAVE KEY: the same within SLAVE's "Slave Interface:" section.
proc_slave() {
  awk -v s="Slave Interface: $2" -v k="$3: " '/^Slave Interface:/ {on = ($0 == s); next}
    on {sub(/^[ \t]+/, ""); if (index($0, k) == 1) {print substr($0, length(k) + 1); f = 1; exit}}
    END {exit !f}' "/proc/net/bonding/$1"
}
# jget FILE|- EXPR: evaluate the Python expression EXPR with j bound to the parsed JSON.
# Strings print bare, anything else as JSON (true, 100, null, {...}).  Each call costs a
# python3 start: ~0.4 s warm in the TCG guest (2-3 s the first time), so fetch once, then
# query a saved file.
jget() {
  python3 -c 'import json, sys
j = json.load(sys.stdin if sys.argv[1] == "-" else open(sys.argv[1]))
try: v = eval(sys.argv[2], {"j": j})
except (KeyError, IndexError, TypeError) as e: sys.exit("jget: %s: %r" % (sys.argv[2], e))
print(v if isinstance(v, str) else json.dumps(v))' "$@"
}
# kip ARGS...: the kernel's view through sid's iproute2 7.x where run-cases.sh found it ($IP7,
# Tests/vm/ip7), which prints the attributes of new kernels that the host's ip 6.1 leaves out;
# the host's ip otherwise. The k* helpers and expect.py read through it.
kip() { "${IP7:-ip}" "$@"; }
# ipj DEV [EXPR]: `ip -d -j link show dev DEV`; with EXPR, j is that one link's object,
# e.g. ipj bond0 'j["linkinfo"]["info_data"]["mode"]'.
ipj() {
  if [ $# -lt 2 ]; then kip -d -j link show dev "$1"; return; fi
  kip -d -j link show dev "$1" | jget - "(lambda j: $2)(j[0])"
}

# ifenslave under test: the release binary (make), unless VMT_IFENSLAVE or IFENSLAVE names
# another (a sanitizer build, say).
IFENSLAVE=${VMT_IFENSLAVE:-${IFENSLAVE:-$PWD/.build/release/ifenslave}}
[ -x "$IFENSLAVE" ] || { echo "lib.sh: no $IFENSLAVE; run make first" >&2; exit 1; }
NL='
'
# traced ARGS...: strace ARGS. LeakSanitizer stops the process with ptrace at exit, which it
# cannot do under strace: an AddressSanitizer build (make sanitize) runs there without it.
traced() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace "$@"; }
# The backend every command of the run uses (run-cases.sh --backend).
BACKEND=${VMT_BACKEND:-auto}
# ife ARGS...: runs ifenslave --backend $BACKEND and never aborts the case; RC, OUT and ERR hold
# its exit status, stdout and stderr.
# Under TCG each process start is costly, so stderr is read with builtins, not cat.
ife() {
  RC=0
  OUT=$("$IFENSLAVE" --backend "$BACKEND" "$@" 2> "$VMT_DIR/ife.err") || RC=$?
  ERR=
  while IFS= read -r _l || [ -n "$_l" ]; do ERR="$ERR${ERR:+$NL}$_l"; done < "$VMT_DIR/ife.err"
}
# on BACKEND: true when the run uses that backend, for the few expectations that differ.
on() { [ "$BACKEND" = "$1" ]; }
# nl_options: true when the kernel reports bond options over netlink (run-cases.sh probes it
# once); vanilla 3.10 does not, and ignores them in `ip link add`.
nl_options() { [ "${VMT_BOND_NETLINK:-yes}" = yes ]; }
# bond_add NAME [KEY VALUE]...: a bond made by iproute2, with its options through sysfs where
# the kernel takes none over netlink; bond_set NAME KEY VALUE... changes them the same way.
bond_add() {
  _b=$1; shift
  if nl_options; then ip link add "$_b" type bond "$@"; else ip link add "$_b" type bond && bond_set "$_b" "$@"; fi
}
bond_set() {
  _b=$1; shift
  if nl_options; then [ $# -eq 0 ] || ip link set "$_b" type bond "$@"; return; fi
  while [ $# -ge 2 ]; do echo "$2" > "/sys/class/net/$_b/bonding/$1" || return 1; shift 2; done
}
# ife_ok DESCRIPTION ARGS...: ifenslave must exit 0.
ife_ok() {
  _d=$1; shift; ife "$@"
  if [ "$RC" -eq 0 ]; then pass; else fail "$_d" "\$ ifenslave $*   (exit $RC)" "$ERR"; fi
}
# kernel_state: the kernel's own view of every link, address and bond, to prove that a
# command changed nothing.
kernel_state() {
  # Bridge timers tick and IPv6 DAD finishes on its own: those are not ours to compare.
  ip -d link show | sed -E 's/ [a-z_]+_timer +[0-9.]+//g'
  ip -4 addr show
  for b in /proc/net/bonding/*; do if [ -e "$b" ]; then cat "$b"; fi; done
}
# kinfo DEV KEY: info_data.KEY of DEV in `ip -d -j link show`, compact JSON (strings quoted);
# where the kernel reports no bond options over netlink (3.10), sysfs's value (expect.py).
kinfo() {
  _j=$(kip -d -j link show dev "$1")
  case $_j in
    *'"info_kind":"bond"'*) case $_j in *'"info_data":{"'*) ;; *) python3 "$VMT_LIB/expect.py" --get "ip:$1:$2"; return ;; esac ;;
  esac
  printf '%s' "$_j" | jq -c ".[0].linkinfo.info_data.$2"
}
# kbonds: what a bond rebuilt from an export must have as the original had it, from one
# `ip -d -j link show` (kip): each bond's MTU and info_data but what the driver changes on its
# own (the active slave it picks, 802.3ad's aggregator), then each link's master, one
# "DEV KEY=VALUE" line each, sorted. 3.10's bonds report no info_data: there only the MTU and
# the masters.
kbonds() {
  kip -d -j link show > "$VMT_DIR/kbonds.json"
  jget "$VMT_DIR/kbonds.json" '"\n".join(sorted(
    [l["ifname"] + " " + k + "=" + str(v) for l in j if l.get("linkinfo", {}).get("info_kind") == "bond"
       for k, v in list((l["linkinfo"].get("info_data") or {}).items()) + [("mtu", l["mtu"])]
       if k not in ("active_slave", "ad_info")]
    + [l["ifname"] + " master=" + l["master"] for l in j if "master" in l]))'
}
# kslave DEV KEY: info_slave_data.KEY of the slave DEV.
kslave() { kip -d -j link show dev "$1" | jq -c ".[0].linkinfo.info_slave_data.$2"; }
# klink DEV KEY: a top-level key of DEV in `ip -d -j link show` (master, mtu, operstate, ...).
klink() { kip -d -j link show dev "$1" | jq -c ".[0].$2"; }
# veth_peers NS N: a network namespace NS and veths v0..v(N-1) here whose peers p0..p(N-1)
# are up in NS, as NICs cabled to a switch; the case deletes NS when it ends.
veth_peers() {
  ip netns add "$1"
  _i=0
  while [ $_i -lt "$2" ]; do
    ip link add "v$_i" type veth peer name "p$_i" netns "$1"
    ip -n "$1" link set "p$_i" up
    _i=$((_i + 1))
  done
}
# dummies NAME...: dummy interfaces, up, as NICs are at boot.
dummies() { for _dm in "$@"; do ip link add "$_dm" type dummy && ip link set "$_dm" up; done; }
# expect_later DESCRIPTION SOURCE EXPECTED: queues a check of the kernel's view for
# expect_now, which reads each view once (see expect.py for the SOURCEs).
expect_later() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$VMT_DIR/expect"; }
# expect_now: runs the queued checks, each counted as passed or failed.
expect_now() {
  [ -s "$VMT_DIR/expect" ] || return 0
  python3 "$VMT_LIB/expect.py" "$VMT_DIR/expect" > "$VMT_DIR/expect.out" || true
  grep '^ok$' "$VMT_DIR/expect.out" >> "$VMT_DIR/passes" || true
  grep -v '^ok$' "$VMT_DIR/expect.out" >> "$VMT_DIR/fails" || true
  : > "$VMT_DIR/expect"
}
# has_line DESCRIPTION TEXT GLOB: some line of TEXT matches the shell pattern GLOB; builtins
# only, since a process per check adds up under TCG.
has_line() {
  _rest=$2
  while :; do
    _line=${_rest%%"$NL"*}
    # shellcheck disable=SC2254
    case $_line in $3) pass; return 0 ;; esac
    [ "$_line" != "$_rest" ] || break
    _rest=${_rest#*"$NL"}
  done
  fail "$1" "no line matches: $3" "$2"
}
