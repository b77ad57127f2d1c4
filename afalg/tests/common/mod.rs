//! Shared helpers for the integration tests that need a kernel with AF_ALG.

/// Whether the running kernel offers AF_ALG. Without it the kernel tests skip themselves,
/// unless `KCAPI_REQUIRE_KERNEL` is set (as in `tools/kernel-tests`), where that is a failure.
pub fn have_af_alg() -> bool {
    match afalg::available() {
        Ok(_) => true,
        Err(e) => {
            if std::env::var_os("KCAPI_REQUIRE_KERNEL").is_some() {
                panic!("KCAPI_REQUIRE_KERNEL is set but socket(AF_ALG) fails: {e}");
            }
            eprintln!("skipping: no AF_ALG on this kernel ({e}); run under tools/vmrun");
            false
        }
    }
}

/// Lowercase hex.
#[allow(dead_code)]
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Parse hex (test vectors).
#[allow(dead_code)]
pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap()).collect()
}

#[allow(dead_code)]
/// The test vectors of the kcapi-rs repository (`capi-tests/vectors`, beside this crate).
pub fn vectors() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../capi-tests/vectors")
}
