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

# run DIR STDIN OUTPREFIX CMD...: run CMD in DIR with a time limit, stdout/stderr/status to
# OUTPREFIX.{out,err,rc}. $RUN_PREP, if set, is evaluated in the subshell first (e.g. to open
# descriptors afresh for every run).
run() {
	local dir=$1 in=$2 p=$3; shift 3
	(cd "$dir" && eval "${RUN_PREP:-:}" && exec timeout -k 5 600 "$@" <"$in" >"$p.out" 2>"$p.err")
	echo $? >"$p.rc"
}

# same LABEL DIR STDIN 'OURS-ARGV' 'REF-ARGV' [stderr]: run both, compare stdout bytes and
# the exit status (and stderr, with each program's argv[0] replaced by PROG, if asked).
# OURS and REF are arrays named by the 4th and 5th argument.
same() {
	local label=$1 dir=$2 in=$3 cmp_err=${6:-}
	local -n ours=$4 ref=$5
	run "$dir" "$in" "$W/o" "${ours[@]}"
	run "$dir" "$in" "$W/r" "${ref[@]}"
	local why=""
	cmp -s "$W/o.out" "$W/r.out" || why+=" stdout differs"
	[[ $(cat "$W/o.rc") == "$(cat "$W/r.rc")" ]] || why+=" status $(cat "$W/o.rc") vs $(cat "$W/r.rc")"
	if [[ -n $cmp_err ]]; then
		sed "s|^${ours[0]}: |PROG: |" "$W/o.err" >"$W/o.nerr"
		sed "s|^${ref[0]}: |PROG: |" "$W/r.err" >"$W/r.nerr"
		cmp -s "$W/o.nerr" "$W/r.nerr" || why+=" stderr differs"
	fi
	if [[ -z $why ]]; then
		ok "$label"
	else
		ko "$label:$why"
		{
			echo "--- ours (status $(cat "$W/o.rc")):"; head -c 600 "$W/o.out" | od -c | head -8
			head -c 600 "$W/o.err"
			echo "--- reference (status $(cat "$W/r.rc")):"; head -c 600 "$W/r.out" | od -c | head -8
			head -c 600 "$W/r.err"
		} | sed 's/^/    /'
	fi
}

# expect LABEL STATUS PREFIX [STDOUT-TEXT [STDERR-REGEX]]: check a run() result
expect() {
	local label=$1 st=$2 p=$3 o=${4-__any__} e=${5-}
	local why=""
	[[ $(cat "$p.rc") == "$st" ]] || why+=" status $(cat "$p.rc") (want $st)"
	[[ $o == __any__ || $(cat "$p.out") == "$o" ]] || why+=" stdout '$(head -c 300 "$p.out")' (want '$o')"
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
