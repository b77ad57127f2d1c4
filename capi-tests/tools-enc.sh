#!/usr/bin/env bash
# tools-enc.sh - our kcapi-enc run as a process under a kernel with AF_ALG, compared byte for
# byte with Debian's kcapi-enc 1.4.0 on Debian's library (the reference) and with
# `openssl enc`: skcipher and AEAD encryption and decryption, files and stdin/stdout, keys
# from descriptors and passwords, IVs, padding and unpadding, every usage and runtime error
# with its exit status and message; no output file is left behind by a failure; peak memory
# on a large input (64 MiB; 1 GiB with KCAPI_TEST_BIG_MIB=1024).
#
#   tools-enc.sh BINDIR      (BINDIR holds kcapi-enc; default ../build/bin)
#   ENC_QUICK=1 tools-enc.sh  small inputs only, no 1 GiB runs (a few minutes under TCG)
#
# Last line: "N passed, N failed"; exit status 1 if anything failed.
# shellcheck source=tools-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"
tools_init enc "${1:-}"

OURS=$BIN/kcapi-enc
REF=/usr/bin/kcapi-enc
[[ -x $OURS ]] || { ko "$OURS missing"; finish; exit 1; }
[[ -x $REF ]] || { ko "$REF missing (apt-get install kcapi-tools)"; finish; exit 1; }
# The reference runs on Debian's library, whatever the caller's environment says.
unset LD_LIBRARY_PATH

# The reference writes output files through mmap: they must be on tmpfs ($W is under /tmp).
D=$W/data
mkdir -p "$D/dir"
# deterministic pseudo-random data (the reference's per-piece unpadding bug must not hit)
prand() { head -c "$1" /dev/zero | openssl enc -aes-128-ctr -K 0f0e0d0c0b0a09080706050403020100 -iv "$2" 2>/dev/null; }
: >"$D/empty"
prand 1 00000000000000000000000000000001 >"$D/b1"
prand 15 00000000000000000000000000000002 >"$D/b15"
prand 16 00000000000000000000000000000003 >"$D/b16"
prand 17 00000000000000000000000000000004 >"$D/b17"
prand 61441 00000000000000000000000000000005 >"$D/b61441"
prand $((1024 * 1024 + 1)) 00000000000000000000000000000006 >"$D/b1MiB+1"
prand 200000 00000000000000000000000000000007 >"$D/b200000"
printf 'hello world' >"$D/hw"
printf 'abcdefghijklmn\002\002' >"$D/pad2"
K16=000102030405060708090a0b0c0d0e0f
K24=${K16}1011121314151617
K32=${K16}101112131415161718191a1b1c1d1e1f
K64=${K32}202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
for k in K16 K24 K32 K64; do printf '%s' "${!k}" | xxd -r -p >"$D/${k,,}"; done
printf '%s' "${K16}a0a1a2a3" | xxd -r -p >"$D/k20"
printf '1234567' >"$D/k7"
printf 'password\n' >"$D/pwfile"
IV=f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff
FILES=(empty b1 b15 b16 b17 b61441 b1MiB+1)
[[ ${ENC_QUICK:-0} == 1 ]] && FILES=(empty b1 b17)

