// SPDX-License-Identifier: GPL-2.0-or-later
// What Swift's Glibc module leaves out of glibc: getopt_long (<getopt.h>), the parser
// ifenslave 1.1.0 used, and the namespace calls <sched.h> declares only under _GNU_SOURCE,
// which a module cannot set for headers the Glibc module has already read.
#include <getopt.h>

int setns(int fd, int nstype);
int unshare(int flags);

// <linux/sched.h>'s CLONE_NEWNS and CLONE_NEWNET.
enum { IFENSLAVE_CLONE_NEWNS = 0x00020000, IFENSLAVE_CLONE_NEWNET = 0x40000000 };
