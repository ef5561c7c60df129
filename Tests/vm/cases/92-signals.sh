# SPDX-License-Identifier: GPL-2.0-or-later
# SIGINT, SIGTERM and SIGHUP at random points of a 12-slave enslave, over many runs: every
# slave ends enslaved (in bond0, up) or exactly as it was (no master, up, its address and
# MTU), never half done; ifenslave dies of the signal or finishes, and never crashes.
# matrix-runs: bookworm:netlink sid:netlink
runs=${VMT_SIGNAL_RUNS:-20}
# debug=1: a line per run in the case's output (run-cases.sh -v).
debug=
slaves="s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11"
# One ip -batch puts the slaves back between runs: a process per command costs under TCG.
i=0
for s in $slaves; do
  i=$((i + 1))
  printf 'link add %s type dummy\n' "$s"
  printf 'link set %s up\n' "$s"
  printf 'addr add 192.0.2.%s/32 dev %s\n' "$i" "$s"
done > "$VMT_DIR/setup"
i=0
for s in $slaves; do
  i=$((i + 1))
  printf 'link set %s nomaster\nlink set %s up\naddr replace 192.0.2.%s/32 dev %s\n' "$s" "$s" "$i" "$s"
done > "$VMT_DIR/reset"
ip -batch "$VMT_DIR/setup"

# How long the whole command takes here (emulation makes it slow), untouched; the date
# that ends the span costs as much as the one that ends the lag's below.
t0=$(date +%s%N)
"$IFENSLAVE" --backend "$BACKEND" bond0 $slaves 2> /dev/null
took=$(( ($(date +%s%N) - t0) / 1000000 ))
# Starting sleep and kill costs time too; the delays are shortened by it.
t0=$(date +%s%N)
sleep 0; /bin/kill -0 $$
lag=$(( ($(date +%s%N) - t0) / 1000000 ))
ip link del bond0
ip -batch "$VMT_DIR/reset"
# The delays (over the command's time, less the lag) and signals of every run, drawn at once.
python3 -c 'import random,sys
took, lag = int(sys.argv[2]) / 1000, int(sys.argv[3]) / 1000
for _ in range(int(sys.argv[1])):
    print("%.3f %s" % (max(0, random.uniform(0, took - lag)), random.choice(["INT", "TERM", "HUP"])))' \
  "$runs" "$took" "$lag" > "$VMT_DIR/plan"

# check.py: one line per run: how many slaves made it in, or what is half done.
cat > "$VMT_DIR/check.py" <<'EOF'
import json, subprocess, sys
links = json.loads(subprocess.run(["ip", "-j", "addr", "show"], capture_output=True, text=True).stdout)
by = {l["ifname"]: l for l in links}
inside, bad = 0, []
for i, name in enumerate(sys.argv[1].split(), 1):
    l = by.get(name)
    up = l is not None and "UP" in l["flags"]
    addrs = [a["local"] for a in (l or {}).get("addr_info", []) if a["family"] == "inet"]
    if l and l.get("master") == "bond0" and up:
        inside += 1
    elif l and "master" not in l and up and addrs == ["192.0.2.%d" % i] and l["mtu"] == 1500:
        pass
    else:
        bad.append("%s: master %s, up %s, addresses %s" % (name, (l or {}).get("master"), up, addrs))
print("bad " + "; ".join(bad) if bad else "in %d" % inside)
EOF

n=0 whole=0 none=0 partial=0
while read -r delay sig; do
  n=$((n + 1))
  # A job started with & ignores SIGINT; env gives it back its default action, as a
  # command typed at a terminal has.
  env --default-signal=INT "$IFENSLAVE" --backend "$BACKEND" bond0 $slaves 2> "$VMT_DIR/err" &
  pid=$!
  sleep "$delay"
  kill -s "$sig" "$pid" 2> /dev/null || true    # it may have finished
  rc=0; wait "$pid" || rc=$?
  case $sig in INT) killed=130 ;; TERM) killed=143 ;; HUP) killed=129 ;; esac
  case $rc in
    0|"$killed") pass ;;
    *) fail "run $n ($sig after $delay s): exit $rc, expected 0 or $killed" "$(cat "$VMT_DIR/err")" ;;
  esac
  state=$(python3 "$VMT_DIR/check.py" "$slaves")
  [ -z "$debug" ] || echo "# run $n: $sig after $delay: exit $rc, $state, $(cat "$VMT_DIR/err")"
  case $state in
    "in 12") whole=$((whole + 1)); pass ;;
    "in 0") none=$((none + 1)); pass ;;
    "in "*) partial=$((partial + 1)); pass ;;
    *) fail "run $n ($sig after $delay s): a slave is half done" "$state" "$(cat "$VMT_DIR/err")" ;;
  esac
  ip link del bond0 2> /dev/null || true
  ip -batch "$VMT_DIR/reset"
done < "$VMT_DIR/plan"

# Random delays rarely land between slaves (the first enslave takes most of the time), so
# each signal is also sent the moment s0 is in: shell builtins watch for it, and the
# remaining slaves must not be touched.
for sig in INT TERM HUP; do
  env --default-signal=INT "$IFENSLAVE" --backend "$BACKEND" bond0 $slaves 2> "$VMT_DIR/err" &
  pid=$!
  until [ -e /sys/class/net/s0/master ] || ! kill -0 "$pid" 2> /dev/null; do :; done
  kill -s "$sig" "$pid" 2> /dev/null || true
  rc=0; wait "$pid" || rc=$?
  case $sig in INT) killed=130 ;; TERM) killed=143 ;; HUP) killed=129 ;; esac
  expect_eq "SIG$sig once s0 is in: ifenslave dies of it" "$rc" "$killed"
  state=$(python3 "$VMT_DIR/check.py" "$slaves")
  case $state in
    "in 12"|"in 0"|bad*) fail "SIG$sig once s0 is in: stops between slaves" "$state" "$(cat "$VMT_DIR/err")" ;;
    *) pass; partial=$((partial + 1)); n=$((n + 1)) ;;
  esac
  has_line "SIG$sig: says which slaves it did not touch" "$(cat "$VMT_DIR/err")" "ifenslave: bond0: interrupted by SIG$sig; not touched: *s11"
  ip link del bond0 2> /dev/null || true
  ip -batch "$VMT_DIR/reset"
done
# The figure for the README.
echo "# signals: $n runs (the command takes $took ms, starting sleep and kill $lag ms): $partial stopped between slaves, $none before the first, $whole finished"
