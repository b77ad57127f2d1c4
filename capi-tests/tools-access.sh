#!/usr/bin/env bash
# tools-access.sh [BINDIR] - a short smoke test of our tools under whatever the kernel admits
# (tools/matrix runs it in every cell: kernels, af_alg_restrict levels, unprivileged, seccomp,
# without crypto_user). For each case it asks the kernel first (capi-tests/kernel_has: a raw
# AF_ALG bind with this process's credentials):
#   - admitted: the tool's output is the known answer (input "abc", or 32 counting bytes);
#   - refused: the tool exits with the low byte of -errno (254 for ENOENT, 159 for
#     EAFNOSUPPORT) and, where the refusal comes from af_alg_restrict, its message says what to
#     change: `sysctl crypto.af_alg_restrict=0` (1: the allowlist), and for an unprivileged
#     process the capability (CAP_NET_ADMIN or CAP_SYS_ADMIN) that gets the longer allowlist,
#     `sysctl crypto.af_alg_restrict=1` (2: AF_ALG disabled). A refusal for another reason
#     (the kernel lacks the algorithm) is a SKIP line with that reason.
# Last line: "N passed, N failed".
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=capi-tests/tools-lib.sh
. "$HERE/tools-lib.sh"
tools_init access "${1:-}"
KH=$BIN/../capi-tests/kernel_has
[[ -x $KH ]] || { ko "$KH missing"; finish; exit 1; }
restrict=$(cat /proc/sys/crypto/af_alg_restrict 2>/dev/null || echo none)
privileged=0
eff=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)
(((0x$eff >> 12 & 1) || (0x$eff >> 21 & 1))) && privileged=1
echo "uid $(id -u), privileged $privileged, af_alg_restrict $restrict"

printf abc >"$W/abc"
printf '%b' "$(printf '\\x%02x' {32..63})" >"$W/pt"
printf '%b' "$(printf '\\x%02x' {0..15})" >"$W/key16"

# what the kernel says to each algorithm we use, in one process (the VM has no /dev/fd for <(...))
declare -A verdict
"$KH" -l hash sha256 hash sha3-256 hash 'hmac(sha256)' skcipher 'cbc(aes)' rng stdrng >"$W/verdicts"
while read -r type name rest; do verdict[$type/$name]=$rest; done <"$W/verdicts"

# tcase LABEL TYPE/NAME WANT-STDOUT-HEX CMD...: run CMD (stdin: abc) and judge it as above
# ($REFUSED_RC: the exit status of a refusal where the tool has one of its own)
tcase() {
	local label=$1 alg=$2 want=$3 v rc out
	shift 3
	v=${verdict[$alg]:-?}
	"$@" <"$W/abc" >"$W/out" 2>"$W/err"
	rc=$?
	out=$(od -An -v -tx1 "$W/out" | tr -d ' \n')
	if [[ $v == ok ]]; then
		check "$label: output (exit $rc, $(head -c 200 "$W/err"))" test "$rc:$out" = "0:$want"
		return
	fi
	local err=${v##* } want_rc=${REFUSED_RC:-}
	case ${want_rc:-$err} in
	ENOENT*) want_rc=254 ;;
	EAFNOSUPPORT*) want_rc=159 ;;
	esac
	check "$label: kernel refuses ${alg#*/} ($v): exit $rc, want $want_rc" test "$rc" = "$want_rc"
	case $restrict:$err in
	2:EAFNOSUPPORT*)
		check "$label: message names sysctl crypto.af_alg_restrict=1" grep -q 'sysctl crypto.af_alg_restrict=1' "$W/err" ;;
	1:ENOENT*)
		check "$label: message names sysctl crypto.af_alg_restrict=0" grep -q 'sysctl crypto.af_alg_restrict=0' "$W/err"
		if [[ $privileged == 0 ]]; then
			check "$label: message names the capability" grep -q 'CAP_NET_ADMIN or CAP_SYS_ADMIN' "$W/err"
		fi ;;
	*:EAFNOSUPPORT*)
		check "$label: message says the kernel has no AF_ALG" grep -q 'no AF_ALG' "$W/err" ;;
	*)
		echo "SKIP: $label: ${alg#*/} not in this kernel" ;;
	esac
}

tcase "kcapi-dgst sha256" hash/sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad \
	"$BIN/kcapi-dgst" -c sha256
tcase "kcapi-dgst sha3-256" hash/sha3-256 3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532 \
	"$BIN/kcapi-dgst" -c sha3-256
tcase "kcapi-dgst hmac(sha256)" 'hash/hmac(sha256)' \
	d601cc177559b0248459787f7e804ed7f27689b5995c59b661802d9682fdf8d2 \
	sh -c 'exec "$1" -c "hmac(sha256)" --keyfd 3 3<"$2"' sh "$BIN/kcapi-dgst" "$W/key16"
tcase "kcapi-enc cbc(aes)" 'skcipher/cbc(aes)' \
	9bb5f601884fcd6f6e29b23f82cca77aed83e78428f8510691163c71b04ed6f3 \
	sh -c 'exec "$1" -c "cbc(aes)" --key-len 16 --keyfd 3 --iv 101112131415161718191a1b1c1d1e1f -i "$3" 3<"$2"' \
	sh "$BIN/kcapi-enc" "$W/key16" "$W/pt"
# (libkcapi's kcapi-hasher exits with EFAULT's status, 242, when it cannot allocate a hash)
REFUSED_RC=242 tcase "kcapi-hasher sha256sum" hash/sha256 \
	"$(printf '%s  -\n' ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad | od -An -v -tx1 | tr -d ' \n')" \
	"$BIN/kcapi-hasher" -n sha256sum
# kcapi-rng draws from stdrng; random output: only its length is known
if [[ ${verdict[rng/stdrng]:-} == ok ]]; then
	"$BIN/kcapi-rng" -b 32 >"$W/rng" 2>"$W/err"
	check "kcapi-rng -b 32: 32 bytes (exit $?)" test "$(wc -c <"$W/rng")" = 32
else
	tcase "kcapi-rng -b 32" rng/stdrng - "$BIN/kcapi-rng" -b 32
fi
finish
