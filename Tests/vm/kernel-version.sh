#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel-version.sh KERNEL: the release (uname -r) of a bzImage or an ELF vmlinux.
# A bzImage's setup header holds, at 0x20E, the offset (less 0x200) of its version string.
set -eu
K=${1:?usage: kernel-version.sh KERNEL}
if [ "$(head -c 4 "$K" | od -An -c | tr -d ' ')" = '177ELF' ]; then
  LC_ALL=C grep -a -m1 -o 'Linux version [^ ]*' "$K" | cut -d' ' -f3
else
  off=$(od -An -tu2 -j 526 -N 2 "$K" | tr -d ' ')
  tail -c +$((off + 512 + 1)) "$K" | head -c 64 | tr '\000' '\n' | head -n 1 | cut -d' ' -f1
fi
