#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# suite-apt.sh SUITE DIR
#
# Prints an APT_CONFIG file for another Debian suite (bullseye, trixie, sid) under DIR, with its own
# sources, lists and cache, and runs apt-get update with it: the tests need other suites'
# kernels without touching the host's apt. The mirrors are the ones the host's apt already
# uses for its own suite, found with apt-cache policy, so nothing here names a host.
set -eu
SUITE=${1:?usage: suite-apt.sh SUITE DIR} DIR=${2:?usage: suite-apt.sh SUITE DIR}
. /etc/os-release
# The host's own apt, even where the caller exported another suite's APT_CONFIG.
uri() { env -u APT_CONFIG apt-cache policy | awk -v s=" $1/main amd64 Packages" 'index($0, s) {print $2; exit}'; }
MAIN=$(uri "$VERSION_CODENAME") SECURITY=$(uri "$VERSION_CODENAME-security")
# Unstable has no security suite: apt-get update fails on a suite without a Release file.
case $SUITE in sid|unstable|experimental) SECURITY= ;; esac
[ -n "$MAIN" ] || { echo "suite-apt: the host's apt has no $VERSION_CODENAME/main (run apt-get update)" >&2; exit 1; }
mkdir -p "$DIR/lists/partial" "$DIR/cache/archives/partial"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
{
  echo "deb [signed-by=$KEYRING] $MAIN $SUITE main"
  [ -z "$SECURITY" ] || echo "deb [signed-by=$KEYRING] $SECURITY $SUITE-security main"
} > "$DIR/sources.list"
cat > "$DIR/apt.conf" <<CONF
Dir::Etc::sourcelist "$DIR/sources.list";
Dir::Etc::sourceparts "-";
Dir::State::lists "$DIR/lists";
Dir::Cache "$DIR/cache";
Dir::State::status "/dev/null";
APT::Sandbox::User "root";
CONF
APT_CONFIG=$DIR/apt.conf apt-get -q update >&2
echo "$DIR/apt.conf"
