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
# KCAPI_ENC    the prebuilt kcapi-enc to run with both libraries
#          (default /usr/bin/kcapi-enc).
# KCAPI_RNG    the prebuilt kcapi-rng to run with both libraries
#          (default /usr/bin/kcapi-rng): exit status and exact output length
#          of -b N for several N and generator names.
#
# For md_kat, md_errors, compat_symver, cipher_kat, cipher_errors, cipher_aio, kdf_kat, kdf_errors,
# rng_test, aead_kat and aead_errors: runs each binary with the system
# library (LD_LIBRARY_PATH unset) and with ours (LD_LIBRARY_PATH=$LIBDIR,
# KCAPI_TEST_RS=1), requires exit status 0 from both and identical stdout
# after dropping library-specific lines (those starting with "!") and the
# "N passed, N failed" line.
# For kcapi-dgst: several inputs x algorithms x output modes, comparing the
# output bytes and the exit status of both runs.
# For kcapi-enc: cbc(aes), ctr(aes), ecb(aes), xts(aes) encryption and
# decryption of several inputs (file, stdin, -o file), same comparison; also
# password-derived keys (-p/--passwdfd, -s, --pbkdfiter, --pbkdfmac).
# For kcapi-enc (AEAD): gcm(aes) and ccm(aes) encryption, decryption and a modified
# tag, output bytes and exit status of both runs.
# PARTS="progs dgst rng enc aead"  run only these parts (default: all), so that a caller can
#          spread them over parallel lanes.
# OURS_SAVED=DIR and SAME_LIST=FILE: for the programs listed in FILE (one per line: those whose
#          build against our kcapi.h is the same program as the build against Debian's — same
#          code, data and versioned imports, checked on the host by tools/same-program), the
#          "ours" output is the one run-all.sh saved in DIR (SAVE_DIR) instead of a second run
#          of the same code on the same library; waits for it up to 30 minutes.
# Every comparison counts as one pass or fail; the last line is
# "N passed, N failed"; exit status 1 if anything failed.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
LIBDIR=${1:-${LIBDIR:-$HERE/../build}}
LIBDIR=$(cd "$LIBDIR" 2>/dev/null && pwd -P || echo "$LIBDIR")
BINDIR=${BINDIR:-$HERE/../build/capi-tests-sys}
DGST=${KCAPI_DGST:-/usr/bin/kcapi-dgst}
REQUIRE_OURS=${REQUIRE_OURS:-0}

PARTS=" ${PARTS:-progs dgst rng enc aead} "
part() { [[ $PARTS == *" $1 "* ]]; }
OURS_SAVED=${OURS_SAVED:-}
SAME_LIST=${SAME_LIST:-/dev/null}
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
# (no env(1) in between: every exec costs under emulation)
unset LD_LIBRARY_PATH KCAPI_TEST_RS
run_ref() { "$@"; }
run_ours() { LD_LIBRARY_PATH="$LIBDIR" KCAPI_TEST_RS=1 "$@"; }

# ----------------------------------------------------------- test programs
if [[ ! -x $BINDIR/md_errors || ! -x $BINDIR/md_kat || ! -x $BINDIR/compat_symver ||
      ! -x $BINDIR/kdf_kat || ! -x $BINDIR/kdf_errors || ! -x $BINDIR/rng_test ||
      ! -x $BINDIR/aead_kat || ! -x $BINDIR/aead_errors || ! -x $BINDIR/kernel_has ]]; then
	echo "building test programs into $BINDIR (system kcapi.h and library)"
	if ! make -s -C "$HERE" OUT="$BINDIR" >"$WORK/build.log" 2>&1; then
		cat "$WORK/build.log"
		ko "building the test programs failed"
	fi
fi

if part progs; then
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

hexof() { od -An -tx1 "$1" | tr -d ' \n' | head -c 64; }
filter() { grep -v -E '^!|^[0-9]+ passed, [0-9]+ failed$' "$1"; }

