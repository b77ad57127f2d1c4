#!/usr/bin/env bash
# tools-dgst.sh - our kcapi-dgst run as a process under a kernel with AF_ALG, compared with
# Debian's kcapi-dgst 1.4.0 on Debian's library (the reference): digests (binary and hex, to
# stdout and to files, from files and stdin), HMAC keys from descriptors, PBKDF2 passwords,
# every error path with its exit status and message; no output file is left behind by a
# failure; peak memory on a 1 GiB input.
#
#   tools-dgst.sh BINDIR      (BINDIR holds kcapi-dgst; default ../build/bin)
#
# Last line: "N passed, N failed"; exit status 1 if anything failed.
# shellcheck source=tools-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"
tools_init dgst "${1:-}"
tools_pair kcapi-dgst
: >"$D/empty"
printf 'x' >"$D/one"
printf 'abc' >"$D/abc"
head -c $((1024 * 1024 + 1)) /dev/urandom >"$D/1MiB+1"
head -c 61441 /dev/urandom >"$D/61441"
printf 'key' >"$D/key3"
printf '0123456789abcdef0123456789abcdef0123456789' >"$D/key42"
printf 'password\n' >"$D/pwfile"
mkdir -p "$D/dir"

# dg LABEL [CMP_STDERR] -- ARGS...: same arguments to both, fds 3/4/5/6 = key3, key42, pwfile,
# empty; stdin from $IN (default /dev/null)
dg() {
	local label=$1 err=$2; shift 3
	local O=("$OURS" "$@") R=("$REF" "$@")
	RUN_PREP='exec 3<"$D/key3" 4<"$D/key42" 5<"$D/pwfile" 6<"$D/empty"' \
		same "kcapi-dgst $label" "$D" "${IN:-/dev/null}" O R $err
}

for f in empty one abc 61441 1MiB+1; do
	for alg in md5 sha1 sha224 sha256 sha384 sha512 sha3-256; do
		dg "-c $alg --hex -i $f" err -- -c "$alg" --hex -i "$f"
	done
	dg "-c sha256 -i $f (binary)" err -- -c sha256 -i "$f"
	IN=$D/$f dg "-c sha512 --hex < $f" err -- -c sha512 --hex
	IN=$D/$f dg "-c sha1 < $f (binary)" err -- -c sha1
	dg "-c hmac(sha256) --keyfd 3 --hex -i $f" err -- -c 'hmac(sha256)' --keyfd 3 --hex -i "$f"
	dg "-c hmac(sha512) --keyfd 4 (42-byte key, 32 read) -i $f" err -- -c 'hmac(sha512)' --keyfd 4 -i "$f"
	IN=$D/$f dg "-c hmac(sha1) --keyfd 3 < $f" err -- -c 'hmac(sha1)' --keyfd 3
done
dg "--cipher=sha256 --infile=abc --hex (long options)" err -- --cipher=sha256 --infile=abc --hex
dg "--ciph sha256 --inf abc --he (abbreviations; ambiguous)" "" -- --ciph sha256 --inf abc --he
dg "-q -c sha1 -i abc" err -- -q -c sha1 -i abc
dg "-c hmac(sha256) --keyfd 6 (empty key)" err -- -c 'hmac(sha256)' --keyfd 6 -i abc --hex
dg "--keyfd 3 wins over -p" "" -- -c 'hmac(sha256)' -p pw -s 00 --pbkdfiter 10 --keyfd 3 -i abc --hex

# PBKDF2-derived keys (stderr not compared where -p is used: our warning about it names the
# right option, --passwdfd)
for f in empty abc 1MiB+1; do
	dg "-p -s --pbkdfiter 1000 --hex -i $f" "" -- -c 'hmac(sha256)' -p password -s 0011223344556677 --pbkdfiter 1000 --hex -i "$f"
	dg "-p -s (odd length) --pbkdfiter 10 --pbkdfmac hmac(sha512) -i $f" "" -- -c 'hmac(sha1)' -p pw -s abc --pbkdfiter 10 --pbkdfmac 'hmac(sha512)' -i "$f"
