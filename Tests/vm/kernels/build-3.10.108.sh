#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# build-3.10.108.sh OUTDIR [SOURCE]
#
# Builds a vanilla Linux 3.10.108 (the last 3.10.y) for the VM tests: a small bzImage that boots
# under qemu-system-x86_64 -accel tcg, plus the modules the VM init loads.  Nothing is installed.
#
# SOURCE is linux-3.10.108.tar.xz / .tar.gz, or an unpacked source directory (copied, never
# modified).  Without SOURCE the kernel.org tarball is downloaded into OUTDIR/cache and its sha256
# checked.  The tree is built in OUTDIR/build, which is removed when the build succeeds.
#
# Leaves in OUTDIR: bzImage, mods/*.ko, mods/order (insmod order, dependencies first), kver
# ("3.10.108"), config (the full .config) and build.log.  Does nothing if bzImage, mods/order
# and kver are already there.  JOBS overrides make's -j (default: nproc).
#
# Building 3.10 (2013) with Debian 12's gcc-12 and binutils 2.40 needs:
#  * R_X86_64_PLT32 treated like R_X86_64_PC32 in the module loader (arch/x86/kernel/module.c) and
#    in the relocs tool (arch/x86/tools/relocs.c).  binutils >= 2.31 emits PLT32 for calls; 3.10's
#    loader rejects them ("Unknown rela relocation: 4") and no module loads.  Upstream fixed it in
#    4.16 (b21ebf2fb4cd); 3.10.y never got it, so this script makes the change itself.
#  * CC="gcc -fno-pie -no-pie": Debian's gcc builds PIE by default and 3.10 does not turn it off.
#  * HOSTCC="gcc -fcommon": gcc >= 10 defaults to -fno-common, and arch/x86/tools/relocs then fails
#    to link (per_cpu_load_addr is defined in two of its objects).
#  * KCFLAGS="-fno-stack-protector -Wno-error -fno-pie".
#  * NOT -fcommon for the kernel itself: its x86 linker script has no *(COMMON) in .bss, so common
#    symbols land after __bss_stop, are never zeroed, and the kernel oopses in timer_interrupt.
# 3.10 ships its Kconfig lexer/parser pre-generated, so flex and bison are not needed; perl is not
# needed for this config either.  Expect a few hundred warnings and no errors.
set -eu
KVER=3.10.108
URL=https://cdn.kernel.org/pub/linux/kernel/v3.x/linux-$KVER.tar.xz
# sha256 of linux-3.10.108.tar.xz as published on kernel.org (sha256sums.asc); the same value is in
# Homebrew's and nixpkgs' recipes (nixpkgs: sha256-OEnqgRlRf2BfnVPFfdbFOa+NWEwvHZAx9PVig680CaU=).
SHA256=3849ea8119517f605f9d53c57dd6c539af8d584c2f1d9031f4f56283af3409a5
# insmod order: every module after the ones it depends on (llc before stp, both before bridge).
MODS="llc stp bridge 8021q bonding dummy veth tun sch_tbf sch_netem"

me=build-$KVER
die() { echo "$me: $*" >&2; exit 1; }
[ $# -ge 1 ] && [ $# -le 2 ] && [ -n "$1" ] || die "usage: build-$KVER.sh OUTDIR [SOURCE]"
HERE=$(cd "$(dirname "$0")" && pwd)
FRAG=$HERE/$KVER.fragment
mkdir -p "$1" || die "cannot create $1"
OUT=$(cd "$1" && pwd)

# The cache: a finished build is left alone.
if [ -s "$OUT/bzImage" ] && [ -s "$OUT/mods/order" ] && [ "$(cat "$OUT/kver" 2>/dev/null)" = "$KVER" ]; then
  exit 0
fi

SRC=${2:-}
if [ -n "$SRC" ]; then
  [ -e "$SRC" ] || die "no such source: $SRC"
  case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
fi
[ -f "$FRAG" ] || die "missing config fragment $FRAG"

# Tools, as "command:Debian package"; all missing ones are named in one line.
need="gcc:gcc make:make bc:bc ld:binutils as:binutils tar:tar gzip:gzip awk:mawk sed:sed nproc:coreutils nice:coreutils"
case $SRC in
  '') need="$need xz:xz-utils sha256sum:coreutils" ;;
  *.xz) need="$need xz:xz-utils" ;;
