#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/startup.sh: start-up cost on the host, no root needed (benchmark 4). Instructions
# counted by callgrind (repeatable, unlike wall time), peak memory from GNU time, the size
# of the stripped static binary, and where ifenslave's instructions go.
set -eu
BIN=${IFENSLAVE:-.build/release/ifenslave}
OUT=.build/bench
mkdir -p "$OUT"
count() {    # count NAME COMMAND...: instructions of one run
  _n=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$OUT/cg.$_n" "$@" > /dev/null 2> "$OUT/cg.$_n.err" || true
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$OUT/cg.$_n.err"
}
peak() {     # peak COMMAND...: maximum resident set, KiB
  /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -1
}
v=$(count version "$BIN" --version)
s=$(count status "$BIN" nosuch0)
iv=$(count ipv ip -V)
is=$(count ipshow ip link show dev nosuch)
echo "### 4. Start-up cost (host, $(uname -r), callgrind)"
echo
echo "| command | instructions | ratio to ip | peak RSS (KiB) |"
echo "|---|---|---|---|"
printf '| ip -V | %s | 1 | %s |\n' "$iv" "$(peak ip -V)"
printf '| ifenslave --version | %s | %s× | %s |\n' "$v" "$(echo "$v $iv" | awk '{printf "%.2f", $1 / $2}')" "$(peak "$BIN" --version)"
printf '| ip link show dev nosuch | %s | 1 | %s |\n' "$is" "$(peak ip link show dev nosuch)"
printf '| ifenslave nosuch0 | %s | %s× | %s |\n' "$s" "$(echo "$s $is" | awk '{printf "%.2f", $1 / $2}')" "$(peak "$BIN" nosuch0)"
echo
echo "Binary: $(stat -c %s "$BIN") bytes, stripped, static ($(file -b "$BIN" | cut -d, -f1-2))."
echo
# The same run of the unstripped copy (make keeps one), for function names.
count symbols "$BIN.symbols" nosuch0 > /dev/null
echo "Where \`ifenslave nosuch0\`'s instructions go (callgrind, inclusive, top entries):"
echo
echo '```'
# Paths relative to the checkout; each function once (callgrind lists some under two file names).
callgrind_annotate --inclusive=yes "$OUT/cg.symbols" 2>/dev/null | awk '/^-+$/ {n++; next} n >= 3 && NF' |
  sed -E "s/ \[[^]]*\]\$//; s|$PWD/||; s|//<compiler-generated>:||; s|Sources/[^:]*:||" |
  { swift demangle --simplified 2>/dev/null || cat; } | awk '!seen[$0]++' | grep -v 'below main' | head -22 | cut -c1-110
echo '```'
