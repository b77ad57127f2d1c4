#!/usr/bin/env bash
# run-all.sh - run every C test program once against the libkcapi.so.1 that
# the dynamic linker finds (choose it with LD_LIBRARY_PATH) and print the
# aggregate "N passed, N failed" line (sum of all programs' last lines).
#
#     tools/vmrun -- capi-tests/run-all.sh [BINDIR]
#
# BINDIR  directory with the binaries (default: $BINDIR, else
#         ../build/capi-tests relative to this script; built with make
#         against the system library if missing).
# KCAPI_TEST_RS=1 is passed through to the programs (kcapi-rs-only checks).
# KCAPI_TEST_FDLEAK_CYCLES overrides md_fdleak's cycle count (default 10000).
# PROGS="md_kat ..."  run only these programs (default: all; with KCAPI_TEST_RS=1 keyring_test too
#         where BINDIR has it, i.e. built against our kcapi.h: it tests the kcapi-rs extensions).
# KCAPI_TOOLS_BIN=DIR  keyring_test also compares our tools in DIR (--key-serial vs --keyfd).
# SAVE_DIR=DIR  keep each program's output as DIR/PROG.out and its exit status as DIR/PROG.rc
#         (run-differential.sh's OURS_SAVED reads them instead of running the program again).
# A program that crashes, hangs (each has its own alarm) or prints no summary
# line counts as one failure.  Exit status 1 if anything failed.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
BINDIR=${1:-${BINDIR:-$HERE/../build/capi-tests}}
[[ -n ${PROGS:-} ]] && PROGS_GIVEN=1
PROGS=${PROGS:-"md_kat md_sha3 md_errors md_threads md_fdleak compat_symver
       cipher_kat cipher_errors cipher_aio cipher_threads cipher_fdleak
       kdf_kat kdf_errors rng_test aead_kat aead_errors akcipher_kpp akcipher_vectors alg_access"}
[[ -z ${PROGS_GIVEN+x} && ${KCAPI_TEST_RS:-} == 1 && -x $BINDIR/keyring_test ]] && PROGS="$PROGS keyring_test"
SAVE_DIR=${SAVE_DIR:-}

missing=0
for p in $PROGS; do [[ -x $BINDIR/$p ]] || missing=1; done
if [[ $missing == 1 ]]; then
	echo "building test programs into $BINDIR"
	make -s -C "$HERE" OUT="$BINDIR" || { echo "0 passed, 1 failed"; exit 1; }
fi

lib=$(ldd "$BINDIR/md_kat" 2>/dev/null | awk '$1 == "libkcapi.so.1" { print $3 }')
echo "library: ${lib:-?} (LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-})"

total_pass=0
total_fail=0
out=$(mktemp "${TMPDIR:-/tmp}/kcapi-run-all.XXXXXX")
trap 'rm -f "$out"' EXIT
for p in $PROGS; do
	start=$(date +%s)
	"$BINDIR/$p" >"$out" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	if [[ -n $SAVE_DIR ]]; then
		cp "$out" "$SAVE_DIR/$p.out.tmp" && mv "$SAVE_DIR/$p.out.tmp" "$SAVE_DIR/$p.out"
		echo "$rc" >"$SAVE_DIR/$p.rc"
	fi
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -1)
	grep -E '^!?FAIL|^SKIP' "$out" | head -40
	if [[ -z $summary ]]; then
		echo "$p: exit $rc, no summary line (crash?) - last output:"
		tail -5 "$out"
		total_fail=$((total_fail + 1))
		continue
	fi
	np=${summary%% passed*}
	nf=${summary#*passed, }
	nf=${nf%% failed*}
	if [[ $rc != 0 && $nf == 0 ]]; then
		echo "$p: exit $rc despite 0 failures"
		nf=1
	fi
	total_pass=$((total_pass + np))
	total_fail=$((total_fail + nf))
	printf '%-14s %s (exit %d, %ds)\n' "$p:" "$summary" "$rc" "$secs"
done
echo "$total_pass passed, $total_fail failed"
[[ $total_fail == 0 ]]
