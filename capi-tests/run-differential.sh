#!/usr/bin/env bash
# run-differential.sh - compare kcapi-rs with the system's libkcapi (Debian).
#
# Meant to run where AF_ALG works, i.e. inside the VM, so that one boot runs
# everything:
#     tools/vmrun -- capi-tests/run-differential.sh [LIBDIR]
#
# LIBDIR   directory with kcapi-rs' libkcapi.so.1 (default: $LIBDIR, else
#          ../build relative to this script)
# BINDIR   test binaries built against the *system* library (default: $BINDIR,
#          else ../build/capi-tests-sys; built with make if missing)
# REQUIRE_OURS=1   fail if $LIBDIR/libkcapi.so.1 is missing (otherwise the
#          "ours" runs are skipped with a message and only the reference runs
#          are checked).
# KCAPI_DGST   the prebuilt tool to run with both libraries
#          (default /usr/bin/kcapi-dgst).
#
# For md_kat, md_errors and compat_symver: runs each binary with the system
# library (LD_LIBRARY_PATH unset) and with ours (LD_LIBRARY_PATH=$LIBDIR,
# KCAPI_TEST_RS=1), requires exit status 0 from both and identical stdout
# after dropping library-specific lines (those starting with "!") and the
# "N passed, N failed" line.
# For kcapi-dgst: several inputs x algorithms x output modes, comparing the
# output bytes and the exit status of both runs.
# Every comparison counts as one pass or fail; the last line is
# "N passed, N failed"; exit status 1 if anything failed.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
LIBDIR=${1:-${LIBDIR:-$HERE/../build}}
LIBDIR=$(cd "$LIBDIR" 2>/dev/null && pwd -P || echo "$LIBDIR")
BINDIR=${BINDIR:-$HERE/../build/capi-tests-sys}
DGST=${KCAPI_DGST:-/usr/bin/kcapi-dgst}
REQUIRE_OURS=${REQUIRE_OURS:-0}

pass=0
fail=0
ok() { pass=$((pass + 1)); [[ ${VERBOSE:-0} == 1 ]] && echo "PASS: $*"; return 0; }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kcapi-diff.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

have_ours=1
if [[ ! -e $LIBDIR/libkcapi.so.1 ]]; then
	have_ours=0
	if [[ $REQUIRE_OURS == 1 ]]; then
		ko "our library $LIBDIR/libkcapi.so.1 is missing (REQUIRE_OURS=1)"
	else
		echo "SKIP: $LIBDIR/libkcapi.so.1 not found - running everything against" \
		     "the system library only (set REQUIRE_OURS=1 to make this an error)"
	fi
fi

# run_ref/run_ours CMD...: the two library environments
run_ref() { env -u LD_LIBRARY_PATH -u KCAPI_TEST_RS "$@"; }
run_ours() { env LD_LIBRARY_PATH="$LIBDIR" KCAPI_TEST_RS=1 "$@"; }

# ----------------------------------------------------------- test programs
if [[ ! -x $BINDIR/md_errors || ! -x $BINDIR/md_kat || ! -x $BINDIR/compat_symver ]]; then
	echo "building test programs into $BINDIR (system kcapi.h and library)"
	if ! make -s -C "$HERE" OUT="$BINDIR" >"$WORK/build.log" 2>&1; then
		cat "$WORK/build.log"
		ko "building the test programs failed"
	fi
fi

if [[ $have_ours == 1 && -x $BINDIR/md_errors ]]; then
	resolved=$(LD_LIBRARY_PATH="$LIBDIR" ldd "$BINDIR/md_errors" 2>/dev/null |
		   awk '$1 == "libkcapi.so.1" { print $3 }')
	resolved=$(readlink -f "$resolved" 2>/dev/null || echo "$resolved")
	if [[ $resolved == "$(readlink -f "$LIBDIR/libkcapi.so.1")" ]]; then
		ok "LD_LIBRARY_PATH=$LIBDIR resolves libkcapi.so.1 to ours"
	else
		ko "LD_LIBRARY_PATH=$LIBDIR resolves libkcapi.so.1 to '$resolved'"
	fi
fi

filter() { grep -v -E '^!|^[0-9]+ passed, [0-9]+ failed$' "$1"; }

