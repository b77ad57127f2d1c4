#!/bin/sh
# keyring-strace.sh [BINDIR] - show that a key given to kcapi-enc as --key-serial or --key-desc
# never enters the program's memory (not part of make check; run in the VM as root):
#
#     LD_LIBRARY_PATH=$PWD/build tools/vmrun -- capi-tests/keyring-strace.sh build/bin
#
# A "user" key with a recognisable payload goes into the session keyring, then kcapi-enc
# encrypts the same input with --key-serial, --key-desc and --keyfd under
# strace -e read,keyctl,setsockopt,add_key,request_key. With Linux 6.2+ only the --keyfd run
# reads the key bytes (and passes them in ALG_SET_KEY); the keyring runs pass the serial
# (setsockopt optname 7). Before 6.2 the library reads the user key (KEYCTL_READ) instead.
# python3 adds the key (the host has no keyctl(1)); the children inherit the session keyring.
BIN=${1:-build/bin}
exec python3 - "$BIN" <<'PY'
import ctypes, os, subprocess, sys
bindir = sys.argv[1]
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
SYS_add_key, KEY_SPEC_SESSION_KEYRING = 248, -3
key = b"SECRET-KEY-BYTES-0123456789abcde"
serial = libc.syscall(SYS_add_key, b"user", b"kcapi:strace", key, len(key), KEY_SPEC_SESSION_KEYRING)
print("user key kcapi:strace, serial", serial)
open("/tmp/strace-in", "wb").write(b"x" * 64)
open("/tmp/strace-key", "wb").write(key)
outs = []
for opt in (["--key-serial", str(serial)], ["--key-desc", "user:kcapi:strace"], ["--keyfd", "3"]):
    out = "/tmp/strace-out" + opt[0]
    fd = os.open("/tmp/strace-key", os.O_RDONLY)  # the key descriptor is 3 for --keyfd 3
    if fd != 3:
        os.dup2(fd, 3)
        os.close(fd)
    r = subprocess.run(["strace", "-f", "-o", "/tmp/strace-log", "-e", "trace=read,keyctl,setsockopt,add_key,request_key",
                        os.path.join(bindir, "kcapi-enc"), "-c", "cbc(aes)", "--iv", "00" * 16,
                        "-i", "/tmp/strace-in", "-o", out] + opt, pass_fds=(3,))
    os.close(3)
    log = open("/tmp/strace-log").read()
    print(f"==== kcapi-enc {' '.join(opt)}: exit {r.returncode}")
    print("".join(l + "\n" for l in log.splitlines() if "ELF" not in l and " r-" not in l and "00:" not in l), end="")
    print("key bytes seen by the process:", "SECRET" in log)
    outs.append(open(out, "rb").read())
print("outputs equal:", outs[0] == outs[1] == outs[2])
PY
