//! Shared by the examples: skipping on kernels without AF_ALG, hex, known-answer checks.
#![allow(dead_code)]

/// Exit 0 with a "skipped" line when the kernel has no AF_ALG sockets.
pub fn require_af_alg() {
    if let Err(e) = afalg::available() {
        println!("skipped: no AF_ALG ({e})");
        std::process::exit(0);
    }
}

/// Lowercase hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Bytes from hex (test vectors).
pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex")).collect()
}

/// Print `what: <hex>`; exit 1 unless it is `want` (hex).
pub fn check(what: &str, got: &[u8], want: &str) {
    println!("{what}: {}", hex(got));
    if hex(got) != want {
        eprintln!("MISMATCH in {what}: expected {want}");
        std::process::exit(1);
    }
}
