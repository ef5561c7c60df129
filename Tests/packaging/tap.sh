# SPDX-License-Identifier: GPL-2.0-or-later
# tap.sh: sourced by the packaging tests. "ok N - ..." / "not ok N - ..." with indented
# details; $failed says whether any check failed. ROOT must be set first.
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
  n=$((n + 1)) failed=1; echo "not ok $n - $1"; shift
  [ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/    /'
}
# check DESCRIPTION COMMAND...: COMMAND must succeed; its output explains a failure.
check() {
  _d=$1; shift
  if _o=$("$@" 2>&1); then ok "$_d"; else notok "$_d" "\$ $*" "$_o"; fi
}
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected: '$3'" "actual:   '$2'"; fi; }
# The Makefile's VERSION, read by make itself.
VERSION=$(printf 'print-version:\n\t@echo $(VERSION)\n' |
  make -s --no-print-directory -C "$ROOT" -f Makefile -f - print-version)
# check_payload ROOT BINARY MANPAGE ZSHDIR: under ROOT, BINARY is the static binary make
# built and runs, MANPAGE is man/ifenslave.8 gzipped, and usr/share holds the completions,
# zsh's in ZSHDIR.
check_payload() {
  check "$2 is the binary make built" cmp "$BIN" "$1/$2"
  check "$2 is static (no program interpreter)" \
    sh -c '! readelf -lW "$1" | grep -q "Requesting program interpreter"' sh "$1/$2"
  check "$2 runs: --version prints $VERSION" sh -c '"$1" --version | grep -qx "ifenslave $2"' sh "$1/$2" "$VERSION"
  check "$3 is man/ifenslave.8, gzipped" sh -c 'zcat "$1" | cmp - "$2"' sh "$1/$3" "$ROOT/man/ifenslave.8"
  for _f in bash-completion/completions/ifenslave:ifenslave.bash "$4/_ifenslave:_ifenslave" \
    fish/vendor_completions.d/ifenslave.fish:ifenslave.fish; do
    check "usr/share/${_f%%:*} is completions/${_f#*:}" cmp "$1/usr/share/${_f%%:*}" "$ROOT/completions/${_f#*:}"
  done
}
