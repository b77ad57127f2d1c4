#!/usr/bin/env python3
"""fault-compare.py - judge one C test program's run under a fault against its unfaulted run.

    fault-compare.py MODE BASE_OUT BASE_RC FAULT_OUT FAULT_RC [IGNORE]
    fault-compare.py --batch FILE        (one "MODE|BASE_OUT|BASE_RC|FAULT_OUT|FAULT_RC|IGNORE" per line)

MODE same: the fault has a fallback that must be invisible. The program exits as it did
    unfaulted (0) and its stdout equals the unfaulted stdout, except timing figures and lines
    matching the regular expression IGNORE (cases the program runs only when a call the fault
    legitimately refuses succeeds); with IGNORE the summary lines must agree on the failures.
MODE refuse: the kernel refuses something every operation needs (accept ENOMEM, the fd limit),
    so checks may fail. What must hold:
    - the program finished: no signal (crash), no timeout (faultrun's 124 or the program's
      own "FAIL: timeout" watchdog line), a "N passed, N failed" summary line;
    - every "name: rc=N ..." line that reports success (rc >= 0) where the unfaulted run
      succeeded too is identical to the unfaulted line (no partial or wrong output reported as
      success; a success where the unfaulted run failed follows from an earlier refusal, e.g.
      setkey is -EBUSY only after an accept); a failure is a negative errno (-4095 <= rc < 0)
      or the documented failure value of a function without an error return (FAILURE_VALUE:
      0 from the size functions, which learn the sizes from the kernel on first use, 262144
      from kcapi_pbkdf_iteration_count when PBKDF2 fails);
    - no descriptor leak: the fd-leak programs' "fd count" checks report equal counts
      (whenever both counts could be read).
Prints "ok" or the violations; exit status 0 / 1.
"""
import re
import sys

SUMMARY = re.compile(r"^\d+ passed, \d+ failed$")
RC_LINE = re.compile(r"^(!?[^:]+): rc=(-?\d+)(.*)$")
# Functions without an error return: the value they report a failure with, by line name.
FAILURE_VALUE = [
    (re.compile(r"(ivsize|blocksize|authsize|digestsize|seedsize|outbuflen)"), 0),
    (re.compile(r"^!?itc_"), 262144),
]
FD_COUNT = [
    re.compile(r"fd count[^:]*: (-?\d+), before (-?\d+)"),
    re.compile(r"fd count (-?\d+) -> (-?\d+)"),
]


def normalise(line):
    """Timing figures differ from run to run."""
    line = re.sub(r"\d+(\.\d+)? s\b", "T s", line)
    line = re.sub(r"\(\d+(\.\d+)? us/cycle\)", "(T us/cycle)", line)
    # kcapi_pbkdf_iteration_count's measured counts (kdf_errors' "!itc_..." lines)
    line = re.sub(r"^(!?itc_[^:]*: )\d+ \((\d+): T s, \d+: T s\)$", r"\1N (\2: T s, N: T s)", line)
    return line


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def judge(mode, base_out, base_rc, fault_out, fault_rc, ignore):
    """The violations of one faulted run (an empty list: ok)."""
    ignore = re.compile(ignore) if ignore else None
    base_rc, fault_rc = int(base_rc), int(fault_rc)
    base, fault = read(base_out), read(fault_out)
    bad = []

    if fault_rc == 124:
        bad.append("killed by faultrun's timeout (hang)")
    elif fault_rc > 128:
        bad.append(f"killed by signal {fault_rc - 128}")
    if any(l.startswith("FAIL: timeout") for l in fault):
        bad.append("the program's watchdog fired (hang)")
    if not any(SUMMARY.match(l) for l in fault):
        bad.append("no summary line")

    if mode == "same":
        if fault_rc != base_rc:
            bad.append(f"exit status {fault_rc}, unfaulted {base_rc}")
        b = [normalise(l) for l in base]
        f = [normalise(l) for l in fault]
        if ignore:
            b = [re.sub(r"^\d+ passed, ", "N passed, ", l) for l in b if not ignore.search(l)]
            f = [re.sub(r"^\d+ passed, ", "N passed, ", l) for l in f if not ignore.search(l)]
        if b != f:
            import difflib
            d = list(difflib.unified_diff(b, f, "unfaulted", "faulted", n=0, lineterm=""))
            bad.append("stdout differs from the unfaulted run:\n    " + "\n    ".join(d[:24]))
    elif mode == "refuse":
        seen = {}
        for l in base:
            m = RC_LINE.match(l)
            if m:
                seen.setdefault(m.group(1), []).append(l)
        count = {}
        for l in fault:
            m = RC_LINE.match(l)
            if m:
                name, rc = m.group(1), int(m.group(2))
                k = count.get(name, 0)
                count[name] = k + 1
                if rc < -4095:
                    bad.append(f"not an errno: {l}")
                ref = seen.get(name, [])
                failed = any(pat.search(name) and rc == v for pat, v in FAILURE_VALUE)
                if rc >= 0 and not failed and k < len(ref) and ref[k] != l:
                    m0 = RC_LINE.match(ref[k])
                    # A success where the unfaulted run failed follows from an earlier refusal
                    # (setkey is -EBUSY only once an operation socket exists, which accept refused).
                    if m0 and int(m0.group(2)) >= 0:
                        bad.append(f"success with different output: {l}  (unfaulted: {ref[k]})")
            for pat in FD_COUNT:
                m = pat.search(l)
                if m and l.startswith(("FAIL", "!FAIL")):
                    a, b2 = int(m.group(1)), int(m.group(2))
                    if a >= 0 and b2 >= 0 and a != b2:
                        bad.append(f"descriptor leak: {l}")
    else:
        bad.append(f"unknown mode {mode}")
    return bad


def main():
    # --batch FILE: one run per line, "MODE|BASE_OUT|BASE_RC|FAULT_OUT|FAULT_RC|IGNORE"; prints
    # one verdict per line ("ok" or "FAIL: violation; violation") — one interpreter for all runs
    # (starting Python costs seconds under emulation).
    if sys.argv[1:2] == ["--batch"]:
        status = 0
        for line in read(sys.argv[2]):
            f = line.split("|")
            bad = judge(*f[:5], f[5] if len(f) > 5 else "")
            if bad:
                status = 1
                print("FAIL: " + "; ".join(b.replace("\n", " / ") for b in bad))
            else:
                print("ok")
        sys.exit(status)
    bad = judge(*sys.argv[1:6], sys.argv[6] if len(sys.argv) > 6 else "")
    if bad:
        for b in bad:
            print("  " + b)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
