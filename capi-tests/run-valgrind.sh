#!/usr/bin/env bash
# run-valgrind.sh - the C tests under valgrind memcheck (the valgrind lane, not part of make check).
#
#     LD_LIBRARY_PATH=$PWD/build KCAPI_TEST_RS=1 tools/vmrun -- capi-tests/run-valgrind.sh [BINDIR]
#
# Every program of run-all.sh (plus fault_probe) runs once under
#   valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite
#            --track-fds=yes --error-exitcode=99 --suppressions=capi-tests/valgrind.supp
# and passes when valgrind reports no error (invalid access, use of uninitialised memory,
# definite leak: exit 99 otherwise), no descriptor beyond stdin/stdout/stderr (and the ones
# inherited from the parent, such as valgrind's log) is open at exit,
# and the program itself passes. Reduced work under valgrind (it is ~50x slower, and more under
# qemu TCG), the same paths: KCAPI_TEST_FDLEAK_CYCLES=100 (md_fdleak/cipher_fdleak, default
# 10000), KCAPI_TEST_VECTOR_STRIDE=8 (md_kat, cipher_kat, kdf_kat, aead_kat test every 8th
# record of each vector file, the first always), KCAPI_TEST_SKIP_TIMING=1 (kdf_errors leaves out
# its kcapi-rs-only timing of kcapi_pbkdf_iteration_count: a million HMAC iterations, the
# library's loop runs for the default threshold anyway); the programs' watchdog is raised to
# KCAPI_TEST_TIMEOUT=3000 s.
# KCAPI_VALGRIND_PROGS="prog ..." runs only those. The valgrind log of a failing program is printed.
# Prints one line per program and the summary "N passed, N failed".
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
BINDIR=${1:-${BINDIR:-$HERE/../build/capi-tests}}
export KCAPI_TEST_FDLEAK_CYCLES=${KCAPI_TEST_FDLEAK_CYCLES:-100}
export KCAPI_TEST_TIMEOUT=${KCAPI_TEST_TIMEOUT:-3000}
export KCAPI_TEST_VECTOR_STRIDE=${KCAPI_TEST_VECTOR_STRIDE:-8}
export KCAPI_TEST_SKIP_TIMING=${KCAPI_TEST_SKIP_TIMING:-1}
PROGS=${KCAPI_VALGRIND_PROGS:-"fault_probe md_kat md_sha3 md_errors md_threads md_fdleak compat_symver
       cipher_kat cipher_errors cipher_threads cipher_fdleak
       kdf_kat kdf_errors rng_test aead_kat aead_errors"}
command -v valgrind >/dev/null || { echo "run-valgrind: valgrind not installed"; echo "0 passed, 1 failed"; exit 1; }
echo "$(valgrind --version), library: $(ldd "$BINDIR/md_kat" | awk '$1 == "libkcapi.so.1" { print $3 }')"

out=$(mktemp -d "${TMPDIR:-/tmp}/kcapi-valgrind.XXXXXX")
trap 'rm -rf "$out"' EXIT
pass=0
fail=0
start_all=$(date +%s)
for p in $PROGS; do
	t0=$(date +%s)
	valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --track-fds=yes --error-exitcode=99 \
		--suppressions="$HERE/valgrind.supp" --log-file="$out/$p.vg" \
		"$BINDIR/$p" >"$out/$p.out" 2>&1 </dev/null
	rc=$?
	secs=$(($(date +%s) - t0))
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out/$p.out" | tail -1)
	errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$out/$p.vg" | tail -1)
	definite=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$out/$p.vg" | tail -1)
	# descriptors open at exit beyond the std ones, without those inherited from the parent
	# (valgrind's own log file): "Open file descriptor N: ..." not followed by
	# "<inherited from parent>"
	fds=$(awk '/Open file descriptor [0-9]+:/ { if (pending) n++; pending = 1; next }
		/<inherited from parent>/ { pending = 0 } END { if (pending) n++; print n + 0 }' "$out/$p.vg")
	why=""
	[[ $rc == 99 ]] && why="$why valgrind errors;"
	[[ $rc != 0 && $rc != 99 ]] && why="$why exit $rc;"
	[[ -z $summary ]] && why="$why no summary line;"
	[[ $fds -gt 0 ]] && why="$why $fds descriptors left open at exit;"
	if [[ -z $why ]]; then
		pass=$((pass + 1))
		printf 'ok:   %-15s %s, %s errors, definitely lost %s bytes, %s fds left open, %ds\n' "$p" "$summary" \
			"${errs:-?}" "${definite:-0}" "${fds:-?}" "$secs"
	else
		fail=$((fail + 1))
		printf 'FAIL: %-15s%s %s, %ds\n' "$p" "$why" "${summary:-}" "$secs"
		grep -E '^!?FAIL' "$out/$p.out" | head -5 | sed 's/^/    /'
		grep -v -E '^==[0-9]+== *$' "$out/$p.vg" | head -120 | sed 's/^/    /'
	fi
done
echo "run-valgrind: $(($(date +%s) - start_all)) s"
echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