for prog in md_kat md_errors compat_symver; do
	bin=$BINDIR/$prog
	if [[ ! -x $bin ]]; then
		ko "$prog: $bin missing"
		continue
	fi
	run_ref "$bin" >"$WORK/$prog.ref" 2>"$WORK/$prog.ref.err"
	rc_ref=$?
	if [[ $rc_ref == 0 ]]; then
		ok "$prog (system library) exit 0"
	else
		ko "$prog (system library) exit $rc_ref: $(tail -1 "$WORK/$prog.ref")"
		grep -E 'FAIL' "$WORK/$prog.ref" | head -20
	fi
	[[ $have_ours == 1 ]] || { echo "$prog: system library: $(tail -1 "$WORK/$prog.ref")"; continue; }
	run_ours "$bin" >"$WORK/$prog.ours" 2>"$WORK/$prog.ours.err"
	rc_ours=$?
	if [[ $rc_ours == 0 ]]; then
		ok "$prog (ours) exit 0"
	else
		ko "$prog (ours) exit $rc_ours: $(tail -1 "$WORK/$prog.ours")"
		grep -E 'FAIL' "$WORK/$prog.ours" | head -20
	fi
	filter "$WORK/$prog.ref" >"$WORK/$prog.ref.f"
	filter "$WORK/$prog.ours" >"$WORK/$prog.ours.f"
	if diff -u "$WORK/$prog.ref.f" "$WORK/$prog.ours.f" >"$WORK/$prog.diff"; then
		ok "$prog: outputs identical"
	else
		ko "$prog: outputs differ (- system library, + ours):"
		head -60 "$WORK/$prog.diff"
	fi
	echo "$prog: system library: $(tail -1 "$WORK/$prog.ref"); ours: $(tail -1 "$WORK/$prog.ours")"
done

# ---------------------------------------------------------------- kcapi-dgst
echo "test programs done after ${SECONDS}s"
if [[ ! -x $DGST ]]; then
	ko "$DGST not found (apt-get install kcapi-tools)"