# en LABEL [CMP_STDERR] -- ARGS...: same arguments to both, fds 3..8 = k16 k24 k32 k64 k20
# pwfile; stdin from $IN (default /dev/null)
PREP='exec 3<"$D/k16" 4<"$D/k24" 5<"$D/k32" 6<"$D/k64" 7<"$D/k20" 8<"$D/pwfile" 9<"$D/k7"'
en() {
	local label=$1 err=$2; shift 3
	local O=("$OURS" "$@") R=("$REF" "$@")
	RUN_PREP=$PREP same "kcapi-enc $label" "$D" "${IN:-/dev/null}" O R $err
}
# ef LABEL [CMP_STDERR] -- ARGS...: like en, with "-o FILE" added (a file each); the output
# files must be equal (or both absent)
ef() {
	local label=$1 err=$2; shift 3
	rm -f "$D/oO" "$D/oR"
	local O=("$OURS" "$@" -o oO) R=("$REF" "$@" -o oR)
	RUN_PREP=$PREP same "kcapi-enc $label -o FILE: status" "$D" "${IN:-/dev/null}" O R $err
	if [[ -e $D/oR || -e $D/oO ]]; then
		check "kcapi-enc $label -o FILE: same bytes" cmp -s "$D/oO" "$D/oR"
	fi
}
# first LABEL -- ARGS...: status, stdout and the first stderr line as the reference (usage
# errors: the usage texts differ)
first() {
	local label=$1; shift 2
	en "$label" "" -- "$@"
	check "kcapi-enc $label: first stderr line" \
		[ "$(head -1 "$W/o.err" | sed "s|^$OURS: |PROG: |")" = "$(head -1 "$W/r.err" | sed "s|^$REF: |PROG: |")" ]
}
# ours LABEL STATUS STDERR-REGEX -- ARGS...: our tool alone
ours() {
	local label=$1 st=$2 re=$3; shift 4
	(cd "$D" && eval "$PREP" && exec "$OURS" "$@" <"${IN:-/dev/null}" >"$W/a.out" 2>"$W/a.err")
	echo $? >"$W/a.rc"
	expect "kcapi-enc $label" "$st" "$W/a" __any__ "$re"
}

# --- skcipher: every size, key size, direction, file and stdin -------------------------
for f in "${FILES[@]}"; do
	[[ $f == empty ]] && continue # the reference cannot mmap an empty file (see below)
	# other key sizes: encryption to stdout
	for c in "cbc(aes) 4" "cbc(aes) 5" "ctr(aes) 3"; do
		set -- $c
		en "-c $1 --keyfd $2 --iv -i $f" err -- -c "$1" --keyfd "$2" --iv "$IV" -i "$f"
	done
	for c in "cbc(aes) 3" "ctr(aes) 5" "ecb(aes) 4" "xts(aes) 6"; do
		set -- $c
		alg=$1 fd=$2
		en "-c $alg --keyfd $fd --iv -i $f" err -- -c "$alg" --keyfd "$fd" --iv "$IV" -i "$f"
		IN=$D/$f en "-c $alg --keyfd $fd --iv < $f" err -- -c "$alg" --keyfd "$fd" --iv "$IV"
		ef "-c $alg --keyfd $fd --iv -i $f" err -- -c "$alg" --keyfd "$fd" --iv "$IV" -i "$f"
		# decrypt the reference's ciphertext, file to file (unpadding), to stdout, from stdin
		cp "$D/oR" "$D/ct"
		ef "-d -c $alg --keyfd $fd -i ct($f)" err -- -d -c "$alg" --keyfd "$fd" --iv "$IV" -i ct
		check "kcapi-enc -d -c $alg -i ct($f) -o: round trip restores $f" cmp -s "$D/oO" "$D/$f"
		en "-d -c $alg --keyfd $fd -i ct($f) (no unpadding to stdout)" err -- -d -c "$alg" --keyfd "$fd" --iv "$IV" -i ct
		IN=$D/ct en "-d -c $alg --keyfd $fd < ct($f)" err -- -d -c "$alg" --keyfd "$fd" --iv "$IV"
		ef "-d --nounpad -c $alg --keyfd $fd -i ct($f)" err -- -d --nounpad -c "$alg" --keyfd "$fd" --iv "$IV" -i ct
	done
