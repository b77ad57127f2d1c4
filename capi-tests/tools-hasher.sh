#!/usr/bin/env bash
# tools-hasher.sh - kcapi-hasher run as a process under a kernel with AF_ALG, compared byte
# for byte with the reference tools: coreutils md5sum/sha*sum, sha3sum (libdigest-sha3-perl),
# openssl dgst -hmac; check mode, error paths and exit statuses as coreutils; hmaccalc and
# fipscheck formats; the FIPS self-check; peak memory on a 1 GiB input.
#
#   tools-hasher.sh BINDIR      (BINDIR holds kcapi-hasher; default ../build/bin)
#
# Last line: "N passed, N failed"; exit status 1 if anything failed.
# shellcheck source=tools-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tools-lib.sh"
tools_init hasher "${1:-}"
export LC_ALL=C.UTF-8

HASHER=$BIN/kcapi-hasher
[[ -x $HASHER ]] || { ko "$HASHER missing"; finish; exit 1; }
for t in sha256sum sha3sum openssl /usr/bin/time; do
	command -v "$t" >/dev/null || { ko "reference tool $t missing (tools/setup-deps all)"; finish; exit 1; }
done

# The invocation names, as symlinks (the way make install lays them out).
N=$W/names
mkdir -p "$N"
NAMES="md5sum sha1sum sha224sum sha256sum sha384sum sha512sum sha3sum sm3sum sha1hmac sha224hmac
       sha256hmac sha384hmac sha512hmac sm3hmac fipscheck fipshmac"
for n in $NAMES; do ln -s "$HASHER" "$N/$n"; done

# Test data: empty, 1 byte, 1 MiB + 1, awkward names.
D=$W/data
mkdir -p "$D"
: >"$D/empty"
printf 'x' >"$D/one"
head -c $((1024 * 1024 + 1)) /dev/urandom >"$D/1MiB+1"
printf 'spaces' >"$D/with space"
printf 'nl' >"$D/new"$'\n'"line"
printf 'bs' >"$D/back\\slash"
printf 'both' >"$D/b\\o"$'\n'"th"
printf 'tab' >"$D/t"$'\t'"ab"
FILES=(empty one 1MiB+1 "with space" "new"$'\n'"line" "back\\slash" "b\\o"$'\n'"th" "t"$'\t'"ab")

# ------------------------------------------------------------------ *sum vs coreutils
for a in md5 sha1 sha224 sha256 sha384 sha512; do
	O=("$N/${a}sum"); R=("/usr/bin/${a}sum")
	O=("$N/${a}sum" "${FILES[@]}"); R=("/usr/bin/${a}sum" "${FILES[@]}")
	same "${a}sum: many files, awkward names" "$D" /dev/null O R err
	O=("$N/${a}sum"); R=("/usr/bin/${a}sum")
	same "${a}sum: stdin" "$D" "$D/1MiB+1" O R err
	O=("$N/${a}sum" - one); R=("/usr/bin/${a}sum" - one)
	same "${a}sum: - and a file" "$D" "$D/one" O R err
	O=("$N/${a}sum" --tag "${FILES[@]}"); R=("/usr/bin/${a}sum" --tag "${FILES[@]}")
	same "${a}sum --tag" "$D" /dev/null O R err
	O=("$N/${a}sum" -z "${FILES[@]}"); R=("/usr/bin/${a}sum" -z "${FILES[@]}")
	same "${a}sum -z" "$D" /dev/null O R err
	O=("$N/${a}sum" -b one empty); R=("/usr/bin/${a}sum" one empty)
	same "${a}sum -b (ignored)" "$D" /dev/null O R err
