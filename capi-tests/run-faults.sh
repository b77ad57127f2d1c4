#!/usr/bin/env bash
# run-faults.sh - the C tests with the kernel refusing one thing at a time (fault injection).
#
#     LD_LIBRARY_PATH=build KCAPI_TEST_RS=1 tools/vmrun -- capi-tests/run-faults.sh [--quick] [BINDIR]
#
# Needs AF_ALG (run it in tools/vmrun's VM) and faultrun + faultrun-eintr.so in BINDIR
# (default ../build/capi-tests; `make -C capi-tests faultrun`). Each program of a fault's list
# runs once unfaulted and once under `faultrun` with that fault; fault-compare.py judges the
# pair: "same" faults have a fallback and must not change the program's output, "refuse"
# faults may fail checks but must not crash, hang, report success with wrong output, return
# anything but a negative errno, or leak descriptors (see fault-compare.py and
# capi-tests/README.md).
#
# --quick: only fault_probe (a one-second program touching every fallback path) under every
#          fault: the slice `make check` runs.
# KCAPI_FAULTS="name ..." runs only the named faults, KCAPI_FAULT_PROGS="prog ..." only those
# programs; KCAPI_FAULT_TIMEOUT (default 300) is faultrun's kill timeout per run.
# md_fdleak/cipher_fdleak run 200 cycles (KCAPI_TEST_FDLEAK_CYCLES, default here 200).
# Prints one line per fault and program and the summary "N passed, N failed".
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
quick=0
if [[ ${1:-} == --quick ]]; then
	quick=1
	shift
fi
BINDIR=${1:-${BINDIR:-$HERE/../build/capi-tests}}
export KCAPI_TEST_FDLEAK_CYCLES=${KCAPI_TEST_FDLEAK_CYCLES:-200}
TIMEOUT=${KCAPI_FAULT_TIMEOUT:-300}
FR=$BINDIR/faultrun
[[ -x $FR && -r $BINDIR/faultrun-eintr.so ]] || { echo "run-faults: $FR or faultrun-eintr.so missing"; echo "0 passed, 1 failed"; exit 1; }

# aead_kat (80 s in the VM) and rng_test (35 s) only where their paths are the point
CIPHER="fault_probe cipher_kat cipher_errors cipher_threads cipher_fdleak aead_errors"
INIT="fault_probe md_kat md_sha3 md_errors compat_symver cipher_kat cipher_errors aead_errors kdf_kat kdf_errors"
REFUSE="fault_probe md_errors md_threads md_fdleak cipher_errors cipher_threads cipher_fdleak aead_errors kdf_errors rng_test md_kat cipher_kat"

# name | mode | faultrun options | programs [| lines that may differ (regex, "same" mode)]
FAULT_TABLE="
vmsplice-EPERM|same|-e vmsplice:EPERM|$CIPHER aead_kat
vmsplice-ENOSYS|same|-e vmsplice:ENOSYS|fault_probe cipher_kat
splice-EPERM|same|-e splice:EPERM|$CIPHER
splice+vmsplice-EPERM|same|-e splice:EPERM -e vmsplice:EPERM|fault_probe cipher_kat aead_errors
pipe2-EMFILE|same|-e pipe2:EMFILE|fault_probe cipher_kat cipher_fdleak aead_errors|through a 4 KiB pipe
io_setup-ENOSYS|same|-e io_setup:ENOSYS|$CIPHER
io_submit-EOPNOTSUPP|same|-e io_submit:EOPNOTSUPP|$CIPHER cipher_aio aead_kat
io_submit-ENOSYS|same|-e io_submit:ENOSYS|fault_probe cipher_kat cipher_threads aead_errors
netlink-EPROTONOSUPPORT|same|-n EPROTONOSUPPORT|$INIT
netlink-EPERM|same|-n EPERM|$INIT aead_kat rng_test
getrandom-ENOSYS|same|-e getrandom:ENOSYS|fault_probe rng_test
getrandom-EPERM|same|-e getrandom:EPERM|fault_probe rng_test
eintr|same|-i 300|fault_probe md_kat md_threads cipher_kat cipher_threads aead_errors aead_kat kdf_kat rng_test
accept-ENOMEM|refuse|-e accept4:ENOMEM -e accept:ENOMEM|$REFUSE
nofile-4|refuse|-f 4|$REFUSE
nofile-6|refuse|-f 6|$REFUSE
socket-EMFILE|refuse|-e socket:EMFILE|fault_probe md_errors cipher_errors aead_errors kdf_errors rng_test
"

