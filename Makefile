# kcapi-rs — build, test and install libkcapi.so.1 (Rust drop-in for libkcapi 1.5.1).
#
#   make                 release build into build/ (libkcapi.so.1.5.1 + links, libkcapi.a,
#                        libkcapi.pc, man pages)
#   make check           everything: Rust tests, ELF and header checks, C tests and
#                        differential tests against Debian's libkcapi under a real kernel
#   make check-faults    the C tests under injected kernel refusals (seccomp, rlimits, EINTR)
#   make check-valgrind  the C tests under valgrind memcheck
#   make check-matrix    the library and tools on 6.1, 6.12, 7.2, 7.3 (af_alg_restrict 0/1/2) x
#                        root, unprivileged, seccomp without splice, without crypto_user
#   make install         PREFIX=/usr/local LIBDIR INCLUDEDIR MANDIR BINDIR LIBEXECDIR DESTDIR
#   make uninstall       removes exactly what install put there
#   make fuzz SECONDS=N  differential fuzzer (Debian's libkcapi vs ours) for N seconds in the VM
#   make bench           syscall budget and time per call against Debian's libkcapi (in the VM)
#   make deb             Debian packages libkcapi1, libkcapi-dev, kcapi-tools into build/deb/
#   make header          regenerate include/kcapi.h with the pinned cbindgen
#   make man             regenerate man/man3 from include/kcapi.h

VERSION     := 1.5.1
PREFIX      ?= /usr/local
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
MANDIR      ?= $(PREFIX)/share/man
BINDIR      ?= $(PREFIX)/bin
LIBEXECDIR  ?= $(PREFIX)/libexec
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR     ?=
KERNEL      ?= 6.12
DEB_REVISION ?= 0kcapirs1
CARGO       ?= cargo
CBINDGEN_VERSION := 0.29.4
CBINDGEN    ?= $(HOME)/.cargo/bin/cbindgen

B := build
SONAME := libkcapi.so.1
REAL   := libkcapi.so.$(VERSION)

.PHONY: all lib check check-full check-elf check-header check-man check-install check-lint check-crate test-rust \
        test-kernel kernel-prep deps header man install uninstall clean coverage bench readme tools fmt-check fuzz \
        deb deb-reference check-deb

all: lib tools man-check-quiet

lib: $(B)/$(REAL) $(B)/libkcapi.a $(B)/libkcapi.pc

# One build of the C library crate makes both C libraries, with the symbol versions.
$(B)/.cargo-stamp: FORCE
	$(CARGO) build --release -p libkcapi
	@mkdir -p $(B)
	@touch $@

FORCE:

$(B)/$(REAL): $(B)/.cargo-stamp tools/elf-verdef-chain
	cp target/release/libkcapi.so $@.tmp
	python3 tools/elf-verdef-chain $@.tmp
	mv $@.tmp $@
	ln -sf $(REAL) $(B)/$(SONAME)
	ln -sf $(SONAME) $(B)/libkcapi.so

$(B)/libkcapi.a: $(B)/.cargo-stamp
	cp target/release/libkcapi.a $@

$(B)/libkcapi.pc: kcapi.pc.in Makefile
	@mkdir -p $(B)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

man-check-quiet:
	@python3 tools/gen-man --check include/kcapi.h man/man3 >/dev/null 2>&1 || \
	  echo "note: man/man3 is out of date with include/kcapi.h (run 'make man')"

# ---------------------------------------------------------------- generated sources
header: deps-cbindgen
	$(CBINDGEN) --quiet --config cbindgen.toml --output include/kcapi.h .
	python3 tools/header-extensions include/kcapi.h abi/kcapi-rs.symbols

man:
	python3 tools/gen-man include/kcapi.h man/man3

deps-cbindgen:
	@tools/setup-deps cbindgen $(CBINDGEN_VERSION)

deps:
	@tools/setup-deps all $(CBINDGEN_VERSION)