done
# empty input gives empty output, status 0 (the reference cannot mmap an empty file: 244)
IN=$D/empty en "-c cbc(aes) < empty" err -- -c 'cbc(aes)' --keyfd 3
ours "-c cbc(aes) -i empty (0, nothing)" 0 "" -- -c 'cbc(aes)' --keyfd 3 -i empty
check "-c cbc(aes) -i empty: no output" [ ! -s "$W/a.out" ]
# IVs: none (zero), short (zero-padded), odd length, invalid digits, longer than the IV
for iv in "" 00 0011223344 001 0g "${IV}aabb"; do
	en "-c cbc(aes) --iv '$iv' -i b17" err -- -c 'cbc(aes)' --keyfd 3 ${iv:+--iv "$iv"} -i b17
	en "-c ctr(aes) --iv '$iv' -i b17" err -- -c 'ctr(aes)' --keyfd 3 ${iv:+--iv "$iv"} -i b17
done
en "-c ecb(aes) --iv (ignored)" err -- -c 'ecb(aes)' --keyfd 3 --iv "$IV" -i b16
en "--iv '' (234)" err -- -c 'cbc(aes)' --keyfd 3 --iv '' -i b16
# padding: the warning about a tail that looks like padding, and the round trip
ef "-c cbc(aes) -i pad2 (warning)" err -- -c 'cbc(aes)' --keyfd 3 -i pad2
check "padding warning shown" grep -q "treated as padding" "$W/o.err"
cp "$D/oR" "$D/ct"
ef "-d -c cbc(aes) -i ct(pad2) (the tail is taken for padding)" err -- -d -c 'cbc(aes)' --keyfd 3 -i ct
ef "-d --nounpad -c cbc(aes) -i ct(pad2)" err -- -d --nounpad -c 'cbc(aes)' --keyfd 3 -i ct
ef "-c cbc(aes) -i hw" err -- -c 'cbc(aes)' --keyfd 3 -i hw
cp "$D/oR" "$D/ct"
ef "-d -c cbc(aes) -i ct(hw) file to file" err -- -d -c 'cbc(aes)' --keyfd 3 -i ct
check "file to file round trip of 'hello world'" [ "$(<"$D/oO")" = "hello world" ]
IN=$D/ct ef "-d -c cbc(aes) < ct(hw) (stdin: no unpadding)" err -- -d -c 'cbc(aes)' --keyfd 3
# options: long forms, abbreviations, -e after -d, -q, -v
en "--cipher= --keyfd= --infile= --iv= --encrypt" err -- --cipher='cbc(aes)' --keyfd=3 --infile=b17 --iv="$IV" --encrypt
en "--ciph --keyf --inf (abbreviations)" err -- --ciph 'cbc(aes)' --keyf 3 --inf b17
en "-d -e (last wins)" err -- -d -e -c 'cbc(aes)' --keyfd 3 -i b17
en "-q" err -- -q -c 'cbc(aes)' --keyfd 3 -i b17
en "-v (status, stdout)" "" -- -v -c 'cbc(aes)' --keyfd 3 -i b17
RUN_PREP=$PREP run "$D" /dev/null "$W/a" "$OURS" -v -c 'cbc(aes)' --keyfd 3 -i b17
expect "-v: bytes created" 0 "$W/a" __any__ "kcapi-enc - Verbose: 32 bytes of ciphertext created"
RUN_PREP=$PREP run "$D" /dev/null "$W/a" "$OURS" -vv -c 'cbc(aes)' -p secretpw -s 00 --pbkdfiter 5 --keyfd 3 -i b17
expect "-vv: debug messages" 0 "$W/a" __any__ "kcapi-enc - Debug: "
check "-vv: neither key nor password logged" sh -c "! grep -qiE 'secretpw|$K16|data-encryption-key' '$W/a.err'"

# --- keys ------------------------------------------------------------------------------
for f in b1 b17 b61441; do
	en "-p -s --pbkdfiter 1000 -i $f" "" -- -c 'cbc(aes)' -p password -s 0011223344556677 --pbkdfiter 1000 -i "$f"
	en "-p -s (odd, invalid) --pbkdfmac hmac(sha512) -i $f" "" -- -c 'ctr(aes)' -p pw -s zabc --pbkdfiter 10 --pbkdfmac 'hmac(sha512)' -i "$f"
	en "--passwdfd 8 -s --pbkdfiter 100 -i $f" err -- -c 'cbc(aes)' --passwdfd 8 -s 01 --pbkdfiter 100 -i "$f"
