# SPDX-License-Identifier: GPL-2.0-or-later
# ifenslave: build, test, install.
#
#   make            release binary, fully static (Swift runtime, libnl, glibc), stripped:
#                   .build/release/ifenslave
#   make check      swift format lint, unit tests (swift test), then the VM suite on the real bonding driver:
#                   Debian's 6.1, 5.10, 6.12 and sid's 7.x (--backend netlink and ioctl), and 3.10.108
#                   and RHEL 7's 3.10.0-1160 from ../shared/kernels (--backend auto and ioctl)
#   make vm-test SUITES="bookworm:ioctl"   one kernel and backend of the VM suite
#   make vm-test KERNEL=DIR                the VM suite on the kernel in DIR (bzImage, mods/)
#   make demo       sets everything up, then shows the tool's main job in a throw-away VM
#   make install    PREFIX=/usr/local DESTDIR= ; make uninstall  (MANDIR, *COMPDIR override the parts)
#   make fuzz       libFuzzer on the reply decoders and the argument parser, FUZZ_RUNS each
#   make sanitize   unit tests under ASan+LSan and TSan, then the VM cases with an ASan binary
#   make bench      benchmarks against iproute2 and bond throughput (BENCHMARKS.md), ~15 min
#   make soak       --monitor --json through FLAPS link flaps and failovers (20000, ~15 min), then
#                   a stalled reader, in a VM: no event lost, valid JSON, memory flat (README)
#   make dist       ifenslave-VERSION.tar.gz, the release tarball the SlackBuild builds from
#   make deb        .build/packages/ifenslave_VERSION-1_amd64.deb (packaging/debian)
#   make rpm        .build/packages/ifenslave-VERSION-1.x86_64.rpm for RHEL/CentOS 7 and later
#                   (packaging/rpm); both hold the release binary, man page and completions
#   make deps       installs the Debian packages the build and the tests need (root)

PREFIX ?= /usr/local
DESTDIR ?=
SBINDIR ?= $(PREFIX)/sbin
# Slackware keeps man pages in /usr/man; the SlackBuild passes MANDIR=/usr/man.
MANDIR ?= $(PREFIX)/share/man
# Where each shell looks: bash-completion's completionsdir, zsh's site-functions, fish's
# vendor_completions.d.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
VERSION = $(shell sed -n 's/.*static let version = "\(.*\)"/\1/p' Sources/IfenslaveCore/Output/Help.swift)
SWIFT ?= swift
BIN = .build/release/ifenslave

# The benchmarks also need valgrind (callgrind), GNU time and iperf3.
BENCH_PACKAGES = valgrind time iperf3 file

# Build: libnl headers. VM suite: qemu, busybox, kmod, jq, python3; xz-utils and zstd unpack kernels
# (apt and dpkg, always there, fetch them and sid's iproute2 into .build/vm).
# Documentation tests: mandoc lints the man page; bash, zsh and fish load the completions;
# lintian checks the Debian package (dpkg-deb, always there, builds it); rpm has rpmbuild,
# which builds the RPM, and the rpm that installs it into a scratch root.
DEBIAN_PACKAGES = libnl-3-dev libnl-route-3-dev pkg-config qemu-system-x86 busybox-static kmod \
  jq python3 xz-utils zstd iproute2 util-linux mandoc zsh fish git strace lintian rpm

.PHONY: all check lint format unit-test doc-test vm-test demo deps install uninstall dist deb rpm clean fuzz \
  sanitize bench soak

all: $(BIN)

# -static-executable: no dynamic loader at start (which spent most of --version resolving
# libstdc++'s symbols; BENCHMARKS.md), and no libnl or glibc needed at run
# time, so the one binary runs on RHEL 7 (glibc 2.17) and Slackware 14.1 as on Debian 12.
# The linker warns that libnl's unused getaddrinfo/getprotobyname would need glibc's NSS
# modules; ifenslave never calls them.
$(BIN): Package.swift $(shell find Sources -type f)
	$(SWIFT) build -c release --static-swift-stdlib -Xswiftc -static-executable
	cp $(BIN) $(BIN).symbols
	strip $(BIN)

check: lint unit-test doc-test vm-test

# The toolchain's formatter, with the house's settings in .swift-format; `make format` applies it.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests

# The man page's and completions' coverage of the options is in the unit tests (DocumentationTests).
unit-test:
	$(SWIFT) test

doc-test: $(BIN)
	mandoc -Tlint -W warning man/ifenslave.8
	groff -ww -z -man man/ifenslave.8
	Tests/completions/load.sh
	Tests/install.sh
	Tests/packaging/slackbuild.sh
	Tests/packaging/deb.sh
	Tests/packaging/rpm.sh

# KERNEL=DIR: the suite on that kernel alone (see Tests/vm/run.sh for the layout), with
# --backend auto and --backend ioctl.
vm-test: $(BIN)
	Tests/vm/matrix.sh $(if $(KERNEL),$(KERNEL):auto $(KERNEL):ioctl,$(SUITES))

