#!/usr/bin/env bash
# tools-rng.sh - our kcapi-rng run as a process under a kernel with AF_ALG, compared with
# Debian's kcapi-rng 1.4.0 on Debian's library (the reference): output lengths (raw and hex)
# for every generator and many sizes, the exact bytes of the deterministic ansi_cprng seeded
# through stdin (reference and a published-algorithm known answer), usage and runtime errors
# with their exit statuses, write errors, and peak memory on a large output.
#
#   tools-rng.sh BINDIR      (BINDIR holds kcapi-rng; default ../build/bin)
#
# Last line: "N passed, N failed"; exit status 1 if anything failed.
# shellcheck source=tools-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"
tools_init rng "${1:-}"
tools_pair kcapi-rng
head -c 48 /dev/zero >"$D/z48"
head -c 100 /dev/zero >"$D/z100"
printf 'abc\n' >"$D/s4"
# 00 01 .. 2f: ansi_cprng seed V || key || DT (X9.31, AES-128)
printf "$(printf '\\%03o' $(seq 0 47))" >"$D/seq48"
head -c 48 /dev/urandom >"$D/r48"
cat "$D/seq48" "$D/r48" >"$D/seq48+r48"
# X9.31 output for seed 00..2f, 80 bytes: computed independently (Python "cryptography",
# AES-128 per ANSI X9.31 A.2.4) and equal to libkcapi 1.4.0's kcapi_rng_generate.
KAT_SEQ48_80=c2263c6280eba8d3f000eb21a46a9f70f6af20c27eaddea99c3e5e81d5c5d1a165b56b992e2533ecaa92635dc6631e88e0c6d9de0691d40ab44f900d6aac6d93c0eb32ee1f499381b22ba6c1f4e57d43

# rn LABEL [CMP_STDERR] -- ARGS...: same arguments to both, stdin from $IN (default
# /dev/null); stdout bytes, exit status (and stderr) must be equal.
rn() {
	local label=$1 err=$2; shift 3
	local O=("$OURS" "$@") R=("$REF" "$@")
	same "kcapi-rng $label" "$D" "${IN:-/dev/null}" O R $err
}

# rlen LABEL HEX -- ARGS...: random output: equal exit status and length in both; with HEX,
# lowercase hex digits only; two runs of ours differ.
rlen() {
	local label=$1 hex=$2; shift 3
	local why="" lo lr rc_o rc_r
	run "$D" /dev/null "$W/o" "$OURS" "$@"
	rc_o=$RUN_RC
	run "$D" /dev/null "$W/o2" "$OURS" "$@"
	run "$D" /dev/null "$W/r" "$REF" "$@"
	rc_r=$RUN_RC
	read -r lo lr <<<"$(sizes "$W/o.out" "$W/r.out")"
	[[ $lo == "$lr" ]] || why+=" length $lo vs $lr"
	[[ $rc_o == "$rc_r" ]] || why+=" status $rc_o vs $rc_r"
	[[ -s $W/o.err ]] && why+=" stderr: $(head -c 200 "$W/o.err")"
	if [[ $hex == hex ]] && LC_ALL=C grep -q '[^0-9a-f]' "$W/o.out"; then why+=" not lowercase hex"; fi
	if [[ $lo -ge 16 ]] && cmp -s "$W/o.out" "$W/o2.out"; then why+=" two runs gave the same bytes"; fi
	if [[ -z $why ]]; then ok "kcapi-rng $label"; else ko "kcapi-rng $label:$why"; fi
}

# The generators this kernel has (Debian's 7.2 has only jitterentropy_rng); the default
# stdrng cases use -n jitterentropy_rng where there is no stdrng.
GENS=()
for g in stdrng drbg_nopr_hmac_sha256 drbg_nopr_sha512 drbg_pr_ctr_aes128 drbg_nopr_ctr_aes256 \
	jitterentropy_rng ansi_cprng; do
	if kernel_has rng "$g"; then GENS+=("$g"); else echo "skip: $g is not in this kernel"; fi
