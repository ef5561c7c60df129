# SPDX-License-Identifier: GPL-2.0-or-later
"""file-audit.py LIST BINARY: checks strace logs of ifenslave runs for the files they touched.

LIST holds one "TRACE<TAB>DESCRIPTION" line per run, TRACE an `strace -f -e trace=%file`
log (a file opened relative to a directory opened before counts by its whole path). A run
may read and write only under /sys/class/net/, and read a bond's
/proc/net/bonding/BOND (3.10 shows some slave values there alone); apart from that, only the fixed
paths the Swift runtime and ifenslave look at on every run, whatever the arguments: its own
executable and directory (the runtime looks for its backtracer beside it), /proc/self/maps,
/proc/self/status and the list of CPUs, and /dev/urandom on kernels before 3.17, which have no
getrandom(2) for the runtime's hash seed. A sanitizer build (make sanitize) is dynamically
linked and also has the dynamic loader's reads (/etc/ld.so.*, shared libraries and the
directories searched for them) and the sanitizer runtime's (/proc/self/*, and a search of
PATH for llvm-symbolizer). No run may create, remove, rename or link a file.
Prints "ok" per clean run, or the run's description and the offending call; exit 1 if any."""
import os
import re
import sys

listing, binary = sys.argv[1], os.path.realpath(sys.argv[2])
bindir = os.path.dirname(binary)
FIXED = {"/proc/self/exe", "/proc/self/maps", "/proc/self/status", "/sys/devices/system/cpu/possible"}
if tuple(int(n) for n in os.uname().release.split(".")[:2]) < (3, 17):
    FIXED.add("/dev/urandom")
NEVER = re.compile(r"^(unlink|unlinkat|rename|renameat2?|mkdir|mkdirat|rmdir|link|linkat|symlink|symlinkat|"
                   r"chmod|fchmodat|chown|fchownat|lchown|truncate|mknod|mknodat|creat|utimensat)$")
CALL = re.compile(r'^(?:\d+ +)?(\w+)\((.*)\) += (.*)$')
# openat(FD, "name", ...) opens relative to a directory FD opened before (a bond's bonding/).
RELATIVE = re.compile(r'^(\d+), ')
PATH = re.compile(r'"((?:[^"\\]|\\.)*)"')


with open(binary, "rb") as f:
    SANITIZER = b"__asan_init" in f.read()
RUNTIME = re.compile(r"^/etc/ld\.so\.(preload|cache)$|\.so(\.[0-9]+)*$|/lib[^/]*(/.*)?$|^/proc/self/"
                     r"|(^|/)llvm-symbolizer$")


def allowed(path):
    if path.startswith("/sys/class/net/") or path == "/sys/class/net":
        return "/../" not in path + "/" and "/./" not in path + "/"
    if path.startswith("/proc/net/bonding/"):
        return re.fullmatch(r"/proc/net/bonding/[^/]+", path) is not None and path.rsplit("/", 1)[1] not in (".", "..")
    if SANITIZER and RUNTIME.search(path):
        return True
    return path in FIXED or path == bindir or path.startswith(bindir + "/")


failed = 0
with open(listing) as f:
    runs = [line.rstrip("\n").split("\t", 1) for line in f if line.strip()]
for trace, what in runs:
    problems = []
    directories = {}
    with open(trace, errors="replace") as f:
        for line in f:
            m = CALL.match(line.strip())
            if not m:
                continue
            call, args, result = m.group(1), m.group(2), m.group(3)
            if NEVER.match(call):
                problems.append(line.strip())
                continue
            paths = PATH.findall(args)
            if call in ("execve",) or not paths:
                continue
            # The first string is the path for every %file call but execve.
            path = paths[0].encode().decode("unicode_escape")
            relative = RELATIVE.match(args)
            if call == "openat" and relative:
                if relative.group(1) not in directories:
                    problems.append(line.strip())
                    continue
                path = directories[relative.group(1)] + "/" + path
            if call == "openat" and "O_DIRECTORY" in args and result.split()[0].isdigit():
                directories[result.split()[0]] = path
            if path == "" and "AT_EMPTY_PATH" in args:    # fstat of an open descriptor
                continue
            if not allowed(path):
                problems.append(line.strip())
            elif call.startswith("open") and re.search(r"O_(WRONLY|RDWR|CREAT|TRUNC)", args) \
                    and not path.startswith("/sys/class/net/"):
                problems.append(line.strip())
    if problems:
        failed += 1
        print("%s: touched a file it must not" % what)
        for p in problems[:5]:
            print("    " + p)
    else:
        print("ok")
sys.exit(1 if failed else 0)