# ---------------------------------------------------------------- checks
CHECK_STEPS := deps lib check-lint check-elf check-header check-man check-install test-rust check-crate test-kernel

# The steps one after the other, with a table of their wall times at the end.
check:
	@MAKE="$(MAKE)" tools/run-steps $(B)/check-times $(CHECK_STEPS)

# make check with the long variants of the kernel tests (10,000 fd-leak cycles, 1 GiB tool
# inputs); not run by CI.
check-full:
	@MAKE="$(MAKE)" KCAPI_CHECK_FULL=1 tools/run-steps $(B)/check-times $(CHECK_STEPS)

check-elf: lib
	python3 tools/check-elf abi/libkcapi.symbols abi/kcapi-rs.symbols $(B)/$(REAL)

check-header: deps-cbindgen
	$(CBINDGEN) --quiet --config cbindgen.toml --output $(B)/kcapi.h.generated .
	python3 tools/header-extensions $(B)/kcapi.h.generated abi/kcapi-rs.symbols
	@diff -u include/kcapi.h $(B)/kcapi.h.generated || \
	  { echo "include/kcapi.h is out of date with the sources: run 'make header'"; exit 1; }
	python3 tools/check-header include/kcapi.h /usr/include/kcapi.h abi/kcapi-1.5-additions.h $(B)/$(REAL) abi/kcapi-rs.symbols

check-install: lib tools
	tools/check-install $(B)

check-man:
	python3 tools/gen-man --check include/kcapi.h man/man3

# Host-side Rust tests (no kernel needed): the C library's argument checks called in-process,
# afalg's unit tests and doc tests (their examples return early without AF_ALG), the tools'.
test-rust:
	$(CARGO) test --workspace

# Formatting, clippy and rustdoc, all with zero warnings.
check-lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy -p libkcapi --lib -- -D warnings
	$(CARGO) clippy -p afalg --lib --no-default-features -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps

# A crate outside the workspace that depends on afalg builds and tests in release mode.
check-crate:
	tools/check-crate $(CURDIR)/afalg $(CURDIR)/$(B)/scratch-crate

# The command-line tools (the kcapi-tools crate).
TOOLS := kcapi-hasher kcapi-dgst kcapi-rng kcapi-enc
HASHER_NAMES := md5sum sha1sum sha224sum sha256sum sha384sum sha512sum sha3sum sm3sum \
                sha1hmac sha224hmac sha256hmac sha384hmac sha512hmac sm3hmac fipscheck fipshmac
MAN1 := $(addsuffix .1,$(TOOLS))

# Rust formatting (rustfmt.toml): not part of check, for contributors
fmt-check:
	$(CARGO) fmt --check

# make print-TOOLS etc.: the value of a variable (used by tools/check-install)
print-%:
	@echo $($*)

tools:
	$(CARGO) build --release -p kcapi-tools
	@mkdir -p $(B)/bin
	cp $(addprefix target/release/,$(TOOLS)) $(B)/bin/

# The C test programs the differential runs with both libraries.
DIFF_PROGS := md_kat md_errors compat_symver cipher_kat cipher_errors kdf_kat kdf_errors rng_test \
              aead_kat aead_errors

# Everything that needs AF_ALG runs in one boot of a real kernel (or natively where the
# host has AF_ALG): Rust integration tests, C tests, differential tests.
test-kernel: kernel-prep
	# One boot runs everything, in two lanes (two vCPUs); see the table it prints at the end.
	# STEPS="tools: differential" runs only the steps whose names start with these words.
	tools/vmrun --kernel $(KERNEL) --timeout 4800 -- tools/kernel-tests $(CURDIR)/$(B) $(STEPS)

