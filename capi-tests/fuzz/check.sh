#!/bin/sh
# The differential fuzzer's bounded slice for make check (run inside the VM by tools/kernel-tests):
# the fixed sequence seeds of check-seeds, against Debian's libkcapi and BUILD_DIR's library.
# Last line "N passed, N failed" (N = sequences).
#   capi-tests/fuzz/check.sh BUILD_DIR
B=${1:?usage: check.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
seeds=$(sed -e 's/#.*//' "$here/check-seeds" | tr -s ' \t\n' ',' | sed -e 's/^,//' -e 's/,$//')
n=$(echo "$seeds" | tr , "\n" | grep -c .)
exec "$B/capi-tests/fuzz" -l "$B/libkcapi.so.1.5.1" -s "$seeds" -n "$n" -k -x 20