done
en "--keyfd wins over -p" "" -- -c 'cbc(aes)' -p pw -s 00 --pbkdfiter 10 --keyfd 4 -i b17
# no salt: ours draws and logs one; the reference with that salt must agree
RUN_PREP=$PREP run "$D" /dev/null "$W/s" "$OURS" -c 'cbc(aes)' -p pw --pbkdfiter 7 -i b17
salt=$(sed -n 's/^kcapi-enc - Warning: PBKDF2 salt used: \([0-9a-f]*\)$/\1/p' "$W/s.err")
check "random salt logged (64 hex digits)" [ ${#salt} = 64 ]
run "$D" /dev/null "$W/r" "$REF" -c 'cbc(aes)' -p pw -s "${salt:-00}" --pbkdfiter 7 -i b17
check "random salt: the reference with the logged salt agrees" cmp -s "$W/s.out" "$W/r.out"
# --key-len (libkcapi 1.5; absent from the reference): key size of PBKDF2 and of --keyfd
RUN_PREP=$PREP run "$D" /dev/null "$W/r" "$REF" -c 'cbc(aes)' --keyfd 3 -i b17
ours "--key-len 16 --keyfd 5 (first 16 of 32 bytes read)" 0 "" -- -c 'cbc(aes)' --key-len 16 --keyfd 5 -i b17
check "--key-len 16 --keyfd: same as the 16-byte key" cmp -s "$W/a.out" "$W/r.out"
RUN_PREP=$PREP run "$D" /dev/null "$W/r" "$REF" -c 'xts(aes)' --keyfd 6 -i b17
ours "--key-len 64 --keyfd 6 (xts, 64-byte key)" 0 "" -- -c 'xts(aes)' --key-len 64 --keyfd 6 -i b17
check "--key-len 64: xts with the whole 64-byte key (not the first 32 bytes)" sh -c "! cmp -s '$W/a.out' '$W/r.out'"
ours "--key-len 16 -p (AES-128 from PBKDF2)" 0 "" -- -c 'cbc(aes)' --key-len 16 -p pw -s 00 --pbkdfiter 10 -i b17
ours "--key-len 65 (234)" 234 "Key length 65 too large" -- -c 'cbc(aes)' --key-len 65 --keyfd 3 -i b17
ours "--key-len 7 -p (wrong key length, 234)" 234 "Cannot use a key of 7 bytes" -- -c 'cbc(aes)' --key-len 7 -p pw -s 00 --pbkdfiter 1 -i b17

# --- AEAD ------------------------------------------------------------------------------
G=(-c 'gcm(aes)' --keyfd 3 --iv 000102030405060708090a0b)
for f in "${FILES[@]}"; do
	[[ $f == empty || $f == b1MiB+1 ]] && continue
	for tl in 16 8; do
		ef "gcm --aad --taglen $tl -i $f" err -- "${G[@]}" --aad 0011223344 --taglen $tl -i "$f"
		cp "$D/oR" "$D/sealed"
		# Output over 60 KiB to stdout: the reference reads it in 60 KiB steps, and the kernel
		# then encrypts or decrypts a truncated message (wrong output, status 182 when
		# decrypting). Ours must equal the reference's file output instead.
		if (($(wc -c <"$D/$f") > 60000)); then
			ours "gcm --aad --taglen $tl -i $f to stdout" 0 "" -- "${G[@]}" --aad 0011223344 --taglen $tl -i "$f"
			check "gcm --aad --taglen $tl -i $f to stdout: the reference's file output" cmp -s "$W/a.out" "$D/sealed"
		else
			en "gcm --aad --taglen $tl -i $f" err -- "${G[@]}" --aad 0011223344 --taglen $tl -i "$f"
		fi
		# decrypt: input is the ciphertext only, the tag comes from the command line
		tail -c +6 "$D/sealed" | head -c -$tl >"$D/ct"
		tag=$(tail -c $tl "$D/sealed" | xxd -p | tr -d '\n')
		ef "gcm -d --tag -i ct($f, $tl)" err -- -d "${G[@]}" --aad 0011223344 --tag "$tag" -i ct
		{ printf '\0\021\042\063\104'; cat "$D/$f"; } >"$W/want"
		check "gcm -d: AAD and plaintext of $f" cmp -s "$D/oO" "$W/want"
		if (($(wc -c <"$D/$f") > 60000)); then
			ours "gcm -d --tag -i ct($f, $tl) to stdout" 0 "" -- -d "${G[@]}" --aad 0011223344 --tag "$tag" -i ct
			check "gcm -d -i ct($f, $tl) to stdout: AAD and plaintext" cmp -s "$W/a.out" "$W/want"
		else
			en "gcm -d --tag -i ct($f, $tl) to stdout" err -- -d "${G[@]}" --aad 0011223344 --tag "$tag" -i ct
		fi
		bad=$(printf '%s' "$tag" | sed 's/^./f/; s/^ff/00/')
		[[ $bad == "$tag" ]] && bad=$(printf '%s' "$tag" | sed 's/^./0/')
		en "gcm -d wrong tag ($f, 182)" err -- -d "${G[@]}" --aad 0011223344 --tag "$bad" -i ct
		check "gcm -d wrong tag ($f): nothing on stdout" [ ! -s "$W/o.out" ]
		rm -f "$D/oO"
		ours "gcm -d wrong tag ($f) -o FILE (182)" 182 "integrity violation" -- -d "${G[@]}" --aad 0011223344 --tag "$bad" -i ct -o oO
		check "gcm -d wrong tag ($f): no output file" [ ! -e "$D/oO" ]
	done
	# stdin: the reference takes at most 60 KiB from stdin; ours as much as from a file
	if [[ $f == b61441 ]]; then
		rm -f "$D/oR"
		RUN_PREP=$PREP run "$D" /dev/null "$W/r" "$REF" "${G[@]}" --aad 00 --taglen 16 -i "$f" -o oR
		IN=$D/$f ours "gcm --aad < $f (more than 60 KiB on stdin)" 0 "" -- "${G[@]}" --aad 00 --taglen 16
		check "gcm < $f: same bytes as the reference from file to file" cmp -s "$W/a.out" "$D/oR"
	else
		IN=$D/$f en "gcm --aad < $f" err -- "${G[@]}" --aad 00 --taglen 16
	fi
	ef "ccm --ccm-nonce --aad --taglen 8 -i $f" err -- -c 'ccm(aes)' --keyfd 4 --ccm-nonce 0011223344556677 --aad 0011 --taglen 8 -i "$f"
	ef "ccm --ccm-nonce (13 bytes) --taglen 16 -i $f" err -- -c 'ccm(aes)' --keyfd 5 --ccm-nonce 00112233445566778899aabbcc --aad 01 --taglen 16 -i "$f"
	ef "rfc4106(gcm(aes)) -i $f" err -- -c 'rfc4106(gcm(aes))' --keyfd 7 --iv 0011223344556677 --aad 00112233445566770011223344556677 --taglen 16 -i "$f"
done
en "gcm without --iv (zero IV)" err -- -c 'gcm(aes)' --keyfd 3 --aad 00 --taglen 16 -i hw
en "gcm --ccm-nonce (first 12 bytes of the CCM IV)" err -- -c 'gcm(aes)' --keyfd 3 --ccm-nonce 0011223344556677 --aad 00 --taglen 16 -i hw
en "gcm --tag when encrypting (sets the tag length only)" err -- "${G[@]}" --aad 00 --taglen 4 --tag 00112233445566778899aabbccddeeff -i hw
en "gcm --taglen 3 (234)" err -- "${G[@]}" --aad 00 --taglen 3 -i hw
en "gcm --aad '' (234)" err -- "${G[@]}" --aad '' --taglen 16 -i hw
en "ccm --ccm-nonce of 16 bytes (234)" err -- -c 'ccm(aes)' --keyfd 3 --ccm-nonce "$IV" --aad 00 --taglen 8 -i hw
ef "gcm -i b200000 (near the kernel's limit)" err -- "${G[@]}" --aad 00 --taglen 16 -i b200000
# too large for one kernel request: the reference hangs, ours fails with EMSGSIZE (166)
rm -f "$D/oO"
ours "gcm -i b1MiB+1 -o (too large: 166, message)" 166 "AEAD input too large" -- "${G[@]}" --aad 00 --taglen 16 -i b1MiB+1 -o oO
check "gcm too large: no output file" [ ! -e "$D/oO" ]
IN=$D/b1MiB+1 ours "gcm < b1MiB+1 (too large: 166)" 166 "AEAD input too large" -- "${G[@]}" --aad 00 --taglen 16
check "gcm too large: nothing on stdout" [ ! -s "$W/a.out" ]
# empty input: the reference cannot mmap an empty file (244) and writes nothing for empty
# stdin; ours authenticates the empty message: AAD ‖ tag
ours "gcm -i empty (AAD and tag)" 0 "" -- "${G[@]}" --aad 00 --taglen 16 -i empty
check "gcm -i empty: 17 bytes" [ "$(wc -c <"$W/a.out")" = 17 ]

# --- openssl enc -------------------------------------------------------------------------
for f in b1 b15 b16 b17 b61441 b1MiB+1; do
	n=$(wc -c <"$D/$f")
	nopad=; (( n % 16 == 0 )) && nopad=-nopad
	for m in "cbc 3 $K16" "cbc 5 $K32" "ctr 4 $K24" "ecb 3 $K16"; do
		set -- $m
		bits=$(( ${#3} * 4 ))
		ivarg=(-iv "$IV"); [[ $1 == ecb ]] && ivarg=()
		openssl enc -aes-$bits-$1 -K "$3" "${ivarg[@]}" $nopad -in "$D/$f" -out "$W/ossl" 2>/dev/null
		(cd "$D" && eval "$PREP" && "$OURS" -c "$1(aes)" --keyfd "$2" --iv "$IV" -i "$f" >"$W/mine" 2>/dev/null)
		check "openssl enc -aes-$bits-$1 $nopad = kcapi-enc, $f" cmp -s "$W/mine" "$W/ossl"
	done
done

# --- errors ------------------------------------------------------------------------------
en "unknown cipher (254)" err -- -c 'nosuch(aes)' --keyfd 3 -i hw
en "hash as cipher (254)" err -- -c sha256 --keyfd 3 -i hw
en "AEAD as skcipher (234)" err -- -c 'gcm(aes)' --keyfd 3 -i hw
en "wrong key length (234; ours says why)" "" -- -c 'cbc(aes)' --keyfd 9 -i hw
check "wrong key length: one line on stderr" [ "$(wc -l <"$W/o.err")" = 1 ]
en "--keyfd on a closed descriptor (255)" "" -- -c 'cbc(aes)' --keyfd 99 -i hw
en "--passwdfd on a closed descriptor (255)" "" -- -c 'cbc(aes)' --passwdfd 98 -i hw
en "-p '' gives no key (234)" "" -- -c 'cbc(aes)' -p '' -s 00 --pbkdfiter 1 -i hw
en "-s '' (234)" "" -- -c 'cbc(aes)' -p pw -s '' --pbkdfiter 1 -i hw
en "-d of a truncated ciphertext (234)" err -- -d -c 'cbc(aes)' --keyfd 3 -i hw
IN=$D/hw en "-d < truncated ciphertext (234)" err -- -d -c 'cbc(aes)' --keyfd 3
rm -f "$D/oO"
ours "-d -i truncated ciphertext -o FILE (234)" 234 "decryption failed with error -22" -- -d -c 'cbc(aes)' --keyfd 3 -i hw -o oO
check "-d -i truncated ciphertext: no output file" [ ! -e "$D/oO" ]
# file errors: one line on stderr (the reference adds a second, summary line)
one_line() { # LABEL ARGS...: status as the reference, exactly one line on stderr
	local label=$1; shift
	en "$label" "" -- "$@"
	check "kcapi-enc $label: one line on stderr" [ "$(wc -l <"$W/o.err")" = 1 ]
	check "kcapi-enc $label: that line is the reference's first" [ "$(<"$W/o.err")" = "$(head -1 "$W/r.err")" ]
}
one_line "missing input file (251)" -c 'cbc(aes)' --keyfd 3 -i does-not-exist
one_line "input is a directory (234)" -c 'cbc(aes)' --keyfd 3 -i dir
one_line "input is not a regular file (234)" -c 'cbc(aes)' --keyfd 3 -i /dev/null
one_line "output in a missing directory (251)" -c 'cbc(aes)' --keyfd 3 -i hw -o /nonexistent/x
one_line "output is a directory (251)" -c 'cbc(aes)' --keyfd 3 -i hw -o dir
one_line "output is not a regular file (234)" -c 'cbc(aes)' --keyfd 3 -i hw -o /dev/null
one_line "-d wrong tag (182)" -d "${G[@]}" --aad 00 --tag 00112233445566778899aabbccddeeff -i hw
# usage errors: status 1, first line of stderr as the reference
first "missing -c (1)" -- --keyfd 3 -i hw
first "no key option (1)" -- -c 'cbc(aes)' -i hw
first "--aad -d without --tag (1)" -- -d -c 'gcm(aes)' --keyfd 3 --aad 00 -i hw
first "--aad without --taglen (1)" -- -c 'gcm(aes)' --keyfd 3 --aad 00 -i hw
first "--iv with --ccm-nonce (1)" -- -c 'ccm(aes)' --keyfd 3 --iv 00 --ccm-nonce 00 -i hw
first "--taglen 4294967295 (1, no message)" -- -c 'cbc(aes)' --keyfd 3 --taglen 4294967295 -i hw
first "--keyfd 4294967295 (1, no message)" -- -c 'cbc(aes)' --keyfd 4294967295 -i hw
first "unknown option (1)" -- -x
first "unknown long option (1)" -- --bogus
first "missing option argument (1)" -- -c
first "ambiguous option (1)" -- --pa 1
first "--pbkdf: two long-only options, the first wins (glibc)" -- --pbkdf 1
first "-h (1)" -- -h
en "--version (0)" "" -- --version
check "--version: our version on stderr" grep -q "^Version libkcapi 1.5.1$" "$W/o.err"
# a failure never leaves an output file; an existing file keeps its contents
for args in "-c nosuch --keyfd 3 -i hw" "-c cbc(aes) --keyfd 9 -i hw" "-d -c cbc(aes) --keyfd 3 -i hw" \
	"-c cbc(aes) --keyfd 3 -i does-not-exist"; do
	eval "set -- $(printf '%q ' $args)"
	rm -f "$D/o1"
	(cd "$D" && eval "$PREP" && "$OURS" "$@" -o o1 >/dev/null 2>&1)
	check "failure ($args): no output file" [ ! -e "$D/o1" ]
	printf 'old' >"$D/o1"
	(cd "$D" && eval "$PREP" && "$OURS" "$@" -o o1 >/dev/null 2>&1)
	check "failure ($args): existing output untouched" [ "$(<"$D/o1")" = old ]
	check "failure ($args): no temporary file left" [ -z "$(ls -A "$D" | grep kcapi-enc)" ]
done
# the output replaces an existing longer file, keeps its mode; a new one gets 0777 & ~umask
head -c 300 /dev/zero >"$D/o1"; chmod 600 "$D/o1"
(cd "$D" && eval "$PREP" && "$OURS" -c 'cbc(aes)' --keyfd 3 -i hw -o o1 2>/dev/null)
check "-o existing longer file: replaced (16 bytes)" [ "$(wc -c <"$D/o1")" = 16 ]
check "-o existing file: mode kept (600)" [ "$(stat -c %a "$D/o1")" = 600 ]
rm -f "$D/o1"
(umask 022; cd "$D" && eval "$PREP" && "$OURS" -c 'cbc(aes)' --keyfd 3 -i hw -o o1 2>/dev/null)
check "-o new file: mode 0755 under umask 022" [ "$(stat -c %a "$D/o1")" = 755 ]
ln -sf o1 "$D/link"
(cd "$D" && eval "$PREP" && "$OURS" -c 'cbc(aes)' --keyfd 3 -i b17 -o link 2>/dev/null)
check "-o symlink: the link stays" [ -L "$D/link" ]
check "-o symlink: its target is written" [ "$(wc -c <"$D/o1")" = 32 ]

# --- bounded memory on a large input (64 MiB; 1 GiB in make check-full) ------------------
[[ ${ENC_QUICK:-0} == 1 ]] && { finish; exit; }
# Input: a sparse file of zeros. Outputs are not kept on tmpfs (the guest's memory): file
# output goes to the build directory.
big=$W/big
big_input "$big"
out=$BIN/../enc-big.tmp
rm -f "$out"
/usr/bin/time -f %M -o "$W/t1" "$OURS" -c 'cbc(aes)' --keyfd 3 --iv "$IV" -i "$big" -o "$out" 3<"$D/k16" 2>"$W/e1"
st=$?
rss=$(tail -1 "$W/t1")
check "$BIG cbc(aes) file to file: status 0 ($(head -c 200 "$W/e1"))" [ $st = 0 ]
check "$BIG cbc(aes) file to file: $BIG written" [ "$(stat -c %s "$out" 2>/dev/null)" = $((BIG_BLOCKS * 16)) ]
# CBC chaining up to the end: the last block is E(previous block xor zero plaintext)
tail -c 32 "$out" | head -c 16 >"$W/prev"
want=$(openssl enc -aes-128-ecb -K "$K16" -nopad -in "$W/prev" 2>/dev/null | xxd -p)
check "$BIG cbc(aes): the last block chains from the one before" [ "$(tail -c 16 "$out" | xxd -p)" = "$want" ]
rm -f "$out"
echo "peak RSS: kcapi-enc cbc(aes) -i FILE -o FILE ($BIG): ${rss} KiB"
check "peak RSS below 16 MiB, cbc(aes) file to file (${rss} KiB)" [ "${rss:-999999}" -lt 16384 ]
/usr/bin/time -f %M -o "$W/t2" "$OURS" -c 'ctr(aes)' --keyfd 3 <"$big" 3<"$D/k16" 2>"$W/e2" | tail -c 16 >"$W/last"
rss=$(tail -1 "$W/t2")
# CTR with a zero IV: the last block is the keystream of the last counter value
printf '%032x' $((BIG_BLOCKS - 1)) | xxd -r -p >"$W/ctrblk"
want=$(openssl enc -aes-128-ecb -K "$K16" -nopad -in "$W/ctrblk" 2>/dev/null | xxd -p)
check "$BIG ctr(aes) stdin to stdout: the last block is keystream block $((BIG_BLOCKS - 1))" [ "$(xxd -p "$W/last")" = "$want" ]
echo "peak RSS: kcapi-enc ctr(aes) < FILE > PIPE ($BIG): ${rss} KiB"
check "peak RSS below 16 MiB, ctr(aes) stdin to stdout (${rss} KiB)" [ "${rss:-999999}" -lt 16384 ]

finish