# What the kernel tests run, built on the host: the C tests against our header and library and
# against Debian's, the list of programs both builds make identically, the Rust test binaries,
# our .debs and Debian's (for the package swap test).
kernel-prep: lib tools deb deb-reference
	$(MAKE) -C capi-tests OUT=$(CURDIR)/$(B)/capi-tests INC=$(CURDIR)/include LIBDIR=$(CURDIR)/$(B)
	$(MAKE) -C capi-tests OUT=$(CURDIR)/$(B)/capi-tests-sys INC=/usr/include LIBDIR=
	tools/same-program $(B)/capi-tests $(B)/capi-tests-sys $(DIFF_PROGS) >$(B)/same-program.list
	tools/rust-test-binaries $(B)/rust-tests.list $(B)/rust-examples.list

# The differential fuzzer (capi-tests/fuzz): random call sequences against Debian's libkcapi and
# ours in one VM boot, from a random seed (FUZZ_SEED=... to repeat one), for SECONDS seconds.
SECONDS ?= 300
FUZZ_SEED ?=
fuzz: lib
	$(MAKE) -C capi-tests OUT=$(CURDIR)/$(B)/capi-tests INC=$(CURDIR)/include LIBDIR=$(CURDIR)/$(B) $(CURDIR)/$(B)/capi-tests/fuzz
	tools/vmrun --kernel $(KERNEL) --timeout $$(($(SECONDS) + 900)) -- \
	  $(B)/capi-tests/fuzz -l $(B)/$(REAL) -t $(SECONDS) -k $(if $(FUZZ_SEED),-s $(FUZZ_SEED))

# Fault injection (not part of check; check runs its --quick slice from tools/kernel-tests):
# the C tests with the kernel refusing one thing at a time (capi-tests/README.md).
.PHONY: check-faults check-valgrind check-matrix
check-faults: lib
	$(MAKE) -C capi-tests OUT=$(CURDIR)/$(B)/capi-tests INC=$(CURDIR)/include LIBDIR=$(CURDIR)/$(B)
	LD_LIBRARY_PATH=$(CURDIR)/$(B) KCAPI_TEST_RS=1 tools/vmrun --kernel $(KERNEL) --timeout 5400 -- \
	  capi-tests/run-faults.sh $(CURDIR)/$(B)/capi-tests

# The C tests under valgrind memcheck in the VM (not part of check; slow under TCG).
check-valgrind: lib
	$(MAKE) -C capi-tests OUT=$(CURDIR)/$(B)/capi-tests INC=$(CURDIR)/include LIBDIR=$(CURDIR)/$(B)
	LD_LIBRARY_PATH=$(CURDIR)/$(B) KCAPI_TEST_RS=1 tools/vmrun --kernel $(KERNEL) --timeout 10800 -- \
	  capi-tests/run-valgrind.sh $(CURDIR)/$(B)/capi-tests

# The kernel matrix (not part of check; about 30 minutes on an idle host): one VM boot per
# kernel, every af_alg_restrict level where the kernel has the sysctl, each mode in turn; one
# table kernel x mode -> passed/failed/skipped, skips with their reasons (tools/matrix).
# KERNELS="6.1 7.3" MODES="root unpriv" RESTRICTS="1" select cells.
KERNELS ?= 6.1 6.12 7.2 7.3
MODES ?= root unpriv seccomp nocu
RESTRICTS ?= 0 1 2
check-matrix: lib tools
	$(MAKE) -C capi-tests OUT=$(CURDIR)/$(B)/capi-tests INC=$(CURDIR)/include LIBDIR=$(CURDIR)/$(B)
	KERNELS="$(KERNELS)" MODES="$(MODES)" RESTRICTS="$(RESTRICTS)" tools/matrix $(B)

# Benchmarks print figures, in one boot of the VM: the syscall budget (bench/run-syscalls: fails
# when a budgeted phase costs more syscalls than libkcapi) and the table of bench/run-bench
# (time per call against Debian's libkcapi, interleaved rounds, syscalls per call, peak RSS,
# library size; no pass/fail on speed). BENCH_OTHER=DIR (a directory with another
# libkcapi.so.1, inside the work tree) adds a third column; BENCH_ROUNDS, BENCH_MS as in the script.
BENCH_OTHER ?=
bench: lib
	tools/vmrun --kernel $(KERNEL) --timeout 1800 -- sh -c \
	  'bench/run-syscalls $(B); rc=$$?; bench/run-bench $(B) $(BENCH_OTHER) && exit $$rc'

