#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# install.sh: `make install DESTDIR=...` puts exactly the expected files, with the expected
# modes, where each tool looks for them, for the default PREFIX and for a Slackware package;
# `make uninstall` removes every one of them. Needs the release binary (make).
set -u
cd "$(dirname "$0")/.."
failed=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; shift; printf '    %s\n' "$@"; failed=1; }

# check DESCRIPTION EXPECTED-LISTING MAKE-VARIABLES...
check() {
  what=$1 expected=$2; shift 2
  root=$(mktemp -d)
  if ! make -s install DESTDIR="$root" "$@" > "$root.log" 2>&1; then
    not_ok "$what: make install" "$(cat "$root.log")"
  else
    actual=$(cd "$root" && find . -type f -printf '%m %p\n' | sort)
    if [ "$actual" = "$expected" ]; then ok "$what: installs exactly the expected files"
    else not_ok "$what: installs exactly the expected files" "expected:" $expected "actual:" $actual; fi
    bin=$(cd "$root" && find . -name ifenslave -path '*/sbin/*')
    if [ -n "$bin" ] && "$root/$bin" --version | grep -q '^ifenslave '; then ok "$what: the installed binary runs"
    else not_ok "$what: the installed binary runs"; fi
    if cmp -s man/ifenslave.8 "$root/$(cd "$root" && find . -name ifenslave.8)"; then ok "$what: the man page is the committed one"
    else not_ok "$what: the man page is the committed one"; fi
    make -s uninstall DESTDIR="$root" "$@" > "$root.log" 2>&1 || not_ok "$what: make uninstall" "$(cat "$root.log")"
    left=$(cd "$root" && find . -type f)
    if [ -z "$left" ]; then ok "$what: make uninstall removes every file"
    else not_ok "$what: make uninstall removes every file" $left; fi
  fi
  rm -rf "$root" "$root.log"
}

check "default PREFIX" "$(printf '%s\n' \
  '644 ./usr/local/share/bash-completion/completions/ifenslave' \
  '644 ./usr/local/share/fish/vendor_completions.d/ifenslave.fish' \
  '644 ./usr/local/share/man/man8/ifenslave.8' \
  '644 ./usr/local/share/zsh/site-functions/_ifenslave' \
  '755 ./usr/local/sbin/ifenslave')"

check "Slackware layout" "$(printf '%s\n' \
  '644 ./usr/man/man8/ifenslave.8' \
  '644 ./usr/share/bash-completion/completions/ifenslave' \
  '644 ./usr/share/fish/vendor_completions.d/ifenslave.fish' \
  '644 ./usr/share/zsh/site-functions/_ifenslave' \
  '755 ./usr/sbin/ifenslave')" PREFIX=/usr MANDIR=/usr/man

exit $failed
