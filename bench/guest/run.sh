#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/guest/run.sh [NAME=VALUE...] [CASE...]: inside the VM (Tests/vm/run.sh), the
# benchmarks of bench.py in a network namespace of their own. NAME=VALUE (BENCH_ROUNDS,
# BENCH_SIZES, BENCH_ARP_BONDS, BENCH_LEGACY_BONDS) go to bench.py's environment; CASE is
# 1, 2, 3 or 3a (default: all), or 3b, on a 3.10 kernel (bench/run.sh runs it there).
set -eu
while [ $# -gt 0 ]; do
  case $1 in *=*) export "${1?}"; shift ;; *) break ;; esac
done
ip netns add bench
ip -n bench link set lo up
# The checkout reaches the guest over 9p without caching: each start would read the binary
# through it (about 0.25 s for ifenslave under TCG), while ip comes from the cached root. On a
# real host both are in the page cache; here both are on tmpfs or the cached root.
cp "${IFENSLAVE:-$PWD/.build/release/ifenslave}" /tmp/ifenslave
cp .build/bench/floor /tmp/floor
IFENSLAVE=/tmp/ifenslave FLOOR=/tmp/floor ip netns exec bench python3 bench/guest/bench.py "$@"
