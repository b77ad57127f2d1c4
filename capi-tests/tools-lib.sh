# Helpers for the command-line tool tests (sourced by the capi-tests/tools-*.sh scripts).
# Every check counts one pass or one fail; finish prints "N passed, N failed".

set -u
pass=0
fail=0

# tools_init NAME [BINDIR]: BIN = the tools' directory (default ../build/bin), W = a scratch
# directory removed at exit.
tools_init() {
	local here
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
	BIN=$(cd "${2:-$here/../build/bin}" && pwd -P)
	W=$(mktemp -d "${TMPDIR:-/tmp}/tools-$1.XXXXXX")
	trap 'rm -rf "$W"' EXIT
}
# tools_pair NAME: OURS=$BIN/NAME and REF=/usr/bin/NAME (Debian's tool), both required; the
# reference runs on Debian's library whatever the caller's environment says; D = a data
# directory for the test files.
tools_pair() {
	OURS=$BIN/$1
	REF=/usr/bin/$1
	[[ -x $OURS ]] || { ko "$OURS missing"; finish; exit 1; }
	[[ -x $REF ]] || { ko "$REF missing (apt-get install kcapi-tools)"; finish; exit 1; }
	unset LD_LIBRARY_PATH
	D=$W/data
	mkdir -p "$D"
}
# kernel_has TYPE NAME: the kernel offers the algorithm (a bind on a raw AF_ALG socket).
# Kernels differ: Debian's 7.2 has no DRBG ("stdrng") and no ansi_cprng.
# Uses capi-tests/kernel_has from the build (a few system calls) where it was built.
kernel_has() {
	local k=$BIN/../capi-tests/kernel_has
	if [[ -x $k ]]; then
		"$k" "$1" "$2"
	else
		python3 -c 'import socket, sys; socket.socket(38, 5, 0).bind((sys.argv[1], sys.argv[2]))' "$1" "$2" 2>/dev/null
	fi
}
ok() { pass=$((pass + 1)); [[ ${VERBOSE:-0} == 1 ]] && echo "PASS: $*"; return 0; }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; return 0; }
check() { # check LABEL CONDITION-COMMAND...
	local label=$1; shift
	if "$@"; then ok "$label"; else ko "$label"; fi
}
finish() {
	echo "$pass passed, $fail failed"
	[[ $fail == 0 ]]
}

# sizes FILE...: the sizes of the files in bytes, on one line (one process for all).
sizes() {
	local n f r=
	while read -r n f; do [[ $f == total ]] || r+="$n "; done <<<"$(wc -c "$@")"
	echo "$r"
}

# run DIR STDIN OUTPREFIX CMD...: run CMD in DIR, stdout/stderr/status to OUTPREFIX.{out,err,rc}
# and the status to RUN_RC. $RUN_PREP, if set, is evaluated in the subshell first (e.g. to open
# descriptors afresh for every run). No timeout(1) per run (an exec costs much under emulation):
# tools/kernel-tests limits each step's time, and a hang shows as that step's timeout.
run() {
	local dir=$1 in=$2 p=$3; shift 3
	(cd "$dir" && eval "${RUN_PREP:-:}" && exec "$@" <"$in" >"$p.out" 2>"$p.err")
	RUN_RC=$?
	echo "$RUN_RC" >"$p.rc"
}
# (Processes are expensive under emulation: the helpers below read results with builtins.)