else
	IN=$WORK/in
	mkdir -p "$IN"
	: >"$IN/empty"
	printf abc >"$IN/abc"
	# random content (the same file is hashed with both libraries)
	gen() { head -c "$2" /dev/urandom >"$1"; }
	gen "$IN/1MiB+1" $((1024 * 1024 + 1))
	gen "$IN/5MiB+3" $((5 * 1024 * 1024 + 3))
	gen "$IN/61441" 61441
	printf 'secret-key-0123456789' >"$WORK/key"
	printf '0123456789abcdef0123456789abcdef0123456789' >"$WORK/longkey"
	printf key >"$WORK/key3"

	# dgst_case NAME [kcapi-dgst args...]; input given by -i or by STDIN_FILE,
	# output read from OUTFILE if set; EXPECT_RC / EXPECT_OUT: expectations
	# for the system library.  Written to fork little (processes are slow
	# under TCG).
	hexof() { od -An -tx1 "$1" | tr -d ' \n' | head -c 64; }
	dgst_case() {
		local name=$1; shift
		local lib r rc rc_ref=x rc_ours=x out_ref=
		for lib in ref ours; do
			[[ $lib == ours && $have_ours == 0 ]] && continue
			r=$WORK/dgst.$lib
			"run_$lib" "$DGST" "$@" <"${STDIN_FILE:-/dev/null}" >"$r.out" 2>"$r.err" \
				3<"$WORK/key" 4<"$WORK/longkey" 5<"$WORK/key3"
			rc=$?
			if [[ $lib == ref ]]; then rc_ref=$rc; else rc_ours=$rc; fi
			if [[ -n ${OUTFILE:-} ]]; then
				mv -f "$OUTFILE" "$r.out" 2>/dev/null || : >"$r.out"
			fi
		done
		IFS= read -r -d '' out_ref <"$WORK/dgst.ref.out"
		if [[ -n ${EXPECT_RC:-} && $rc_ref != "$EXPECT_RC" ]]; then
			ko "kcapi-dgst $name: system library exit $rc_ref, expected $EXPECT_RC"
			return
		fi
		if [[ -n ${EXPECT_OUT:-} && $out_ref != "$EXPECT_OUT" ]]; then
			ko "kcapi-dgst $name: system library output $(hexof "$WORK/dgst.ref.out") unexpected"
			return
		fi
		if [[ $have_ours == 0 ]]; then
			ok "kcapi-dgst $name (system library, exit $rc_ref)"
		elif [[ $rc_ref != "$rc_ours" ]]; then
			ko "kcapi-dgst $name: exit status $rc_ref (system) vs $rc_ours (ours); stderr ours: $(head -c 300 "$WORK/dgst.ours.err")"
		elif ! cmp -s "$WORK/dgst.ref.out" "$WORK/dgst.ours.out"; then
			ko "kcapi-dgst $name: output differs (system $(hexof "$WORK/dgst.ref.out")... vs ours $(hexof "$WORK/dgst.ours.out")...)"
		else
			ok "kcapi-dgst $name (exit $rc_ref)"
		fi
	}

	for f in empty abc 61441 1MiB+1 5MiB+3; do
		for alg in sha1 sha256 sha512 sha3-256; do
			exp=
			if [[ $alg != sha3-256 ]]; then
				"${alg}sum" "$IN/$f" >"$WORK/sum"
				read -r exp _ <"$WORK/sum"
			fi
			EXPECT_OUT=$exp dgst_case "-c $alg --hex -i $f" -c "$alg" --hex -i "$IN/$f"
			dgst_case "-c $alg -i $f (binary)" -c "$alg" -i "$IN/$f"
			STDIN_FILE=$IN/$f EXPECT_OUT=$exp dgst_case "-c $alg --hex < $f" -c "$alg" --hex
		done
		dgst_case "-c hmac(sha256) --keyfd --hex -i $f" -c 'hmac(sha256)' --keyfd 3 --hex -i "$IN/$f"
		dgst_case "-c hmac(sha256) --keyfd -i $f (binary)" -c 'hmac(sha256)' --keyfd 3 -i "$IN/$f"
		dgst_case "-c hmac(sha512) --keyfd (42-byte key, read 32) --hex -i $f" -c 'hmac(sha512)' --keyfd 4 --hex -i "$IN/$f"
		STDIN_FILE=$IN/$f dgst_case "-c hmac(sha256) --keyfd --hex < $f" -c 'hmac(sha256)' --keyfd 3 --hex
		dgst_case "-c hmac(sha256) -p -s --pbkdfiter 1000 --hex -i $f" \
			-c 'hmac(sha256)' -p password -s 0011223344556677 --pbkdfiter 1000 --hex -i "$IN/$f"
		dgst_case "-c hmac(sha256) -p -s --pbkdfiter 1000 -i $f (binary)" \
			-c 'hmac(sha256)' -p password -s 0011223344556677 --pbkdfiter 1000 -i "$IN/$f"
		dgst_case "-c hmac(sha1) -p -s --pbkdfiter 10 --pbkdfmac hmac(sha512) --hex -i $f" \
			-c 'hmac(sha1)' -p pw -s abc --pbkdfiter 10 --pbkdfmac 'hmac(sha512)' --hex -i "$IN/$f"
	done
	# output file mode (tmpfs: mmap works)
	OUTFILE=$WORK/o.bin dgst_case "-c sha256 -i 1MiB+1 -o FILE" -c sha256 -i "$IN/1MiB+1" -o "$WORK/o.bin"
	OUTFILE=$WORK/o.hex dgst_case "-c sha512 --hex -i abc -o FILE" -c sha512 --hex -i "$IN/abc" -o "$WORK/o.hex"
	# error exits
	EXPECT_RC=254 dgst_case "unknown cipher" -c nosuchhash -i "$IN/abc"
	EXPECT_RC=234 dgst_case "cipher of wrong type" -c 'cbc(aes)' -i "$IN/abc"
	EXPECT_RC=1 dgst_case "missing -c" --hex -i "$IN/abc"
	dgst_case "missing input file" -c sha256 -i "$WORK/does-not-exist"
	EXPECT_OUT=9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab \
		STDIN_FILE=$IN/abc dgst_case "hmac(sha256) key 'key' (Appendix D)" -c 'hmac(sha256)' --keyfd 5 --hex
fi

echo "run-differential: ${SECONDS}s"
echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
