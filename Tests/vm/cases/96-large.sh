# SPDX-License-Identifier: GPL-2.0-or-later
# A large system: 2,000 dummies and 500 bonds of 2 slaves each (2,500 interfaces), in three
# modes. -a and --json -a show every bond with its slaves exactly as the kernel lists them,
# and while interfaces come and go during the dump, a run shows the whole system or says it
# could not, never part of it: an interrupted dump (NLM_F_DUMP_INTR) is read again.
# VMT_BONDS, VMT_OTHERS, VMT_LARGE_SLOW_RUNS and VMT_LARGE_RUNS change the sizes.
# matrix-runs: bookworm:netlink bookworm:ioctl sid:netlink
bonds=${VMT_BONDS:-500} others=${VMT_OTHERS:-1000}
python3 -c 'import sys
bonds, others = int(sys.argv[1]), int(sys.argv[2])
modes = ["active-backup", "balance-xor", "802.3ad"]
for b in range(bonds):
    print("link add b%d type bond mode %s miimon 0" % (b, modes[b % 3]))
for s in range(2 * bonds):
    print("link add s%d type dummy" % s)
    print("link set s%d master b%d" % (s, s // 2))
for o in range(others):
    print("link add x%d type dummy" % o)' "$bonds" "$others" > "$VMT_DIR/batch"
ip -batch "$VMT_DIR/batch"
expect_eq "the kernel has $bonds bonds" "$(ls /proc/net/bonding | wc -l)" "$bonds"

# The kernel's view, from /proc/net/bonding: "bond slave slave" per line, sorted.
awk 'FNR == 1 {if (l) print l; l = FILENAME; sub(/.*\//, "", l)} /^Slave Interface: / {l = l " " $3}
     END {if (l) print l}' /proc/net/bonding/* | sort > "$VMT_DIR/kernel"
# mode per bond, from ip -d -j link show
ip -d -j link show type bond | jq -r '.[] | "\(.ifname) \(.linkinfo.info_data.mode)"' | sort > "$VMT_DIR/kernel-modes"

ife --json -a
expect_eq "--json -a: exit 0" "$RC" 0
printf '%s\n' "$OUT" > "$VMT_DIR/json"
check "--json -a: one object per bond, each with its slaves" sh -c \
  "jq -r '.[] | ([.name] + [.slaves[].name]) | join(\" \")' '$VMT_DIR/json' | sort | cmp - '$VMT_DIR/kernel'"
check "--json -a: each bond's mode" sh -c \
  "jq -r '.[] | \"\(.name) \(.mode)\"' '$VMT_DIR/json' | sort | cmp - '$VMT_DIR/kernel-modes'"

ife -a
expect_eq "-a: exit 0" "$RC" 0
printf '%s\n' "$OUT" > "$VMT_DIR/text"
# The text view: "BOND: MODE, ..." at the left margin, each slave "    SLAVE: ..." below.
check "-a: every bond with its slaves" sh -c \
  "awk '/^[^ ]/ {if (l) print l; l = \$1; sub(/:\$/, \"\", l)} /^    [^ ]+: / {n = \$1; sub(/:\$/, \"\", n); l = l \" \" n}
        END {if (l) print l}' '$VMT_DIR/text' | sort | cmp - '$VMT_DIR/kernel'"
check "-a: each bond's mode" sh -c \
  "awk '/^[^ ]/ {n = \$1; m = \$2; sub(/:\$/, \"\", n); sub(/,\$/, \"\", m); print n, m}' '$VMT_DIR/text' | sort | cmp - '$VMT_DIR/kernel-modes'"

# whole_or_refused RUN ARGS...: runs ifenslave ARGS -v --json -a (ARGS may put a wrapper in
# front); the output must list every bond with its slaves, or the run must fail and say the
# list kept changing. Counts whole, failed and partial runs, and the dumps read again.
whole=0 failed=0 partial=0 retries=0 each=
whole_or_refused() {
  _run=$1; shift
  RC=0; OUT=$("$@" --backend "$BACKEND" -v --json -a 2> "$VMT_DIR/ife.err") || RC=$?
  if [ "$RC" -eq 0 ]; then
    if printf '%s\n' "$OUT" | jq -r '.[] | ([.name] + [.slaves[].name]) | join(" ")' | sort | cmp -s - "$VMT_DIR/kernel"
    then whole=$((whole + 1)); else partial=$((partial + 1)); fi
  else
    failed=$((failed + 1))
    has_line "run $_run: a failed run says the list kept changing" "$(cat "$VMT_DIR/ife.err")" \
      "ifenslave: *kept changing over 10 dumps, try again"
  fi
  RETRIED=$(grep -c "the dump was interrupted.*dumping again" "$VMT_DIR/ife.err" || true)
  retries=$((retries + RETRIED)) each="$each $RC/$RETRIED"
}

# One interface appears while the first dump is held (strace holds its 20th read for 3 s):
# the kernel marks the dump interrupted, and the dump is read again, whole.
slow=${VMT_LARGE_SLOW_RUNS:-2}
for run in $(seq "$slow"); do
  ( sleep 1.5; ip link add "late$run" type dummy ) &
  whole_or_refused "$run" traced -qq -o /dev/null -e trace=recvmsg -e inject=recvmsg:delay_exit=3000000:when=20 "$IFENSLAVE"
  wait
  expect_eq "run $run: an interface added during the dump: exit 0" "$RC" 0
  check "run $run: the interrupted dump was read again ($RETRIED times)" [ "$RETRIED" -gt 0 ]
done

# Interfaces come and go about every second while -a runs at full speed.
( while [ ! -e "$VMT_DIR/stop" ]; do
    ip link add churn0 type dummy; sleep 1; ip link del churn0; sleep 1
  done ) &
churn=$!
# Listing through sysfs (--backend ioctl) takes about 7 s a run under TCG: one run there.
fast=${VMT_LARGE_RUNS:-4}
if on ioctl; then fast=${VMT_LARGE_RUNS:-1}; fi
for run in $(seq "$fast"); do whole_or_refused $((slow + run)) "$IFENSLAVE"; done
touch "$VMT_DIR/stop"; wait "$churn"
expect_eq "no run showed part of the system" "$partial" 0
check "under churn runs were whole ($whole of $((slow + fast)), $failed said the list kept changing)" [ "$whole" -gt "$slow" ]
echo "# $bonds bonds, $((2 * bonds + others)) other interfaces; $whole of $((slow + fast)) runs whole, $failed refused, $retries dumps read again, 0 partial (exit/dumps read again per run:$each)"
