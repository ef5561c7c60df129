#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fetch-iproute2.sh [SUITE]
#
# iproute2 from Debian SUITE (default sid) unpacked into .build/vm/iproute2-SUITE, with the
# libraries its ip needs, sid's glibc and loader among them: Debian 12's iproute2 6.1 cannot
# print the bond attributes that kernels from 6.17 on report (broadcast_neighbor, lacp_strict,
# actor_port_prio, the slaves' churn states). Nothing is installed; the packages come through
# the private apt state of suite-apt.sh, as the suite's kernel does. Tests/vm/ip7 runs that ip
# on the host and in the VM guests (which see the checkout, not the host's /tmp).
# Does nothing (and needs no network) when the ip unpacked from the same package list runs;
# remove the folder for a newer one. Prints the version of the ip it leaves.
set -eu
SUITE=${1:-sid}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/.build/vm/iproute2-$SUITE
die() { echo "fetch-iproute2: FAIL: $*" >&2; exit 1; }
PKGS="iproute2 libc6 libbpf1 libelf1t64 libmnl0 libcap2 libselinux1 libpcre2-8-0 zlib1g libzstd1"
LIB=$OUT/usr/lib/x86_64-linux-gnu
run_ip() { "$LIB/ld-linux-x86-64.so.2" --library-path "$LIB" "$OUT/usr/bin/ip" "$@"; }
if [ -s "$OUT/stamp" ] && [ "$(cat "$OUT/stamp")" = "$PKGS" ] && v=$(run_ip -V 2>/dev/null); then
  echo "$v"
  exit 0
fi
for t in apt-get dpkg-deb; do command -v $t >/dev/null || die "$t missing"; done
APT_CONFIG=$("$HERE/suite-apt.sh" "$SUITE" "$ROOT/.build/vm/apt-$SUITE") || die "apt cannot reach Debian $SUITE"
export APT_CONFIG
rm -rf "$OUT" "$OUT.dl" && mkdir -p "$OUT.dl"
# shellcheck disable=SC2086
(cd "$OUT.dl" && apt-get -q -o APT::Sandbox::User=root download $PKGS >/dev/null) ||
  die "cannot download $PKGS from $SUITE"
mkdir -p "$OUT"
for deb in "$OUT.dl"/*.deb; do dpkg-deb -x "$deb" "$OUT" || die "cannot unpack $deb"; done
rm -rf "$OUT.dl"
v=$(run_ip -V 2>&1) || die "$SUITE's ip does not run with its own loader: $v"
echo "$PKGS" > "$OUT/stamp"
echo "$v"
