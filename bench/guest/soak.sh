#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/guest/soak.sh [FLAPS]: inside the VM (Tests/vm/run.sh), the --monitor soak
# (Tests/vm/guest/soak.py) with FLAPS flaps (default 20000), then a stalled reader (--stall), and the monitor's memory sampled,
# in a network namespace of its own. Its output stays in .build/soak for the host: monitor.json
# (every line the monitor wrote), monitor.err, rss.tsv.
set -eu
OUT=.build/soak
rm -rf "$OUT" && mkdir -p "$OUT"
ip netns add soak
ip -n soak link set lo up
# As bench/guest/run.sh: the binary from tmpfs, not through 9p.
cp "${IFENSLAVE:-$PWD/.build/release/ifenslave}" /tmp/ifenslave
rc=0
IFENSLAVE=/tmp/ifenslave ip netns exec soak python3 Tests/vm/guest/soak.py --flaps "${1:-20000}" --stall --memory --out "$OUT" || rc=$?
# A second JSON parser over the same lines: jq reads each as a value of its own.
if jq -e -n '[inputs | type == "object" and (.event | type) == "string"] | all' "$OUT/monitor.json" > /dev/null; then echo "ok (jq)"; else echo "jq rejects $OUT/monitor.json"; rc=1; fi
exit $rc