out=$(mktemp -d "${TMPDIR:-/tmp}/kcapi-faults.XXXXXX")
trap 'rm -rf "$out"' EXIT
pass=0
fail=0
start_all=$(date +%s)

# the unfaulted run of a program, once
base() {
	local p=$1
	if [[ ! -f $out/$p.base.rc ]]; then
		"$FR" -t "$TIMEOUT" -- "$BINDIR/$p" >"$out/$p.base" 2>"$out/$p.base.err"
		echo $? >"$out/$p.base.rc"
		if [[ $(cat "$out/$p.base.rc") != 0 ]]; then
			echo "note: $p fails unfaulted (exit $(cat "$out/$p.base.rc")); its fault runs compare with that"
		fi
	fi
}

while IFS='|' read -r name mode opts progs ignore; do
	[[ -z $name ]] && continue
	if [[ -n ${KCAPI_FAULTS:-} && " $KCAPI_FAULTS " != *" $name "* ]]; then continue; fi
	[[ $quick == 1 ]] && progs=fault_probe
	for p in $progs; do
		if [[ -n ${KCAPI_FAULT_PROGS:-} && " $KCAPI_FAULT_PROGS " != *" $p "* ]]; then continue; fi
		[[ -x $BINDIR/$p ]] || { echo "FAIL: $name $p: $BINDIR/$p missing"; fail=$((fail + 1)); continue; }
		base "$p"
		t0=$(date +%s)
		# shellcheck disable=SC2086
		"$FR" -t "$TIMEOUT" $opts -- "$BINDIR/$p" >"$out/$p.$name" 2>"$out/$p.$name.err"
		rc=$?
		secs=$(($(date +%s) - t0))
		read -r brc <"$out/$p.base.rc"
		echo "$mode|$out/$p.base|$brc|$out/$p.$name|$rc|${ignore:-}" >>"$out/judge.list"
		echo "$name|$p|$mode|$rc|$secs" >>"$out/runs.list"
	done
done <<<"$FAULT_TABLE"

# One Python process judges every run (see fault-compare.py).
[[ -s $out/judge.list ]] && python3 "$HERE/fault-compare.py" --batch "$out/judge.list" >"$out/verdicts"
exec 3<"$out/verdicts"
while IFS='|' read -r name p mode rc secs; do
	IFS= read -r verdict <&3 || verdict="FAIL: no verdict"
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out/$p.$name" | tail -1)
	extra=$(grep -h '^faultrun-eintr:' "$out/$p.$name.err" | head -1)
	if [[ $verdict == ok ]]; then
		pass=$((pass + 1))
		printf 'ok:   %-24s %-15s %s: exit %d, %s, %ds %s\n' "$name" "$p" "$mode" "$rc" "${summary:-no summary}" "$secs" "${extra#faultrun-eintr: }"
	else
		fail=$((fail + 1))
		printf 'FAIL: %-24s %-15s %s: exit %d, %s, %ds\n' "$name" "$p" "$mode" "$rc" "${summary:-no summary}" "$secs"
		echo "    ${verdict#FAIL: }"
		grep -E '^!?FAIL' "$out/$p.$name" | head -5 | sed 's/^/    /'
		grep -v '^faultrun-eintr:' "$out/$p.$name.err" | tail -3 | sed 's/^/    stderr: /'
		if [[ -n ${KCAPI_FAULT_KEEP:-} ]]; then
			mkdir -p "$KCAPI_FAULT_KEEP" && cp "$out/$p.base" "$out/$p.$name" "$out/$p.$name.err" "$KCAPI_FAULT_KEEP/"
		fi
	fi
done <"$out/runs.list"
exec 3<&-
echo "run-faults: $(($(date +%s) - start_all)) s"
echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
