#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh [RUNS]: runs each libFuzzer harness `make fuzz` built (.build/fuzz/NAME) for RUNS
# executions (default 1000000), seeded with the captured kernel replies (every message of
# Tests/IfenslaveCoreTests/Fixtures, alone and as its whole capture) and with typical
# command lines. A crash, hang (10 s) or sanitizer report fails it; its input is kept in
# .build/fuzz/crash-*. Prints each harness's executions and time.
set -eu
cd "$(dirname "$0")/../.."
runs=${1:-1000000}
out=.build/fuzz
rm -rf "$out/seeds" && mkdir -p "$out/seeds/replies" "$out/seeds/arguments" "$out/corpus/replies" "$out/corpus/arguments"
python3 - "$out/seeds" <<'PY'
import glob, os, sys
seeds = sys.argv[1]
for path in glob.glob("Tests/IfenslaveCoreTests/Fixtures/*.hex"):
    name = os.path.basename(path)[:-4]
    messages = [bytes.fromhex(l.strip()) for l in open(path) if l.strip() and not l.startswith("#")]
    for i, m in enumerate(messages):
        open(f"{seeds}/replies/{name}-{i}", "wb").write(m)
    open(f"{seeds}/replies/{name}-all", "wb").write(b"".join(messages))
lines = [
    "bond0 eth0 eth1", "-d bond0 eth0", "-c bond0 eth1", "-a", "--all-interfaces", "-fv bond0 eth0",
    "bond0 -d eth0", "--det bond0 eth0", "-- bond0 eth0", "-h", "-u", "-V", "--json -a", "--json bond0",
    "--mode 802.3ad --miimon 100 --lacp-rate fast --xmit-hash-policy layer3+4 bond0 eth0 eth1",
    "--mode=active-backup --primary=eth0 bond0 eth0 eth1", "--arp-ip-target 192.0.2.1,192.0.2.2 --arp-interval 100 bond0",
    "--ns-ip6-target 2001:db8::1 bond0", "--hwaddr 02:00:00:00:00:01 --mtu 9000 bond0", "--destroy bond0",
    "--dry-run --backend ioctl bond0 eth0", "--miimon 18446744073709551616 bond0", "bond0 bond0",
]
for i, line in enumerate(lines):
    open(f"{seeds}/arguments/{i}", "wb").write(b"\0".join(w.encode() for w in line.split()))
PY
failed=0
for harness in replies arguments; do
  log=$out/$harness.log
  # -max_len: a dump's messages come in reads of up to 32 KiB.
  if ASAN_OPTIONS=detect_leaks=1 "$out/$harness" -runs="$runs" -timeout=10 -max_len=32768 \
      -artifact_prefix="$out/crash-$harness-" "$out/corpus/$harness" "$out/seeds/$harness" > "$log" 2>&1; then
    echo "fuzz $harness: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log" | tail -n 1), $(grep -o 'cov: [0-9]*' "$log" | tail -n 1) edges, no crash, hang or sanitizer report"
  else
    failed=1
    echo "fuzz $harness: FAILED; the end of $log:"
    tail -n 30 "$log" | sed 's/^/    /'
  fi
done
exit $failed
