#!/usr/bin/env python3
"""AF_ALG smoke test (used by tools/vm/selftest): binds a set of algorithms,
checks a SHA-256 digest and an AES-GCM tag, and that NETLINK_CRYPTO works.
Exits 0 if everything works, 1 otherwise."""
import socket
import sys

AF_ALG, SOL_ALG, ALG_SET_KEY, ALG_SET_AEAD_AUTHSIZE = 38, 279, 1, 5
ALGS = [("hash", "sha256"), ("hash", "sha3-256"), ("hash", "hmac(sha256)"),
        ("skcipher", "cbc(aes)"), ("skcipher", "ctr(aes)"), ("skcipher", "xts(aes)"),
        ("aead", "gcm(aes)"), ("aead", "ccm(aes)"), ("aead", "rfc4106(gcm(aes))"),
        ("rng", "stdrng")]
ok = True


def check(what, cond, detail=""):
    global ok
    print(("ok   " if cond else "FAIL ") + what + (f" ({detail})" if detail else ""))
    ok = ok and cond


for typ, name in ALGS:
    s = socket.socket(AF_ALG, socket.SOCK_SEQPACKET, 0)
    try:
        s.bind((typ, name))
        check(f"bind {typ} {name}", True)
    except OSError as e:
        check(f"bind {typ} {name}", False, str(e))
    finally:
        s.close()

try:
    with socket.socket(AF_ALG, socket.SOCK_SEQPACKET, 0) as s:
        s.bind(("hash", "sha256"))
        c, _ = s.accept()
        c.sendall(b"abc")
        d = c.recv(32).hex()
        check("sha256(abc)", d == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", d)
    with socket.socket(AF_ALG, socket.SOCK_SEQPACKET, 0) as s:
        s.bind(("aead", "gcm(aes)"))
        s.setsockopt(SOL_ALG, ALG_SET_KEY, bytes(16))
        s.setsockopt(SOL_ALG, ALG_SET_AEAD_AUTHSIZE, None, 16)
        c, _ = s.accept()
        c.sendmsg_afalg([b""], op=socket.ALG_OP_ENCRYPT, iv=bytes(12), assoclen=0)
        t = c.recv(16).hex()
        check("gcm(aes) tag, zero key/iv, empty input", t == "58e2fccefa7e3061367f1d57a4e7455a", t)
except OSError as e:
    check("AF_ALG operations", False, str(e))

try:
    socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 21).close()  # NETLINK_CRYPTO
    check("NETLINK_CRYPTO socket", True)
except OSError as e:
    check("NETLINK_CRYPTO socket", False, str(e))

sys.exit(0 if ok else 1)