done
# kcapi-hasher -h NAME and -n NAME behave like the named tool
O=("$HASHER" -h sha256 "${FILES[@]}"); R=(/usr/bin/sha256sum "${FILES[@]}")
same "kcapi-hasher -h sha256" "$D" /dev/null O R
O=("$HASHER" -n sha384sum "${FILES[@]}"); R=(/usr/bin/sha384sum "${FILES[@]}")
same "kcapi-hasher -n sha384sum" "$D" /dev/null O R
O=("$HASHER" one --name sha1sum empty); R=(/usr/bin/sha1sum one empty)
same "kcapi-hasher FILE --name sha1sum FILE (first option)" "$D" /dev/null O R
O=("$N/sha512hmac" -u "${FILES[@]}"); R=(/usr/bin/sha512sum "${FILES[@]}")
same "sha512hmac -u = sha512sum" "$D" /dev/null O R

# sha3sum vs libdigest-sha3-perl's sha3sum (default SHA3-224)
S3=$(command -v sha3sum)
for bits in 224 256 384 512; do
	O=("$N/sha3sum" -h "sha3-$bits" "${FILES[@]}"); R=("$S3" -a "$bits" "${FILES[@]}")
	same "sha3sum -h sha3-$bits vs sha3sum -a $bits" "$D" /dev/null O R
	O=("$N/sha3sum" -h "sha3-$bits" --tag one "with space"); R=("$S3" -a "$bits" --tag one "with space")
	same "sha3sum -h sha3-$bits --tag" "$D" /dev/null O R
done
O=("$N/sha3sum" "${FILES[@]}"); R=("$S3" "${FILES[@]}")
same "sha3sum default is SHA3-224" "$D" /dev/null O R
O=("$N/sha3sum"); R=("$S3")
same "sha3sum stdin" "$D" "$D/1MiB+1" O R

# sm3sum vs openssl (if the kernel has sm3)
if grep -qw sm3 /proc/crypto 2>/dev/null || modprobe sm3_generic 2>/dev/null || modprobe sm3 2>/dev/null; then
	run "$D" /dev/null "$W/a" "$N/sm3sum" one 1MiB+1
	want=$(cd "$D" && for f in one 1MiB+1; do printf '%s  %s\n' "$(openssl dgst -sm3 -r "$f" | cut -d' ' -f1)" "$f"; done)
	expect "sm3sum vs openssl dgst -sm3" 0 "$W/a" "$want"
fi

# ------------------------------------------------------------------ errors (coreutils)
O=("$N/sha256sum" one nonexist . empty); R=(/usr/bin/sha256sum one nonexist . empty)
same "sha256sum: missing file and directory among good ones" "$D" /dev/null O R err
O=("$N/md5sum" "does not:exist"); R=(/usr/bin/md5sum "does not:exist")
same "md5sum: quoted name in diagnostics" "$D" /dev/null O R err
O=("$N/sha1sum" "no"$'\n'"such"); R=(/usr/bin/sha1sum "no"$'\n'"such")
same "sha1sum: control character in a missing name" "$D" /dev/null O R err