for prog in md_kat md_errors compat_symver cipher_kat cipher_errors cipher_aio kdf_kat kdf_errors rng_test \
	    aead_kat aead_errors; do
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
	if [[ -n $OURS_SAVED ]] && grep -qx "$prog" "$SAME_LIST"; then
		# the same program already ran on our library in the C tests: use that output
		i=0
		while [[ ! -e $OURS_SAVED/$prog.rc ]] && ((i++ < 1800)); do sleep 1; done
		cp "$OURS_SAVED/$prog.out" "$WORK/$prog.ours" 2>/dev/null || : >"$WORK/$prog.ours"
		read -r rc_ours <"$OURS_SAVED/$prog.rc" 2>/dev/null || rc_ours="(no result saved)"
	else
		run_ours "$bin" >"$WORK/$prog.ours" 2>"$WORK/$prog.ours.err"
		rc_ours=$?
	fi
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

echo "test programs done after ${SECONDS}s"
fi

# ---------------------------------------------------------------- kcapi-dgst
if ! part dgst; then
	:
elif [[ ! -x $DGST ]]; then
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
	# the kernel's answer to binding a cipher as a hash: EINVAL (234) since 6.x, ENOENT (254) on 6.1
	wrong_type_rc=234
	[[ $("$BINDIR/kernel_has" -l hash 'cbc(aes)') == *ENOENT* ]] && wrong_type_rc=254
	EXPECT_RC=$wrong_type_rc dgst_case "cipher of wrong type" -c 'cbc(aes)' -i "$IN/abc"
	EXPECT_RC=1 dgst_case "missing -c" --hex -i "$IN/abc"
	dgst_case "missing input file" -c sha256 -i "$WORK/does-not-exist"
	EXPECT_OUT=9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab \
		STDIN_FILE=$IN/abc dgst_case "hmac(sha256) key 'key' (Appendix D)" -c 'hmac(sha256)' --keyfd 5 --hex
	# password-derived keys (kcapi_pbkdf inside the tool)
	dgst_case "-p -s 00 --pbkdfiter 1" -c 'hmac(sha256)' -p password -s 00 --pbkdfiter 1 --hex -i "$IN/abc"
	dgst_case "-p -s --pbkdfiter 4096 --pbkdfmac hmac(sha1)" \
		-c 'hmac(sha512)' -p password -s 0011 --pbkdfiter 4096 --pbkdfmac 'hmac(sha1)' --hex -i "$IN/abc"
	dgst_case "--passwdfd -s --pbkdfiter 100" -c 'hmac(sha256)' --passwdfd 5 -s abcdef --pbkdfiter 100 --hex -i "$IN/61441"
	dgst_case "-p -s --pbkdfiter --pbkdfmac cmac(aes)" \
		-c 'cmac(aes)' -p 0123456789abcdef -s 00 --pbkdfiter 10 --pbkdfmac 'cmac(aes)' --hex -i "$IN/abc"
	dgst_case "--pbkdfmac unknown" -c 'hmac(sha256)' -p pw -s 00 --pbkdfiter 10 --pbkdfmac nosuchmac --hex -i "$IN/abc"
	dgst_case "--pbkdfmac unkeyed" -c 'hmac(sha256)' -p pw -s 00 --pbkdfiter 10 --pbkdfmac sha256 --hex -i "$IN/abc"
fi

# ---------------------------------------------------------------- kcapi-rng
# Random output: compare exit status and length (exactly N bytes, 2N hex digits) of both runs.
RNGTOOL=${KCAPI_RNG:-/usr/bin/kcapi-rng}
if ! part rng; then
	:
elif [[ ! -x $RNGTOOL ]]; then
	ko "$RNGTOOL not found (apt-get install kcapi-tools)"
