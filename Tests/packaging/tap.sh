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