done
DEF=() BIG=1 NOSEED=drbg_nopr_hmac_sha256
if ! kernel_has rng stdrng; then
	# jitterentropy_rng is slow (under emulation): no large outputs from it
	DEF=(-n jitterentropy_rng) BIG=0 NOSEED=jitterentropy_rng
fi
HAVE_ANSI=0
kernel_has rng ansi_cprng && HAVE_ANSI=1

# Sizes around the kernel's 128-byte pieces and our 4096-byte steps, every generator.
for n in 1 15 16 127 128 129 4095 4096 4097 65537; do
	[[ $BIG == 0 && $n -gt 4097 ]] && continue
	rlen "-b $n" "" -- "${DEF[@]}" -b "$n"
	rlen "-b $n --hex" hex -- "${DEF[@]}" -b "$n" --hex
done
for g in "${GENS[@]}"; do
	rlen "-n $g -b 300" "" -- -n "$g" -b 300
	rlen "--name=$g --bytes=33 --hex" hex -- "--name=$g" --bytes=33 --hex
done
[[ $BIG == 1 ]] && rlen "-b 1048577 --hex" hex -- "${DEF[@]}" -b 1048577 --hex
rlen "-b 10 extra operand ignored" "" -- "${DEF[@]}" -b 10 extra
rlen "-b ' 7' (strtoul: blanks)" "" -- "${DEF[@]}" -b ' 7'
rlen "-b 12abc (strtoul: digits only)" "" -- "${DEF[@]}" -b 12abc
rlen "-q -b 64" "" -- "${DEF[@]}" -q -b 64

if [[ $HAVE_ANSI == 1 ]]; then
# ansi_cprng reseeded from stdin is deterministic: both tools agree where 1.4.0's
# line-oriented reading and our whole-piece reading see the same 48-byte seed.
IN=$D/z48 rn "-n ansi_cprng -b 32 < 48 zero bytes" err -- -n ansi_cprng -b 32
IN=$D/z48 rn "-n ansi_cprng -b 300 --hex < 48 zero bytes" err -- -n ansi_cprng -b 300 --hex
IN=$D/z48 rn "-n ansi_cprng -b 4097 < 48 zero bytes" err -- -n ansi_cprng -b 4097
IN=$D/z100 rn "-n ansi_cprng -b 64 < 100 zero bytes (last 4-byte piece refused)" "" -- -n ansi_cprng -b 64
# Known answer: seed 00..2f from stdin.
run "$D" "$D/seq48" "$W/k" "$OURS" -n ansi_cprng -b 80 --hex
expect "kcapi-rng -n ansi_cprng -b 80 --hex < 00..2f (X9.31 known answer)" 0 "$W/k" "$KAT_SEQ48_80"
run "$D" "$D/seq48" "$W/k" "$OURS" -n ansi_cprng -b 80
check "kcapi-rng raw output = hex output" test "$(od -An -v -tx1 "$W/k.out" | tr -d ' \n')" = "$KAT_SEQ48_80"
# Every piece reseeds: the second 48-byte piece decides.
run "$D" "$D/seq48+r48" "$W/a" "$OURS" -n ansi_cprng -b 64
run "$D" "$D/r48" "$W/b" "$OURS" -n ansi_cprng -b 64
check "kcapi-rng: the last complete stdin piece is the seed" cmp -s "$W/a.out" "$W/b.out"
# A seed that arrives in two reads of a pipe seeds the same way.
(cd "$D" && { head -c 20 seq48; sleep 0.3; tail -c 28 seq48; } | "$OURS" -n ansi_cprng -b 80 --hex >"$W/p.out" 2>"$W/p.err")
check "kcapi-rng: seed split across two pipe writes" test "$(<"$W/p.out")" = "$KAT_SEQ48_80"
# A short stdin seed is refused with a warning; the generator keeps its random seed.
run "$D" "$D/s4" "$W/s" "$OURS" -n ansi_cprng -b 32
expect "kcapi-rng: 4-byte stdin seed refused with a warning" 0 "$W/s" __any__ \
	'Warning: User-provided seed of 4 bytes not accepted by DRNG \(error: -22\)'