else
	# rng_case NAME EXPECTED_BYTES [kcapi-rng args...]; EXPECTED_BYTES -1: an error exit,
	# where only the exit status of both runs is compared
	# A generator the kernel lacks (Debian's 7.2 has no DRBG and no ansi_cprng): both
	# runs must fail alike.
	declare -A have_rng=()	# generator name -> 1 if the kernel has it (asked once)
	rng_case() {
		local name=$1 want=$2; shift 2
		local lib got=() rc n gen=stdrng a prev=
		for a in "$@"; do [[ $prev == -n ]] && gen=$a; prev=$a; done
		if [[ -z ${have_rng[$gen]:-} ]]; then
			"$BINDIR/kernel_has" rng "$gen" && have_rng[$gen]=1 || have_rng[$gen]=0
		fi
		if [[ $want -ge 0 && ${have_rng[$gen]} == 0 ]]; then
			want=-1 name+=" ($gen is not in this kernel: exit status compared)"
		fi
		for lib in ref ours; do
			[[ $lib == ours && $have_ours == 0 ]] && continue
			"run_$lib" "$RNGTOOL" "$@" </dev/null >"$WORK/rng.$lib" 2>"$WORK/rng.$lib.err"
			rc=$?
			n=$(wc -c <"$WORK/rng.$lib")
			got+=("$lib: exit $rc, $n bytes")
			if [[ $want -ge 0 && ( $rc != 0 || $n != "$want" ) ]]; then
				ko "kcapi-rng $name ($lib): exit $rc, $n bytes, expected $want bytes; stderr: $(head -c 200 "$WORK/rng.$lib.err")"
				return
			fi
		done
		if [[ ${#got[@]} == 2 && ${got[0]#ref: } != "${got[1]#ours: }" ]]; then
			ko "kcapi-rng $name: ${got[0]} vs ${got[1]}"
		elif [[ ${#got[@]} == 2 && $want -ge 16 ]] && cmp -s "$WORK/rng.ref" "$WORK/rng.ours"; then
			ko "kcapi-rng $name: both runs produced the same $want bytes"
		else
			ok "kcapi-rng $name (${got[*]})"
		fi
	}
	for n in 1 127 128 129 4096 65537 1048576; do
		rng_case "-b $n" "$n" -b "$n"
	done
	rng_case "-b 33 --hex" 66 -b 33 --hex
	for name in drbg_nopr_hmac_sha256 drbg_nopr_ctr_aes128 drbg_pr_hmac_sha256 jitterentropy_rng ansi_cprng; do
		rng_case "-n $name -b 4099" 4099 -n "$name" -b 4099
	done
	rng_case "-n nosuchrng (exit status compared)" -1 -n nosuchrng -b 16
	rng_case "-b 0 (usage, exit status compared)" -1 -b 0
fi

# ---------------------------------------------------------------- kcapi-enc
ENC=${KCAPI_ENC:-/usr/bin/kcapi-enc}
# kcapi-enc is linked with BIND_NOW: it starts only with a library that exports every
# kcapi_* function it imports (AEAD, PBKDF and RNG too), which a partial build may not yet.
enc_missing=
if [[ -x $ENC && $have_ours == 1 ]]; then
	# (temporary files: the VM has no /dev/fd for process substitution)
	nm -D --undefined-only "$ENC" | awk '/ kcapi_/ {sub(/@.*/, "", $2); print $2}' | sort -u >"$WORK/enc.needs"
	nm -D --defined-only "$LIBDIR/libkcapi.so.1" | awk '/ kcapi_/ {sub(/@.*/, "", $3); print $3}' | sort -u >"$WORK/enc.has"
	enc_missing=$(comm -23 "$WORK/enc.needs" "$WORK/enc.has" | tr '\n' ' ')
fi
if ! part enc; then
	:
elif [[ ! -x $ENC ]]; then
	ko "$ENC not found (apt-get install kcapi-tools)"
elif [[ -n $enc_missing ]]; then
	echo "SKIP: kcapi-enc differential: $LIBDIR/libkcapi.so.1 does not export yet: $enc_missing"
else
	EI=$WORK/enc
	mkdir -p "$EI"
	printf 'hello world' >"$EI/11"
	head -c 16 /dev/urandom >"$EI/16"
	head -c 61441 /dev/urandom >"$EI/61441"
	head -c $((1024 * 1024 + 1)) /dev/urandom >"$EI/1MiB+1"
	head -c 16 /dev/urandom >"$WORK/key16"
	head -c 32 /dev/urandom >"$WORK/key32"

	# enc_case NAME KEYFILE [kcapi-enc args...]; stdin from STDIN_FILE, output -o OUTFILE
	enc_case() {
		local name=$1 key=$2 lib rc rc_ref=x rc_ours=x
		shift 2
		for lib in ref ours; do
			[[ $lib == ours && $have_ours == 0 ]] && continue
			"run_$lib" "$ENC" "$@" <"${STDIN_FILE:-/dev/null}" >"$WORK/enc.$lib.out" 2>"$WORK/enc.$lib.err" 3<"$key"
			rc=$?
			if [[ $lib == ref ]]; then rc_ref=$rc; else rc_ours=$rc; fi
			if [[ -n ${OUTFILE:-} ]]; then
				mv -f "$OUTFILE" "$WORK/enc.$lib.out" 2>/dev/null || : >"$WORK/enc.$lib.out"
			fi
		done
		if [[ $have_ours == 0 ]]; then
			[[ $rc_ref == 0 ]] && ok "kcapi-enc $name (system library)" ||
				ko "kcapi-enc $name: system library exit $rc_ref"
		elif [[ $rc_ref != "$rc_ours" ]]; then
			ko "kcapi-enc $name: exit status $rc_ref (system) vs $rc_ours (ours); stderr ours: $(head -c 300 "$WORK/enc.ours.err")"
		elif ! cmp -s "$WORK/enc.ref.out" "$WORK/enc.ours.out"; then
			ko "kcapi-enc $name: output differs ($(wc -c <"$WORK/enc.ref.out") vs $(wc -c <"$WORK/enc.ours.out") bytes, first difference: $(cmp "$WORK/enc.ref.out" "$WORK/enc.ours.out" 2>&1 | head -1))"
		else
			ok "kcapi-enc $name (exit $rc_ref)"
		fi
	}

	iv=000102030405060708090a0b0c0d0e0f
	for alg in 'cbc(aes)' 'ctr(aes)' 'ecb(aes)' 'xts(aes)'; do
		ivarg=(--iv "$iv")
		[[ $alg == 'ecb(aes)' ]] && ivarg=()
		for key in key16 key32; do
			[[ $alg == 'xts(aes)' && $key == key16 ]] && continue
			for f in 11 16 61441 1MiB+1; do
				enc_case "-c $alg $key -i $f" "$WORK/$key" -c "$alg" --keyfd 3 "${ivarg[@]}" -i "$EI/$f"
				STDIN_FILE=$EI/$f enc_case "-c $alg $key < $f" "$WORK/$key" -c "$alg" --keyfd 3 "${ivarg[@]}"
				OUTFILE=$WORK/enc.o enc_case "-c $alg $key -i $f -o FILE" "$WORK/$key" \
					-c "$alg" --keyfd 3 "${ivarg[@]}" -i "$EI/$f" -o "$WORK/enc.o"
				# decrypt the reference's ciphertext (file to file: unpadding)
				run_ref "$ENC" -c "$alg" --keyfd 3 "${ivarg[@]}" -i "$EI/$f" -o "$WORK/ct" 3<"$WORK/$key" >/dev/null 2>&1
				OUTFILE=$WORK/enc.o enc_case "-d -c $alg $key -i $f.ct -o FILE" "$WORK/$key" \
					-d -c "$alg" --keyfd 3 "${ivarg[@]}" -i "$WORK/ct" -o "$WORK/enc.o"
				STDIN_FILE=$WORK/ct enc_case "-d -c $alg $key < $f.ct" "$WORK/$key" -d -c "$alg" --keyfd 3 "${ivarg[@]}"
				rm -f "$WORK/ct"
			done
		done
	done
	enc_case "short --iv 00 (kcapi_pad_iv)" "$WORK/key16" -c 'ctr(aes)' --keyfd 3 --iv 00 -i "$EI/61441"
	enc_case "unknown cipher" "$WORK/key16" -c 'foo(aes)' --keyfd 3 -i "$EI/16"
	enc_case "bad key length (xts 16 bytes)" "$WORK/key16" -c 'xts(aes)' --keyfd 3 --iv "$iv" -i "$EI/16"
	# password-derived keys (kcapi_pbkdf inside the tool), encryption and decryption
	for f in 11 61441; do
		enc_case "-p -s --pbkdfiter 1000 cbc(aes) -i $f" "$WORK/key16" \
			-c 'cbc(aes)' -p password -s 0011223344556677 --pbkdfiter 1000 --iv "$iv" -i "$EI/$f"
		STDIN_FILE=$EI/$f enc_case "-p -s --pbkdfiter 10 --pbkdfmac hmac(sha1) ctr(aes) < $f" "$WORK/key16" \
			-c 'ctr(aes)' -p pw -s abc --pbkdfiter 10 --pbkdfmac 'hmac(sha1)' --iv "$iv"
		enc_case "--passwdfd -s --pbkdfiter 100 --pbkdfmac hmac(sha512) xts(aes) -i $f" "$WORK/key16" \
			-c 'xts(aes)' --passwdfd 3 -s 00 --pbkdfiter 100 --pbkdfmac 'hmac(sha512)' --iv "$iv" -i "$EI/$f"
		run_ref "$ENC" -c 'cbc(aes)' -p password -s 0011223344556677 --pbkdfiter 1000 --iv "$iv" \
			-i "$EI/$f" -o "$WORK/ct" >/dev/null 2>&1
		OUTFILE=$WORK/enc.o enc_case "-d -p -s --pbkdfiter 1000 cbc(aes) -i $f.ct -o FILE" "$WORK/key16" \
			-d -c 'cbc(aes)' -p password -s 0011223344556677 --pbkdfiter 1000 --iv "$iv" -i "$WORK/ct" -o "$WORK/enc.o"
		rm -f "$WORK/ct"
	done
	enc_case "-p --pbkdfmac unknown" "$WORK/key16" -c 'cbc(aes)' -p pw -s 00 --pbkdfiter 10 --pbkdfmac nosuchmac --iv "$iv" -i "$EI/16"
fi

# ---------------------------------------------------------- kcapi-enc (AEAD)
# Debian's prebuilt kcapi-enc with gcm(aes) and ccm(aes) (stream API, AAD given with
# --aad, tag with --taglen / --tag): identical output bytes and exit status with both
# libraries; decryption of the encryption output restores the plaintext; a modified
# tag gives EBADMSG (exit status 182).
if ! part aead; then
	:
elif [[ ! -x $ENC ]]; then
	part enc || ko "$ENC not found (apt-get install kcapi-tools)"
elif [[ -n $enc_missing ]]; then
	echo "SKIP: kcapi-enc AEAD differential: $LIBDIR/libkcapi.so.1 does not export yet: $enc_missing"
else
	EI=$WORK/aead-enc
	mkdir -p "$EI"
	printf '0123456789abcdef' >"$EI/key16"
	printf '0123456789abcdef0123456789abcdef' >"$EI/key32"
	: >"$EI/p0"
	printf 'x' >"$EI/p1"
	printf 'hello world, this is a test' >"$EI/p27"
	head -c 4096 /dev/urandom >"$EI/p4096"
	head -c 61441 /dev/urandom >"$EI/p61441"
	# aead_enc_run LIB OUTFILE ARGS... (stdin from ENC_STDIN, key on fd 3)
	aead_enc_run() {
		local lib=$1 out=$2
		shift 2
		"run_$lib" "$ENC" "$@" <"${ENC_STDIN:-/dev/null}" >"$out" 2>"$out.err" 3<"$ENC_KEY"
	}
	# aead_enc_case NAME ARGS...: both libraries, same exit status and output; the
	# system library's output is left in $EI/last (exit status in $aead_enc_rc)
	aead_enc_case() {
		local name=$1 rc_ours
		shift
		aead_enc_run ref "$EI/last" "$@"
		aead_enc_rc=$?
		if [[ -n ${EXPECT_RC:-} && $aead_enc_rc != "$EXPECT_RC" ]]; then
			ko "kcapi-enc $name: system library exit $aead_enc_rc, expected $EXPECT_RC"
			return
		fi
		if [[ $have_ours == 0 ]]; then
			ok "kcapi-enc $name (system library, exit $aead_enc_rc)"
			return
		fi
		aead_enc_run ours "$EI/last.ours" "$@"
		rc_ours=$?
		if [[ $aead_enc_rc != "$rc_ours" ]]; then
			ko "kcapi-enc $name: exit status $aead_enc_rc (system) vs $rc_ours (ours); stderr ours: $(head -c 300 "$EI/last.ours.err")"
		elif ! cmp -s "$EI/last" "$EI/last.ours"; then
			ko "kcapi-enc $name: output differs (system $(hexof "$EI/last")... vs ours $(hexof "$EI/last.ours")...)"
		else
			ok "kcapi-enc $name (exit $aead_enc_rc)"
		fi
	}
	# aead_round NAME TAGLEN AADHEX ARGS...: encrypt $PTFILE, decrypt the result,
	# decrypt with a modified tag
	aead_round() {
		local name=$1 taglen=$2 aadhex=$3 aadlen=$(( ${#3} / 2 )) total tag bad
		shift 3
		aead_enc_case "$name encrypt" -e --aad "$aadhex" --taglen "$taglen" "$@" -i "$PTFILE"
		[[ $aead_enc_rc == 0 ]] || return
		total=$(stat -c %s "$EI/last")
		# output: AAD || ciphertext || tag
		tail -c +$((aadlen + 1)) "$EI/last" | head -c $((total - aadlen - taglen)) >"$EI/ct"
		tag=$(tail -c "$taglen" "$EI/last" | od -An -tx1 | tr -d ' \n')
		bad=${tag%?}$(( (0x${tag: -1} + 1) % 10 ))
		aead_enc_case "$name decrypt" -d --aad "$aadhex" --tag "$tag" "$@" -i "$EI/ct"
		if [[ $aead_enc_rc == 0 ]]; then
			tail -c "$PTLEN" "$EI/last" >"$EI/pt.out"	# (no process substitution in the VM)
			if cmp -s "$EI/pt.out" "$PTFILE"; then
				ok "kcapi-enc $name decrypt restores the plaintext"
			else
				ko "kcapi-enc $name decrypt: wrong plaintext"
			fi
		fi
		EXPECT_RC=182 aead_enc_case "$name decrypt, modified tag" -d --aad "$aadhex" --tag "$bad" "$@" -i "$EI/ct"
	}
	for f in p1 p27 p4096 p61441; do
		PTFILE=$EI/$f
		PTLEN=$(stat -c %s "$PTFILE")
		ENC_KEY=$EI/key16 aead_round "gcm(aes) key16 $f" 16 41414141 \
			-c 'gcm(aes)' --iv 000102030405060708090a0b --keyfd 3
		ENC_KEY=$EI/key32 aead_round "gcm(aes) key32 taglen 12 aad 64 $f" 12 \
			"$(printf '%0128x' 7)" -c 'gcm(aes)' --iv cafebabefacedbaddecaf888 --keyfd 3
		ENC_KEY=$EI/key16 aead_round "ccm(aes) nonce 7 taglen 8 $f" 8 41414141 \
			-c 'ccm(aes)' --ccm-nonce 00010203040506 --keyfd 3
		ENC_KEY=$EI/key32 aead_round "ccm(aes) nonce 13 taglen 16 $f" 16 0102 \
			-c 'ccm(aes)' --ccm-nonce 000102030405060708090a0b0c --keyfd 3
	done
	PTFILE=$EI/p27
	PTLEN=27
	ENC_STDIN=$EI/p27 ENC_KEY=$EI/key16 aead_enc_case "gcm(aes) from stdin" -e -c 'gcm(aes)' \
		--iv 000102030405060708090a0b --aad 41414141 --taglen 16 --keyfd 3
	ENC_KEY=$EI/key16 aead_enc_case "gcm(aes) empty file" -e -c 'gcm(aes)' \
		--iv 000102030405060708090a0b --aad 41414141 --taglen 16 --keyfd 3 -i "$EI/p0"
	ENC_KEY=$EI/key16 aead_enc_case "gcm(aes) taglen 3 (refused)" -e -c 'gcm(aes)' \
		--iv 000102030405060708090a0b --aad 41414141 --taglen 3 --keyfd 3 -i "$EI/p27"
fi

echo "run-differential: ${SECONDS}s"
echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