esac
missing= pkgs=
for tp in $need; do
  command -v "${tp%%:*}" >/dev/null 2>&1 && continue
  missing="$missing ${tp%%:*}"
  case " $pkgs " in *" ${tp#*:} "*) ;; *) pkgs="$pkgs ${tp#*:}" ;; esac
done
if [ -z "$SRC" ] && ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
  missing="$missing curl"; pkgs="$pkgs curl"
fi
[ -z "$missing" ] || die "missing:$missing (apt-get install$pkgs)"

W=$OUT/build
LOG=$OUT/build.log
rm -rf "$W" "$OUT/bzImage" "$OUT/mods" "$OUT/kver" "$OUT/config"
mkdir -p "$W/unpack"
: > "$LOG"

# gcc must compile and link a C program with the flags used below (this catches a missing libc6-dev).
printf 'int main(void) { return 0; }\n' > "$W/t.c"
gcc -fno-pie -no-pie -fno-stack-protector -o "$W/t" "$W/t.c" >>"$LOG" 2>&1 &&
  gcc -fcommon -o "$W/t" "$W/t.c" >>"$LOG" 2>&1 ||
  die "gcc cannot build a C program (apt-get install gcc libc6-dev); see $LOG"

# The source.
if [ -z "$SRC" ]; then
  mkdir -p "$OUT/cache"
  SRC=$OUT/cache/linux-$KVER.tar.xz
  if ! { [ -f "$SRC" ] && echo "$SHA256  $SRC" | sha256sum -c --status; }; then
    rm -f "$SRC" "$SRC.part"
    echo "$me: downloading $URL"
    if command -v curl >/dev/null 2>&1; then
      curl -fsSL --retry 2 -o "$SRC.part" "$URL" 2>>"$LOG"
    else
      wget -q -O "$SRC.part" "$URL" 2>>"$LOG"
    fi || { rm -f "$SRC.part"; die "download of $URL failed (no network? pass a linux-$KVER.tar.xz or source directory as SOURCE)"; }
    echo "$SHA256  $SRC.part" | sha256sum -c --status ||
      { rm -f "$SRC.part"; die "$URL: sha256 mismatch (expected $SHA256)"; }
    mv "$SRC.part" "$SRC"
  fi
fi
echo "$me: unpacking $SRC"
if [ -d "$SRC" ]; then
  # Copied without .git: setlocalversion would otherwise append "+" to the release.
  (cd "$SRC" && tar --exclude=.git -cf - .) | (cd "$W/unpack" && tar -xf -) ||
    die "cannot copy $SRC to $W/unpack"
else
  case $SRC in
    *.tar.xz|*.txz|*.tar.gz|*.tgz) ;;
    *) die "SOURCE must be a .tar.xz or .tar.gz file or a directory: $SRC" ;;
  esac
  tar -xf "$SRC" -C "$W/unpack" 2>>"$LOG" || die "cannot unpack $SRC (see $LOG)"