done
dg "--passwdfd 5 (newline kept) -s --pbkdfiter 100" err -- -c 'hmac(sha256)' --passwdfd 5 -s 01 --pbkdfiter 100 --hex -i abc
dg "-s with invalid digits" "" -- -c 'hmac(sha256)' -p pw -s zz12 --pbkdfiter 5 --hex -i abc
# no salt: ours draws and logs one; the reference with that salt must agree
run "$D" /dev/null "$W/s" "$OURS" -c 'hmac(sha256)' -p pw --pbkdfiter 7 --hex -i abc
salt=$(sed -n 's/^kcapi-dgst - Warning: PBKDF2 salt used: \([0-9a-f]*\)$/\1/p' "$W/s.err")
check "random salt logged (64 hex digits)" [ ${#salt} = 64 ]
if [[ ${#salt} == 64 ]]; then
	run "$D" /dev/null "$W/r" "$REF" -c 'hmac(sha256)' -p pw -s "$salt" --pbkdfiter 7 --hex -i abc
	check "random salt: reference with the logged salt gives the same digest" cmp -s "$W/s.out" "$W/r.out"
fi
# no iteration count: measured and logged
run "$D" /dev/null "$W/s" "$OURS" -c 'hmac(sha256)' -p pw -s 00 --hex -i abc
iter=$(sed -n 's/^kcapi-dgst - Warning: PBKDF2 iterations used: \([0-9]*\)$/\1/p' "$W/s.err")
check "iteration count measured and logged ($iter)" [ "${iter:-0}" -ge 1 ]
if [[ -n $iter ]]; then
	run "$D" /dev/null "$W/r" "$REF" -c 'hmac(sha256)' -p pw -s 00 --pbkdfiter "$iter" --hex -i abc
	check "measured iterations: reference with that count agrees" cmp -s "$W/s.out" "$W/r.out"
fi

# output files
for mode in "" --hex; do
	rm -f "$D/o1" "$D/o2"
	O=("$OURS" -c sha256 $mode -i 1MiB+1 -o o1); R=("$REF" -c sha256 $mode -i 1MiB+1 -o o2)
	same "-o FILE $mode: status" "$D" /dev/null O R err
	check "-o FILE $mode: same bytes" cmp -s "$D/o1" "$D/o2"
	head -c 300 /dev/urandom | tee "$D/o1" >"$D/o2"
	same "-o EXISTING-LONGER-FILE $mode: status" "$D" /dev/null O R err
	check "-o EXISTING-LONGER-FILE $mode: truncated to the digest" cmp -s "$D/o1" "$D/o2"
done
umask 022
rm -f "$D/o1"
run "$D" /dev/null "$W/a" "$OURS" -c sha1 -i abc -o o1
check "-o: new file has mode 0755 under umask 022 (0777 & ~umask)" [ "$(stat -c %a "$D/o1")" = 755 ]

# errors: status and message as the reference
dg "unknown cipher (254)" err -- -c nosuchhash -i abc
dg "cipher of another type (234)" err -- -c 'cbc(aes)' -i abc
# file errors: one line on stderr (the reference adds a second, summary line)
one_line() { # LABEL ARGS...: status as the reference, exactly one line on stderr
	local label=$1; shift
	dg "$label" "" -- "$@"
	check "kcapi-dgst $label: one line on stderr" [ "$(wc -l <"$W/o.err")" = 1 ]
	check "kcapi-dgst $label: that line is the reference's first" [ "$(<"$W/o.err")" = "$(head -1 "$W/r.err")" ]
}
one_line "missing input file (251)" -c sha256 -i does-not-exist
one_line "input is a directory (234)" -c sha256 -i dir
one_line "input is not a regular file (234)" -c sha256 -i /dev/null
one_line "output in a missing directory (251)" -c sha256 -i abc -o /nonexistent/x
one_line "output is a directory (251)" -c sha256 -i abc -o dir
dg "-p '' gives no key (234)" "" -- -c 'hmac(sha256)' -p '' -i abc
dg "-s '' (234)" "" -- -c 'hmac(sha256)' -p pw -s '' --pbkdfiter 1 -i abc
dg "--keyfd on a closed descriptor (255)" err -- -c 'hmac(sha256)' --keyfd 99 -i abc
dg "--passwdfd on a closed descriptor (255)" err -- -c 'hmac(sha256)' --passwdfd 98 -i abc
dg "--pbkdfiter 4294967295 (usage, 1)" "" -- -c sha1 --pbkdfiter 4294967295 -i abc
dg "missing -c (usage, 1)" "" -- --hex -i abc
dg "-h (usage, 1)" "" -- -h
dg "--version (0)" "" -- --version
dg "unknown option (usage, 1)" "" -- -x
dg "missing option argument (usage, 1)" "" -- -c
# deliberate difference: libkcapi 1.4.0's kcapi_md_update returns -1 instead of -errno
run "$D" /dev/null "$W/a" "$OURS" -c 'hmac(sha256)' -i abc
expect "HMAC without a key: -ENOKEY (status 130; the reference says -1)" 130 "$W/a" "" \
	"message digest creation failed with error -126"
# a failure never leaves an output file that looks complete
rm -f "$D/o1"
run "$D" /dev/null "$W/a" "$OURS" -c 'hmac(sha256)' -i abc -o o1
check "failed digest: no new output file" [ ! -e "$D/o1" ]
run "$D" /dev/null "$W/a" "$OURS" -c sha256 -i does-not-exist -o o1
check "unreadable input: no output file" [ ! -e "$D/o1" ]
printf 'old' >"$D/o1"
run "$D" /dev/null "$W/a" "$OURS" -c 'hmac(sha256)' -i abc -o o1
check "failed digest: an existing output file is left untouched" [ "$(<"$D/o1")" = old ]

# bounded memory on a large input (64 MiB; 1 GiB in make check-full)
big_input "$W/big"
want=$BIG_SHA256
rss=$(peak_rss_kib "$W/m" "$OURS" -c sha256 --hex -i "$W/big")
expect "$BIG file" 0 "$W/m" "$want"
echo "peak RSS: kcapi-dgst -i FILE ($BIG): ${rss} KiB"
check "peak RSS below 16 MiB for a $BIG file (${rss} KiB)" [ "${rss:-999999}" -lt 16384 ]
rss=$(peak_rss_kib "$W/m" "$OURS" -c sha256 --hex <"$W/big")
expect "$BIG on stdin" 0 "$W/m" "$want"
echo "peak RSS: kcapi-dgst < FILE ($BIG): ${rss} KiB"
check "peak RSS below 16 MiB for $BIG on stdin (${rss} KiB)" [ "${rss:-999999}" -lt 16384 ]
rss=$(peak_rss_kib "$W/m" "$REF" -c sha256 --hex -i "$W/big")
echo "peak RSS: reference kcapi-dgst -i FILE ($BIG, mmap): ${rss} KiB (status $(<"$W/m.rc"), $(head -c 200 "$W/m.err"))"

finish