run "$D" "$D/s4" "$W/s2" "$OURS" -n ansi_cprng -b 32
check "kcapi-rng: refused seed leaves random output" test "$(wc -c <"$W/s.out")" = 32 -a \
	"$(od -An -tx1 "$W/s.out")" != "$(od -An -tx1 "$W/s2.out")"
fi

# DRBGs report no seed size: stdin is not read (a never-ending stdin does not block).
(cd "$D" && timeout 60 "$OURS" -n $NOSEED -b 16 </dev/zero >"$W/d.out" 2>"$W/d.err")
check "kcapi-rng: $NOSEED (no seed size) does not read stdin" test $? = 0 -a "$(wc -c <"$W/d.out")" = 16

# Usage errors: exit 1, nothing on stdout.
rn "(no options)" "" --
rn "-b 0" "" -- -b 0
rn "-b -1 (strtoul wraps to ULONG_MAX)" "" -- -b -1
rn "-b 18446744073709551615" "" -- -b 18446744073709551615
rn "-b abc" "" -- -b abc
rn "-x (unknown option)" "" -- -x -b 3
rn "-n (missing argument)" "" -- -b 3 -n
rn "--he (ambiguous)" "" -- --he -b 3
rn "--bogus" "" -- --bogus -b 3
rn "-h" "" -- -h
rn "--help -b 3" "" -- --help -b 3
run "$D" /dev/null "$W/v" "$OURS" --version
expect "kcapi-rng --version" 0 "$W/v" "" '^Version libkcapi 1\.5\.1$'
for a in -h -b0 -x; do
	run "$D" /dev/null "$W/u" "$OURS" $a
	expect "kcapi-rng $a: usage on stderr" 1 "$W/u" "" 'Usage: kcapi-rng -b BYTES'
done

# Runtime errors: the library's message and the low byte of -errno.
rn "-n nosuch -b 200" err -- -n nosuch -b 200
rn "-n sha256 -b 200 (not an RNG)" err -- -n sha256 -b 200
rn "-n 'cbc(aes)' -b 200" err -- -n 'cbc(aes)' -b 200
rn "-q -n nosuch -b 16" err -- -q -n nosuch -b 16
# Deliberate difference: a failed write is an error (libkcapi's tool exits 0).
(cd "$D" && "$OURS" "${DEF[@]}" -b 100000 >/dev/full 2>"$W/f.err"; echo $? >"$W/f.rc"; : >"$W/f.out")
expect "kcapi-rng -b 100000 > /dev/full: -EIO" 251 "$W/f" "" 'Error: Write of the random data failed'
(cd "$D" && "$OURS" "${DEF[@]}" -b 100000 2>"$W/c.err" | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}" >"$W/c.rc"; : >"$W/c.out")
expect "kcapi-rng | head -c 10: closed pipe is an error" 251 "$W/c" "" 'Error: Write of the random data failed'

# Bounded memory: 64 MiB of output (1 GiB: KCAPI_TEST_SLOW=1).
if [[ $BIG == 1 ]]; then
	size=$((64 * 1024 * 1024)) label=64MiB
	[[ ${KCAPI_TEST_SLOW:-0} == 1 ]] && size=$((1024 * 1024 * 1024)) label=1GiB
	rss=$(peak_rss_kib "$W/m" sh -c 'exec "$0" -b $1 >/dev/null' "$OURS" $size)
	echo "kcapi-rng -b $label: peak RSS ${rss} KiB"
	check "kcapi-rng -b $label: exit 0" test "$(<"$W/m.rc")" = 0
	check "kcapi-rng -b $label: peak RSS ${rss} KiB < 8 MiB" test "${rss:-999999}" -lt 8192
fi
finish
