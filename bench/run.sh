#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/run.sh [NAME=VALUE...]: the benchmarks (make bench). Start-up cost on the host, then
# benchmarks 1-3 and 5 and the throughput of the bonds, each in a VM on Debian's kernel
# (Tests/vm/run.sh), and 3b on 3.10.108. NAME=VALUE (BENCH_ROUNDS, BENCH_SIZES, BENCH_RATE, BENCH_SECONDS) go to
# the guest scripts. The tables go to stdout and to .build/bench/results.md.
set -eu
cd "$(dirname "$0")/.."
mkdir -p .build/bench
# shellcheck disable=SC2046
# Static, as ifenslave is: dynamic loading alone costs more than the two requests under TCG.
gcc -static -O2 -Wall -Wextra -o .build/bench/floor bench/floor.c $(pkg-config --cflags libnl-3.0) \
  -lnl-3 -lpthread -lm 2> .build/bench/floor.log || { cat .build/bench/floor.log >&2; exit 1; }
{
  echo "# ifenslave benchmarks, $(date -u +%Y-%m-%d)"
  echo
  echo "Host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) CPUs, $(uname -r);" \
    "$(.build/release/ifenslave --version | head -1); $(ip -V)."
  echo
  bench/startup.sh
  echo
  VMH_TIMEOUT=1800 Tests/vm/run.sh bench/guest/run.sh "$@"
  echo
  # Legacy status where the kernel offers nothing else: vanilla 3.10 (see Tests/vm/matrix.sh).
  K310=${VMH_KERNELS:-../shared/kernels}/linux-3.10.108
  [ -d "$K310" ] || { K310=.build/kernels/linux-3.10.108; Tests/vm/kernels/build-3.10.108.sh "$K310" >&2; }
  VMH_SUITE=$K310 VMH_TIMEOUT=900 Tests/vm/run.sh bench/guest/run.sh "$@" 3b
  echo
  VMH_TIMEOUT=900 Tests/vm/run.sh bench/guest/throughput.sh "$@"
} | tee .build/bench/results.md