# ------------------------------------------------------------------ check mode (coreutils)
CK=$W/ck
mkdir -p "$CK"
cp "$D"/* "$CK"/
CHECK_ALGS="md5 sha1 sha256"
for a in $CHECK_ALGS; do
	(cd "$CK" && "/usr/bin/${a}sum" "${FILES[@]}" >"$W/sums.$a" && "/usr/bin/${a}sum" --tag one empty >"$W/tags.$a")
done
for a in $CHECK_ALGS; do
	for mode in "" --quiet --status; do
		O=("$N/${a}sum" -c $mode "$W/sums.$a"); R=("/usr/bin/${a}sum" -c $mode "$W/sums.$a")
		same "${a}sum -c $mode: all correct" "$CK" /dev/null O R err
	done
	O=("$N/${a}sum" -c "$W/tags.$a"); R=("/usr/bin/${a}sum" -c "$W/tags.$a")
	same "${a}sum -c: BSD (--tag) lines" "$CK" /dev/null O R err
	O=("$N/${a}sum" -c); R=("/usr/bin/${a}sum" -c)
	same "${a}sum -c: check file on stdin" "$CK" "$W/sums.$a" O R err
done
# a corrupted and a missing entry
printf 'changed' >"$CK/with space"
mv "$CK/back\\slash" "$CK/gone"
for a in $CHECK_ALGS; do
	for mode in "" --quiet --status; do
		O=("$N/${a}sum" -c $mode "$W/sums.$a"); R=("/usr/bin/${a}sum" -c $mode "$W/sums.$a")
		same "${a}sum -c $mode: corrupted + missing entries" "$CK" /dev/null O R err
	done
done
printf 'spaces' >"$CK/with space"
mv "$CK/gone" "$CK/back\\slash"
# odd check files
printf 'garbage\n\n# comment\n' >"$W/garbage"
{ cat "$W/sums.sha256"; echo "not a line"; } | sed 's/$/\r/' >"$W/crlf"
sha=$(sha256sum <"$CK/one" | cut -d' ' -f1)
printf '%s one\n%s  empty\n' "$sha" "$sha" >"$W/single-space"
printf '%s *one\n' "$(echo "$sha" | tr a-f A-F)" >"$W/upper-star"
mkdir -p "$W/ckdir"
for cf in garbage crlf single-space upper-star /nonexist ckdir; do
	[[ $cf == /* ]] || cf=$W/$cf
	O=("$N/sha256sum" -c "$cf"); R=(/usr/bin/sha256sum -c "$cf")
	same "sha256sum -c $(basename "$cf")" "$CK" /dev/null O R err
done
O=("$N/sha256sum" -c "$W/sums.sha256" /nonexist "$W/garbage" "$W/sums.sha256"); R=(/usr/bin/sha256sum -c "$W/sums.sha256" /nonexist "$W/garbage" "$W/sums.sha256")
same "sha256sum -c with several check files" "$CK" /dev/null O R err
O=("$N/sha256sum" -c); R=(/usr/bin/sha256sum -c)
same "sha256sum -c: empty stdin" "$CK" /dev/null O R err
# -T: every listed digest checked against one target
printf '%s  whatever\n' "$sha" >"$W/target"
run "$CK" /dev/null "$W/a" "$N/sha256sum" -c -T one "$W/target"
expect "sha256sum -c -T FILE" 0 "$W/a" "one: OK"

# ------------------------------------------------------------------ *hmac vs openssl
for a in sha1 sha224 sha256 sha384 sha512; do
	run "$D" /dev/null "$W/a" "$N/${a}hmac" empty one 1MiB+1 "with space"
	want=$(cd "$D" && for f in empty one 1MiB+1 "with space"; do
		printf '%s  %s\n' "$(openssl dgst "-$a" -hmac FIPS-FTW-RHT2009 -r "$f" | cut -d' ' -f1)" "$f"; done)
	expect "${a}hmac (key FIPS-FTW-RHT2009) vs openssl" 0 "$W/a" "$want"
	run "$D" /dev/null "$W/a" "$N/${a}hmac" -K secret one
	expect "${a}hmac -K vs openssl" 0 "$W/a" "$(openssl dgst "-$a" -hmac secret -r "$D/one" | cut -d' ' -f1)  one"
	printf 'file-key' >"$W/keyfile"
	run "$D" /dev/null "$W/a" "$N/${a}sum" -k "$W/keyfile" one
	expect "${a}sum -k KEYFILE vs openssl" 0 "$W/a" "$(openssl dgst "-$a" -hmac file-key -r "$D/one" | cut -d' ' -f1)  one"
	run "$D" "$D/one" "$W/a" "$N/${a}hmac"
	expect "${a}hmac stdin" 0 "$W/a" "$(openssl dgst "-$a" -hmac FIPS-FTW-RHT2009 -r "$D/one" | cut -d' ' -f1)  -"
done
run "$D" /dev/null "$W/a" "$N/sha256hmac" -K "" one
expect "sha256hmac -K '' (empty key) vs openssl" 0 "$W/a" "$(openssl dgst -sha256 -hmac "" -r "$D/one" | cut -d' ' -f1)  one"
run "$D" /dev/null "$W/a" "$N/sha512hmac" -t 128 one
expect "sha512hmac -t 128" 0 "$W/a" "$(openssl dgst -sha512 -hmac FIPS-FTW-RHT2009 -r "$D/one" | cut -c1-32)  one"
run "$D" /dev/null "$W/a" "$N/sha256hmac" --tag one
expect "sha256hmac --tag" 0 "$W/a" "HMAC(SHA256) (one) = $(openssl dgst -sha256 -hmac FIPS-FTW-RHT2009 -r "$D/one" | cut -d' ' -f1)"
run "$D" /dev/null "$W/a" "$N/sha256hmac" one nonexist empty
expect "sha256hmac: missing file reported, others hashed, status 251 (-EIO)" 251 "$W/a" \
	"$(cd "$D" && "$N/sha256hmac" one)"$'\n'"$(cd "$D" && "$N/sha256hmac" empty)" "Cannot open file nonexist: No such file or directory"
run "$D" /dev/null "$W/a" "$N/sha256hmac" .
expect "sha256hmac: directory, status 234 (-EINVAL)" 234 "$W/a" "" "is no regular file"

# ------------------------------------------------------------------ hmaccalc check mode
for a in sha256 sha512; do
	(cd "$CK" && "$N/${a}hmac" "${FILES[@]}" >"$W/h.$a" && "$N/${a}hmac" --tag one empty >"$W/ht.$a")
	run "$CK" /dev/null "$W/a" "$N/${a}hmac" -c "$W/h.$a"
	expect "${a}hmac -c: all OK" 0 "$W/a" "$(printf 'empty: OK\none: OK\n1MiB+1: OK\nwith space: OK\n\\new\\nline: OK\nback\\slash: OK\n\\b\\\\o\\nth: OK\nt\tab: OK')"
	run "$CK" /dev/null "$W/a" "$N/${a}hmac" -c "$W/ht.$a"
	expect "${a}hmac -c: its own --tag output verifies" 0 "$W/a" "$(printf 'one: OK\nempty: OK')"
	run "$CK" /dev/null "$W/a" "$N/${a}hmac" -c --quiet "$W/h.$a"
	expect "${a}hmac -c --quiet" 0 "$W/a" ""
	printf 'changed' >"$CK/one"
	run "$CK" /dev/null "$W/a" "$N/${a}hmac" -c "$W/h.$a"
	expect "${a}hmac -c: corrupted entry -> Not OK, status 1" 1 "$W/a" __any__
	check "${a}hmac -c: corrupted entry named" grep -qx 'one: Not OK' "$W/a.out"
	run "$CK" /dev/null "$W/a" "$N/${a}hmac" -c --quiet "$W/h.$a"
	expect "${a}hmac -c --quiet: only the failure" 1 "$W/a" "one: Not OK"
	run "$CK" /dev/null "$W/a" "$N/${a}hmac" -q -c "$W/h.$a"
	expect "${a}hmac -q -c: silent, status 1" 1 "$W/a" ""
	printf 'x' >"$CK/one"
	mv "$CK/empty" "$CK/gone"
	run "$CK" /dev/null "$W/a" "$N/${a}hmac" -c "$W/h.$a"
	expect "${a}hmac -c: missing entry, status 1" 1 "$W/a" __any__ "Cannot open file empty"
	check "${a}hmac -c: missing entry named" grep -qx 'empty: Not OK' "$W/a.out"
	mv "$CK/gone" "$CK/empty"
done
run "$CK" /dev/null "$W/a" "$N/sha512hmac" -c /nonexist
expect "sha512hmac -c: unreadable check file, status 253" 253 "$W/a" "" "Cannot open file /nonexist"
printf 'abc f\n' >"$W/bad"
run "$CK" /dev/null "$W/a" "$N/sha512hmac" -c "$W/bad"
expect "sha512hmac -c: 'HEX NAME' is invalid hmaccalc format" 1 "$W/a" "" "Invalid checkfile format"
: >"$W/emptyck"
run "$CK" /dev/null "$W/a" "$N/sha512hmac" -c "$W/emptyck"
expect "sha512hmac -c: empty check file, status 1" 1 "$W/a" ""
# openssl -r format ("HEX *NAME") and a bare hex value with -T, CRLF endings
openssl dgst -sha512 -hmac FIPS-FTW-RHT2009 -r "$CK/one" >"$W/ossl"
run "$CK" /dev/null "$W/a" "$N/sha512hmac" -c "$W/ossl"
expect "sha512hmac -c: openssl -r line" 0 "$W/a" "$CK/one: OK"
printf '%s\r\n' "$(cut -d' ' -f1 "$W/ossl")" >"$W/bare"
run "$CK" /dev/null "$W/a" "$N/sha512hmac" -c -T one "$W/bare"
expect "sha512hmac -c -T: bare hex value" 0 "$W/a" "one: OK"
run "$CK" /dev/null "$W/a" "$N/sha512hmac" -c "$W/bare"
expect "sha512hmac -c: bare hex without -T checks nothing, status 1" 1 "$W/a" ""

# ------------------------------------------------------------------ kernel image, Fedora style
for img in "$HOME"/.cache/kcapi-rs/vm/linux-image-*/vmlinuz; do
	[[ -r $img ]] || continue
	KD=$W/boot
	mkdir -p "$KD"
	cp "$img" "$KD/vmlinuz-test"
	(cd "$KD" && "$N/sha512hmac" "$KD/vmlinuz-test" >"$KD/.vmlinuz-test.hmac")
	check "sha512hmac kernel image: .hmac equals openssl" \
		[ "$(cut -d' ' -f1 "$KD/.vmlinuz-test.hmac")" = "$(openssl dgst -sha512 -hmac FIPS-FTW-RHT2009 -r "$KD/vmlinuz-test" | cut -d' ' -f1)" ]
	run / /dev/null "$W/a" "$N/sha512hmac" -c "$KD/.vmlinuz-test.hmac"
	expect "sha512hmac -c /boot/.vmlinuz-VER.hmac" 0 "$W/a" "$KD/vmlinuz-test: OK"
	echo "kernel image round trip: $(<"$KD/.vmlinuz-test.hmac") -> $(<"$W/a.out")"
	printf 'X' >>"$KD/vmlinuz-test"
	run / /dev/null "$W/a" "$N/sha512hmac" -c "$KD/.vmlinuz-test.hmac"
	expect "sha512hmac -c: modified kernel image fails" 1 "$W/a" "$KD/vmlinuz-test: Not OK"
	break