coverage: lib
	python3 tools/check-elf --coverage abi/libkcapi.symbols $(B)/$(REAL)

readme: lib
	python3 tools/update-readme README.md abi/libkcapi.symbols $(B)/$(REAL)

# ---------------------------------------------------------------- install
MAN3 = $(notdir $(wildcard man/man3/*.3))

install: lib tools
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man3
	install -m 0755 $(B)/$(REAL) $(DESTDIR)$(LIBDIR)/$(REAL)
	ln -sf $(REAL) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libkcapi.so
	install -m 0644 $(B)/libkcapi.a $(DESTDIR)$(LIBDIR)/libkcapi.a
	install -m 0644 include/kcapi.h $(DESTDIR)$(INCLUDEDIR)/kcapi.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' kcapi.pc.in \
	    > $(DESTDIR)$(PKGCONFIGDIR)/libkcapi.pc
	chmod 0644 $(DESTDIR)$(PKGCONFIGDIR)/libkcapi.pc
	install -m 0644 man/man3/*.3 $(DESTDIR)$(MANDIR)/man3/
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)/libkcapi $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(addprefix $(B)/bin/,$(TOOLS)) $(DESTDIR)$(BINDIR)/
	for n in $(HASHER_NAMES); do ln -sf $(BINDIR)/kcapi-hasher $(DESTDIR)$(LIBEXECDIR)/libkcapi/$$n; done
	python3 -c 'import hmac,sys; d=open(sys.argv[1],"rb").read(); \
	    print(hmac.new(b"FIPS-FTW-RHT2009", d, "sha512").hexdigest() + "  " + sys.argv[2])' \
	    $(B)/bin/kcapi-hasher $(BINDIR)/kcapi-hasher > $(DESTDIR)$(BINDIR)/.kcapi-hasher.hmac
	install -m 0644 $(addprefix man/man1/,$(MAN1)) $(DESTDIR)$(MANDIR)/man1/

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(REAL) $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libkcapi.so \
	      $(DESTDIR)$(LIBDIR)/libkcapi.a $(DESTDIR)$(INCLUDEDIR)/kcapi.h \
	      $(DESTDIR)$(PKGCONFIGDIR)/libkcapi.pc
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man3/,$(MAN3))
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(TOOLS) .kcapi-hasher.hmac) \
	      $(addprefix $(DESTDIR)$(LIBEXECDIR)/libkcapi/,$(HASHER_NAMES)) \
	      $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(MAN1))
	rmdir $(DESTDIR)$(LIBEXECDIR)/libkcapi 2>/dev/null || true

# ---------------------------------------------------------------- Debian packages
# Three .debs that upgrade over Debian's libkcapi1, libkcapi-dev and kcapi-tools (same names,
# version $(VERSION)-$(DEB_REVISION)); built with dpkg-deb from `make install` at Debian's paths.
deb: lib tools
	tools/make-deb $(B) $(VERSION)-$(DEB_REVISION)

# What the swap test needs from Debian, made on the host (the VM has no network): Debian's
# own libkcapi .debs (fetched once, cached under ~/.cache/kcapi-rs) and a C program built
# against Debian's libkcapi-dev.
deb-reference:
	tools/deb-reference $(B)/deb/debian

# The swap test alone (make check runs it as a step of its one VM boot).
check-deb: deb deb-reference
	tools/vmrun --kernel $(KERNEL) --timeout 900 -- tools/deb-swap-test $(CURDIR)/$(B)

clean:
	rm -rf $(B)
	$(CARGO) clean