fi
S=
for d in "$W/unpack" "$W"/unpack/*; do
  [ -f "$d/Makefile" ] && [ -d "$d/arch/x86" ] && { S=$d; break; }
done
[ -n "$S" ] || die "$SRC holds no Linux source tree"
v=$(awk -F' *= *' '$1 == "VERSION" { a = $2 } $1 == "PATCHLEVEL" { b = $2 }
  $1 == "SUBLEVEL" { c = $2 } $1 == "EXTRAVERSION" { e = $2; exit } END { print a "." b "." c e }' "$S/Makefile")
[ "$v" = "$KVER" ] || die "$SRC is Linux $v, not $KVER"

# R_X86_64_PLT32 = R_X86_64_PC32: add a case label after the PC32 one in the two switches.
for f in arch/x86/kernel/module.c arch/x86/tools/relocs.c; do
  grep -q '^[[:space:]]*case R_X86_64_PLT32:' "$S/$f" && continue   # already has it
  [ "$(grep -c '^[[:space:]]*case R_X86_64_PC32:$' "$S/$f")" = 1 ] ||
    die "$f: not the 3.10 code this script knows (no single 'case R_X86_64_PC32:')"
  sed '/^[[:space:]]*case R_X86_64_PC32:$/{p;s/PC32/PLT32/;}' "$S/$f" > "$S/$f.new" && mv "$S/$f.new" "$S/$f"
  grep -q '^[[:space:]]*case R_X86_64_PLT32:$' "$S/$f" || die "$f: the R_X86_64_PLT32 change did not apply"
done

JOBS=${JOBS:-$(nproc)}
mk() {
  nice -n 19 make -C "$S" ARCH=x86_64 LOCALVERSION= CC="gcc -fno-pie -no-pie" HOSTCC="gcc -fcommon" \
    KCFLAGS="-fno-stack-protector -Wno-error -fno-pie" "$@" >>"$LOG" 2>&1
}
firsterr() { grep -m1 -E 'error:|Error [0-9]|\*\*\*' "$LOG" || tail -n 1 "$LOG"; }
if [ -e "$S/.config" ] || [ -d "$S/include/config" ]; then
  mk mrproper || die "make mrproper failed: $(firsterr) (log: $LOG)"
fi

echo "$me: configuring from $FRAG"
mk KCONFIG_ALLCONFIG="$FRAG" allnoconfig || die "make allnoconfig failed: $(firsterr) (log: $LOG)"
# Every option of the fragment must have survived Kconfig (an unmet dependency drops it silently).
bad=
while IFS= read -r line; do
  case $line in CONFIG_*=*) ;; *) continue ;; esac
  name=${line%%=*}
  case ${line#*=} in
    n) grep -q "^$name=" "$S/.config" && bad="$bad $line" ;;
    *) grep -qxF "$line" "$S/.config" || bad="$bad $line" ;;
  esac
done < "$FRAG"
[ -z "$bad" ] || die "the .config did not take from the fragment:$bad"

echo "$me: make -j$JOBS bzImage modules (log: $LOG)"
start=$(date +%s)
mk -j"$JOBS" bzImage modules || die "make bzImage modules failed: $(firsterr) (log: $LOG)"
[ "$(cat "$S/include/config/kernel.release")" = "$KVER" ] ||
  die "the build says it is $(cat "$S/include/config/kernel.release"), not $KVER"

# The modules, in load order; check that each one's dependencies come before it.
mkdir -p "$W/mods"
loaded=
for m in $MODS; do
  ko=$(find "$S/net" "$S/drivers" -name "$m.ko" -type f | head -n 1)
  [ -n "$ko" ] || die "the build made no $m.ko"
  for dep in $(tr '\0' '\n' < "$ko" | sed -n 's/^depends=//p' | tr ',' ' '); do
    case " $loaded " in *" $dep "*) ;; *) die "$m.ko needs $dep, which is not loaded before it" ;; esac
  done
  cp "$ko" "$W/mods/"
  echo "$m.ko" >> "$W/mods/order"
  loaded="$loaded $m"
done

cp "$S/.config" "$OUT/config"
cp "$S/arch/x86/boot/bzImage" "$OUT/bzImage"
mv "$W/mods" "$OUT/mods"
echo "$KVER" > "$OUT/kver"    # last: it marks the build as complete
rm -rf "$W"
echo "$me: built $OUT/bzImage and $OUT/mods ($(( $(date +%s) - start )) s of make)"