# The VM cases run an AddressSanitizer build of the binary (any report fails its case: it
# writes to stderr and exits non-zero), on bookworm's kernel with the default backend.
ASAN_BIN = .build/asan/release/ifenslave
sanitize:
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/sanitizers/lsan.supp \
	  $(SWIFT) test --sanitize=address --scratch-path .build/asan
	$(SWIFT) test --sanitize=thread --scratch-path .build/tsan
	$(SWIFT) build -c release --sanitize=address --scratch-path .build/asan --product ifenslave
	VMH_TIMEOUT=1800 Tests/vm/run.sh Tests/vm/guest/run-cases.sh VMT_IFENSLAVE=$(ASAN_BIN)

bench: $(BIN)
	$(MAKE) deps DEBIAN_PACKAGES="$(DEBIAN_PACKAGES) $(BENCH_PACKAGES)"
	bench/run.sh

# bench/guest/soak.sh; its output stays in .build/soak.
FLAPS ?= 20000
soak: $(BIN)
	VMH_TIMEOUT=3600 Tests/vm/run.sh bench/guest/soak.sh $(FLAPS)

demo: deps $(BIN)
	Tests/vm/run.sh Tests/vm/demo.sh

deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

install: $(BIN)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHCOMPDIR) \
	  $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(SBINDIR)/ifenslave
	install -m 0644 man/ifenslave.8 $(DESTDIR)$(MANDIR)/man8/ifenslave.8
	install -m 0644 completions/ifenslave.bash $(DESTDIR)$(BASHCOMPDIR)/ifenslave
	install -m 0644 completions/_ifenslave $(DESTDIR)$(ZSHCOMPDIR)/_ifenslave
	install -m 0644 completions/ifenslave.fish $(DESTDIR)$(FISHCOMPDIR)/ifenslave.fish

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/ifenslave $(DESTDIR)$(MANDIR)/man8/ifenslave.8 \
	  $(DESTDIR)$(BASHCOMPDIR)/ifenslave $(DESTDIR)$(ZSHCOMPDIR)/_ifenslave \
	  $(DESTDIR)$(FISHCOMPDIR)/ifenslave.fish

# libFuzzer harnesses (Tests/fuzz), each compiled with the core's sources into one module
# under AddressSanitizer, then run from the captured replies and typical command lines.
FUZZ_RUNS ?= 1000000
CORE_SOURCES = $(shell find Sources/IfenslaveCore -name '*.swift')
FUZZ_FLAGS = -sanitize=fuzzer,address -O -parse-as-library -module-name IfenslaveCore \
  -I Sources/CNetlink $(patsubst -I%,-Xcc -I%,$(shell pkg-config --cflags-only-I libnl-route-3.0))

fuzz: .build/fuzz/replies .build/fuzz/arguments
	Tests/fuzz/run.sh $(FUZZ_RUNS)

.build/fuzz/%: Tests/fuzz/%.swift $(CORE_SOURCES)
	mkdir -p .build/fuzz
	@echo "swiftc -sanitize=fuzzer,address ... $<"
	@# ld.gold warns once per ASan symbol it cannot export; nothing else is hidden.
	@swiftc $(FUZZ_FLAGS) $(CORE_SOURCES) $< -o $@ 2>&1 | grep -v 'Cannot export local symbol' || true
	@test -x $@

# The Debian package: what make install puts under /usr, with zsh's completion where Debian's
# zsh looks first, then packaging/debian/build-deb.sh adds the Debian files and packs it.
PACKAGES = .build/packages
deb: $(BIN)
	rm -rf .build/deb
	$(MAKE) -s install DESTDIR=$(CURDIR)/.build/deb PREFIX=/usr \
	  ZSHCOMPDIR=/usr/share/zsh/vendor-completions
	packaging/debian/build-deb.sh .build/deb $(VERSION) $(PACKAGES)

# The RPM: packaging/rpm/ifenslave.spec runs make install itself, with its paths (the binary
# and man page under /usr/libexec and /usr/share/ifenslave, because RHEL's iputils owns
# /usr/sbin/ifenslave; the spec says how they take its place). The changelog's date is the
# last commit's.
rpm: $(BIN)
	rm -rf .build/rpm
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) \
	  rpmbuild -bb --quiet --define "_topdir $(CURDIR)/.build/rpm" \
	  --define "_rpmdir $(CURDIR)/$(PACKAGES)" --define "srcdir $(CURDIR)" \
	  --define "pkg_version $(VERSION)" packaging/rpm/ifenslave.spec

# The committed tree at HEAD, as a release tarball (ifenslave-VERSION/...).
dist:
	git archive --format=tar.gz --prefix=ifenslave-$(VERSION)/ -o ifenslave-$(VERSION).tar.gz HEAD

clean:
	rm -rf .build/release .build/debug .build/deb .build/rpm $(PACKAGES)
