//! Memory the compiler must not optimise: secure wiping, and buffers handed to C callers.

use crate::error::{Errno, Result};
use ::core::sync::atomic::{compiler_fence, Ordering};

/// Fill `buf` with `c` in a way the compiler cannot elide (for wiping secrets): one volatile
/// store per byte, then a compiler fence so that later code cannot be moved before the wipe.
pub fn wipe(buf: &mut [u8], c: u8) {
    for b in buf.iter_mut() {
        // SAFETY: b is a valid, exclusive, aligned reference to one byte.
        unsafe { ::core::ptr::write_volatile(b, c) };
    }
    compiler_fence(Ordering::SeqCst);
}

/// Memory allocated with `posix_memalign` for a C caller, who releases it with `free(3)`.
/// Freed when dropped unless handed over with [`CBuf::into_raw`].
#[derive(Debug)]
pub struct CBuf {
    ptr: *mut u8,
    len: usize,
}

impl CBuf {
    /// `size` bytes aligned to 16, starting with `data` (cut to `size`) and zero-filled after
    /// it. `ENOMEM` when allocation fails.
    pub fn new(data: &[u8], size: usize) -> Result<CBuf> {
        let mut p: *mut libc::c_void = ::core::ptr::null_mut();
        // SAFETY: p is a valid out-pointer; 16 is a power of two multiple of sizeof(void *).
        let r = unsafe { libc::posix_memalign(&mut p, 16, size) };
        if r != 0 {
            return Err(Errno(r));
        }
        if size > 0 && p.is_null() {
            return Err(Errno::ENOMEM);
        }
        let n = data.len().min(size);
        // SAFETY: p points to size writable bytes just allocated (or is a unique pointer for
        // size 0, where nothing is written); n <= size.
        unsafe {
            ::core::ptr::copy_nonoverlapping(data.as_ptr(), p.cast::<u8>(), n);
            ::core::ptr::write_bytes(p.cast::<u8>().add(n), 0, size - n);
        }
        Ok(CBuf { ptr: p.cast(), len: size })
    }

    /// The contents.
    pub fn as_slice(&self) -> &[u8] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: ptr points to len initialised bytes owned by self (see `new`).
        unsafe { ::core::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// Hand the memory over: the caller must release it with `free(3)`.
    pub fn into_raw(self) -> *mut u8 {
        let p = self.ptr;
        ::core::mem::forget(self);
        p
    }
}

impl Drop for CBuf {
    fn drop(&mut self) {
        // SAFETY: ptr came from posix_memalign (or is NULL) and was not handed over.
        unsafe { libc::free(self.ptr.cast()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wipe_fills() {
        let mut b = [1u8; 9];
        wipe(&mut b, 0);
        assert_eq!(b, [0; 9]);
    }

    #[test]
    fn cbuf_copies_and_pads() {
        let b = CBuf::new(&[1, 2, 3], 5).unwrap();
        assert_eq!(b.as_slice(), &[1, 2, 3, 0, 0]);
        assert_eq!(b.ptr as usize % 16, 0);
        let c = CBuf::new(&[1, 2, 3], 2).unwrap();
        assert_eq!(c.as_slice(), &[1, 2]);
        let p = c.into_raw();
        // SAFETY: p came from CBuf::into_raw and is released once.
        unsafe { libc::free(p.cast()) };
        assert!(CBuf::new(&[], 0).is_ok());
    }
}