done

# ------------------------------------------------------------------ fipshmac / fipscheck
FD=$W/fips
mkdir -p "$FD/out"
cp "$D/one" "$D/1MiB+1" "$FD/"
run "$FD" /dev/null "$W/a" "$N/fipshmac" one 1MiB+1
expect "fipshmac writes .FILE.hmac silently" 0 "$W/a" ""
check "fipshmac: .one.hmac = HMAC-SHA256 with libfipscheck's key + newline" \
	[ "$(<"$FD/.one.hmac")" = "$(openssl dgst -sha256 -hmac orboDeJITITejsirpADONivirpUkvarP -r "$FD/one" | cut -d' ' -f1)" ]
check "fipshmac: 65 bytes" [ "$(wc -c <"$FD/.one.hmac")" = 65 ]
run "$FD" /dev/null "$W/a" "$N/fipscheck" one 1MiB+1
expect "fipscheck: both OK, silent" 0 "$W/a" ""
run "$FD" /dev/null "$W/a" "$N/fipshmac" -d "$FD/out" one
check "fipshmac -d DIR" cmp -s "$FD/out/.one.hmac" "$FD/.one.hmac"
printf 'y' >>"$FD/one"
run "$FD" /dev/null "$W/a" "$N/fipscheck" 1MiB+1 one
expect "fipscheck: modified second file, status 1" 1 "$W/a" ""
run "$FD" /dev/null "$W/a" "$N/fipscheck" nosuch
expect "fipscheck: no .hmac file, status 253" 253 "$W/a" "" "Cannot open file .nosuch.hmac"
run "$FD" /dev/null "$W/a" "$N/fipscheck"
expect "fipscheck without a file" 1 "$W/a" "" "No file to check given for fipscheck"

