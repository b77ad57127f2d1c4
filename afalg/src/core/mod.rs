//! The safe core: handles, transformations and operations as Rust types. No raw pointers;
//! all kernel access goes through [`crate::sys`].

pub mod aead;
pub mod cipher;
pub mod handle;
pub mod hash;
pub mod info;
pub mod kdf;
pub mod log;
pub mod op;
pub mod rng;

/// libkcapi version this library implements.
pub const VERSION_MAJOR: u32 = 1;
/// Minor version.
pub const VERSION_MINOR: u32 = 5;
/// Patch level.
pub const VERSION_PATCH: u32 = 1;
/// `libkcapi 1.5.1`.
pub const VERSION_STRING: &str = "libkcapi 1.5.1";
/// Machine-usable version number: `major·1000000 + minor·10000 + patch·100`.
pub const VERSION_NUMBER: u32 = VERSION_MAJOR * 1_000_000 + VERSION_MINOR * 10_000 + VERSION_PATCH * 100;

/// Fill `buf` with `c` in a way the compiler cannot elide (for wiping secrets).
pub fn memset_secure(buf: &mut [u8], c: u8) {
    for b in buf.iter_mut() {
        // SAFETY: b is a valid, exclusive reference to one byte.
        unsafe { std::ptr::write_volatile(b, c) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}