# progname_as_prog PROG FILE: FILE's text with "PROG: " at the start of a line replaced by
# "PROG: " literally (the two tools have different paths), trailing newlines kept (as an "x").
progname_as_prog() {
	local t nl=$'\n'
	IFS= read -r -d '' t <"$2"
	t=$nl$t
	t=${t//"$nl$1: "/"${nl}PROG: "}
	printf '%sx' "${t#"$nl"}"
}

# same LABEL DIR STDIN 'OURS-ARGV' 'REF-ARGV' [stderr]: run both, compare stdout bytes and
# the exit status (and stderr, with each program's argv[0] replaced by PROG, if asked).
# OURS and REF are arrays named by the 4th and 5th argument.
same() {
	local label=$1 dir=$2 in=$3 cmp_err=${6:-}
	local -n ours=$4 ref=$5
	local rc_o rc_r
	run "$dir" "$in" "$W/o" "${ours[@]}"
	rc_o=$RUN_RC
	run "$dir" "$in" "$W/r" "${ref[@]}"
	rc_r=$RUN_RC
	local why=""
	cmp -s "$W/o.out" "$W/r.out" || why+=" stdout differs"
	[[ $rc_o == "$rc_r" ]] || why+=" status $rc_o vs $rc_r"
	if [[ -n $cmp_err ]]; then
		[[ $(progname_as_prog "${ours[0]}" "$W/o.err") == "$(progname_as_prog "${ref[0]}" "$W/r.err")" ]] ||
			why+=" stderr differs"
	fi
	if [[ -z $why ]]; then
		ok "$label"
	else
		ko "$label:$why"
		{
			echo "--- ours (status $rc_o):"; head -c 600 "$W/o.out" | od -c | head -8
			head -c 600 "$W/o.err"
			echo "--- reference (status $rc_r):"; head -c 600 "$W/r.out" | od -c | head -8
			head -c 600 "$W/r.err"
		} | sed 's/^/    /'
	fi
}

# expect LABEL STATUS PREFIX [STDOUT-TEXT [STDERR-REGEX]]: check a run() result
expect() {
	local label=$1 st=$2 p=$3 o=${4-__any__} e=${5-}
	local why="" rc
	read -r rc <"$p.rc"
	[[ $rc == "$st" ]] || why+=" status $rc (want $st)"
	[[ $o == __any__ || $(<"$p.out") == "$o" ]] || why+=" stdout '$(head -c 300 "$p.out")' (want '$o')"
	[[ -z $e ]] || grep -Eq -- "$e" "$p.err" || why+=" stderr '$(head -c 300 "$p.err")' (want /$e/)"
	if [[ -z $why ]]; then ok "$label"; else ko "$label:$why"; fi
}

# peak_rss_kib PREFIX CMD...: run CMD under GNU time, print its peak RSS in KiB
peak_rss_kib() {
	local p=$1; shift
	/usr/bin/time -f '%M' -o "$p.time" "$@" >"$p.out" 2>"$p.err"
	echo $? >"$p.rc"
	tail -1 "$p.time"
}

# big_input PATH: a sparse file of zeros (tmpfs holes cost no memory) of KCAPI_TEST_BIG_MIB MiB
# (64 in make check, 1024 in make check-full) for the bounded-memory checks; BIG is its label,
# BIG_SHA256 its SHA-256 and BIG_SHA512HMAC its HMAC-SHA512 under the hasher's FIPS key
# (computed independently with Python's hashlib).
big_input() {
	local mib=${KCAPI_TEST_BIG_MIB:-64}
	truncate -s "${mib}M" "$1"
	BIG="$mib MiB"
	BIG_BLOCKS=$((mib * 65536))
	case $mib in
	64)
		BIG_SHA256=3b6a07d0d404fab4e23b6d34bc6696a6a312dd92821332385e5af7c01c421351
		BIG_SHA512HMAC=ba304cc6ad3706708317aac1cde0b66defb53c7c78e5e483098f391e644ecf9e72f71e8f43463cf2bd649f72a2959da768f296c140cd1998c74e723cd0f08df9 ;;
	1024)
		BIG_SHA256=49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14
		BIG_SHA512HMAC=af0d6c9d33ae3ee6048f3112bbe4680946f6265bcef861b68ed735408d32d8a26c4bc36d4c00075ee9e53599f0daf66155dd53e7a0e3cc721094f25b8a9a6ba4 ;;
	*)
		read -r BIG_SHA256 BIG_SHA512HMAC <<<"$(python3 -c '
import hashlib, hmac, sys
z = bytes(1 << 20); h = hashlib.sha256(); m = hmac.new(b"FIPS-FTW-RHT2009", digestmod="sha512")
for _ in range(int(sys.argv[1])): h.update(z); m.update(z)
print(h.hexdigest(), m.hexdigest())' "$mib")" ;;
	esac
}