# ------------------------------------------------------------------ self-check (FIPS)
SD=$W/self
mkdir -p "$SD"
cp "$HASHER" "$SD/kcapi-hasher"
ln -s "$SD/kcapi-hasher" "$SD/sha512hmac"
run "$D" /dev/null "$W/a" "$SD/sha512hmac" one
expect "no FIPS mode: no self-check" 0 "$W/a" __any__
run "$D" /dev/null "$W/a" env KCAPI_HASHER_FORCE_FIPS=1 "$SD/sha512hmac" one
expect "FIPS mode without .kcapi-hasher.hmac fails" 1 "$W/a" "" "Integrity check of application sha512hmac failed"
check "FIPS mode without .kcapi-hasher.hmac names the file" grep -q "Cannot open file $SD/.kcapi-hasher.hmac" "$W/a.err"
openssl dgst -sha512 -hmac FIPS-FTW-RHT2009 -r "$SD/kcapi-hasher" >"$SD/.kcapi-hasher.hmac"
run "$D" /dev/null "$W/a" env KCAPI_HASHER_FORCE_FIPS=1 "$SD/sha512hmac" one
expect "FIPS mode with a correct .kcapi-hasher.hmac (install format)" 0 "$W/a" "$(cd "$D" && "$N/sha512hmac" one)"
run "$D" /dev/null "$W/a" env KCAPI_HASHER_FORCE_FIPS=1 "$SD/kcapi-hasher" -n sha256sum one
expect "FIPS mode self-check for a *sum name" 0 "$W/a" "$(cd "$D" && sha256sum one)"
cp "$SD/.kcapi-hasher.hmac" "$SD/good"
if [[ $(head -c1 "$SD/good") == 0 ]]; then r=1; else r=0; fi
sed "s/^./$r/" "$SD/good" >"$SD/.kcapi-hasher.hmac"
run "$D" /dev/null "$W/a" env KCAPI_HASHER_FORCE_FIPS=1 "$SD/sha512hmac" one
expect "FIPS mode with a wrong .kcapi-hasher.hmac fails" 1 "$W/a" "" "Integrity check of application sha512hmac failed"
run "$D" /dev/null "$W/a" "$SD/sha512hmac" -S
expect "-S prints the binary's HMAC-SHA512" 0 "$W/a" "$(cut -d' ' -f1 "$SD/good")"
run "$D" /dev/null "$W/a" "$SD/sha512hmac" -L
lib=$(ldconfig -p 2>/dev/null | awk '$1 == "libkcapi.so.1" && /x86-64/ { print $NF; exit }')
if [[ -n $lib ]]; then
	expect "-L prints the HMAC of the loader's libkcapi.so.1" 0 "$W/a" "$(openssl dgst -sha512 -hmac FIPS-FTW-RHT2009 -r "$lib" | cut -d' ' -f1)"
fi
run "$D" /dev/null "$W/a" "$SD/sha512hmac" -S -c
expect "-S with -c" 1 "$W/a" "" "cannot be combined"
run "$D" /dev/null "$W/a" "$SD/sha512hmac" -L one
expect "-L with files" 1 "$W/a" "" "cannot be used with input files"

# ------------------------------------------------------------------ options and usage errors
run "$D" /dev/null "$W/a" "$N/sha256sum" -t 7 one
expect "-t not a multiple of 8" 1 "$W/a" "" "multiple of 8"
run "$D" /dev/null "$W/a" "$N/sha256sum" -t x one
expect "-t not a number" 1 "$W/a" "" "Invalid number: x"
run "$D" /dev/null "$W/a" "$N/sha256sum" -t 512 one
expect "-t beyond the digest: status = digest size (upstream)" 32 "$W/a" "" "Invalid truncated hash size: 64 > 32"
run "$D" /dev/null "$W/a" "$N/sha256sum" -t 64 one
expect "-t 64" 0 "$W/a" "$(sha256sum "$D/one" | cut -c1-16)  one"
run "$D" /dev/null "$W/a" "$N/sha256sum" -h md5 one
expect "-h md5 is not accepted" 1 "$W/a" "" "Invalid hash: md5"
run "$D" /dev/null "$W/a" "$N/sha3sum" -K key one
expect "keyed SHA-3" 1 "$W/a" "" "KMAC is not defined"
run "$D" /dev/null "$W/a" "$HASHER" one
expect "kcapi-hasher without -h" 1 "$W/a" "" "hash nor name are set"
run "$D" /dev/null "$W/a" "$HASHER" -n sha999sum one
expect "unknown invocation name" 1 "$W/a" "" "Unknown invocation name: sha999sum"
ln -s "$HASHER" "$W/frobnicate"
run "$D" /dev/null "$W/a" "$W/frobnicate" one
expect "unknown program name" 1 "$W/a" "" "Unknown invocation name: frobnicate"
run "$D" /dev/null "$W/a" "$N/sha256sum" --help
expect "--help: usage, status 0" 0 "$W/a" "" "Usage"
run "$D" /dev/null "$W/a" "$N/sha256sum" -v
expect "-v: version on stderr, status 0" 0 "$W/a" "" "^sha256sum: libkcapi 1\.5\.1$"
run "$D" /dev/null "$W/a" "$N/sha256sum" --bogus
expect "unknown option" 1 "$W/a" "" "unrecognized option '--bogus'"
run "$D" /dev/null "$W/a" "$N/sha256sum" one -n sha1sum
expect "-n after another argument position but first option is honoured" 0 "$W/a" "$(sha1sum "$D/one" | cut -d' ' -f1)  one"
run "$D" /dev/null "$W/a" "$N/sha256sum" -b -n sha1sum one
expect "-n after another option is unknown" 1 "$W/a" "" "invalid option -- 'n'"
run "$D" /dev/null "$W/a" "$N/sha256sum" -T x one
expect "-T without -c" 1 "$W/a" "" "-T cannot be used without -c"
run "$D" /dev/null "$W/a" "$N/sha256sum" -P -b -d /nonexist one
expect "-P -b -d accepted" 0 "$W/a" "$(sha256sum "$D/one" | cut -d' ' -f1)  one"
run "$D" /dev/null "$W/a" "$N/sha256hmac" -k /nonexist one
expect "-k unreadable key file" 1 "$W/a" "" "Cannot open file /nonexist"

# ------------------------------------------------ bounded memory (64 MiB; 1 GiB in check-full)
big_input "$W/big"
rss=$(peak_rss_kib "$W/m" "$N/sha256sum" "$W/big")
expect "sha256sum of $BIG (sparse file)" 0 "$W/m" "$BIG_SHA256  $W/big"
echo "peak RSS: sha256sum FILE ($BIG): ${rss} KiB"
check "peak RSS below 16 MiB for a $BIG file (${rss} KiB)" [ "${rss:-999999}" -lt 16384 ]
rss=$(peak_rss_kib "$W/m" "$N/sha512hmac" <"$W/big")
expect "sha512hmac < $BIG" 0 "$W/m" "$BIG_SHA512HMAC  -"
echo "peak RSS: sha512hmac < $BIG on stdin: ${rss} KiB"
check "peak RSS below 16 MiB for $BIG on stdin (${rss} KiB)" [ "${rss:-999999}" -lt 16384 ]

finish
