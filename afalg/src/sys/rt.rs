//! The runtime of the C library when it is built without `std` (`__capi` without `std`):
//! the heap is libc's `malloc`, a panic (a bug) prints where it happened and aborts, and
//! nothing ever unwinds.
//!
//! Building the C library without `std` leaves out std's panic machinery (its backtrace
//! symbolizer alone is larger than the rest of the library) and the dependency on libgcc_s.

#[cfg(any(test, not(feature = "std")))]
use ::core::alloc::{GlobalAlloc, Layout};

/// Alignment `malloc` guarantees on the 64-bit Linux targets.
#[cfg(any(test, not(feature = "std")))]
const MALLOC_ALIGN: usize = 16;

/// The global allocator: libc's heap, so C and Rust memory tools see one allocator.
#[cfg(any(test, not(feature = "std")))]
pub struct Malloc;

// SAFETY: every method returns memory from libc's allocator with at least the requested size
// and alignment (malloc/calloc/realloc guarantee MALLOC_ALIGN; larger alignments go through
// posix_memalign), or null on failure; dealloc frees exactly what these methods returned.
#[cfg(any(test, not(feature = "std")))]
unsafe impl GlobalAlloc for Malloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            // SAFETY: malloc accepts any size; layout.size() is non-zero (GlobalAlloc contract).
            unsafe { libc::malloc(layout.size()).cast() }
        } else {
            aligned(layout)
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            // SAFETY: calloc accepts any size and returns zeroed memory.
            unsafe { libc::calloc(1, layout.size()).cast() }
        } else {
            let p = aligned(layout);
            if !p.is_null() {
                // SAFETY: p points to layout.size() writable bytes just allocated.
                unsafe { ::core::ptr::write_bytes(p, 0, layout.size()) };
            }
            p
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: ptr came from malloc, calloc, realloc or posix_memalign (the caller's
        // GlobalAlloc contract), all of which free() releases.
        unsafe { libc::free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            // SAFETY: ptr is a live allocation of this allocator with malloc's alignment.
            unsafe { libc::realloc(ptr.cast(), new_size).cast() }
        } else {
            // SAFETY: new_size is non-zero and, rounded up to the alignment, fits isize
            // (GlobalAlloc::realloc's contract).
            let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
            let p = aligned(new_layout);
            if !p.is_null() {
                // SAFETY: both blocks are live, distinct and at least min(old, new) bytes long.
                unsafe { ::core::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size)) };
                // SAFETY: ptr is a live allocation of this allocator.
                unsafe { libc::free(ptr.cast()) };
            }
            p
        }
    }
}

/// posix_memalign for alignments above malloc's.
#[cfg(any(test, not(feature = "std")))]
fn aligned(layout: Layout) -> *mut u8 {
    let mut p: *mut libc::c_void = ::core::ptr::null_mut();
    // SAFETY: p is a valid out-parameter; the alignment is a power of two and a multiple of
    // the pointer size (it exceeds MALLOC_ALIGN).
    if unsafe { libc::posix_memalign(&mut p, layout.align(), layout.size()) } != 0 {
        return ::core::ptr::null_mut();
    }
    p.cast()
}

#[cfg(all(not(feature = "std"), not(test)))]
#[global_allocator]
static ALLOCATOR: Malloc = Malloc;

/// A panic is a bug of the library: say where on stderr and abort (never unwind into C).
#[cfg(all(not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(info: &::core::panic::PanicInfo<'_>) -> ! {
    use ::core::fmt::Write as _;
    let mut line = StackLine { buf: [0; 256], len: 0 };
    let _ = match info.location() {
        Some(l) => writeln!(line, "libkcapi (kcapi-rs): internal error at {}:{}", l.file(), l.line()),
        None => writeln!(line, "libkcapi (kcapi-rs): internal error"),
    };
    super::write_stderr(&line.buf[..line.len]);
    // SAFETY: abort has no preconditions and does not return.
    unsafe { libc::abort() }
}

/// A panic message formatted without the heap (the heap may be what failed), cut at 256 bytes.
#[cfg(all(not(feature = "std"), not(test)))]
struct StackLine {
    buf: [u8; 256],
    len: usize,
}

#[cfg(all(not(feature = "std"), not(test)))]
impl ::core::fmt::Write for StackLine {
    fn write_str(&mut self, s: &str) -> ::core::fmt::Result {
        let n = s.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}

// The personality routine the precompiled `core`/`alloc` unwind tables name. Nothing unwinds
// in this build (panics abort), so it is never called; it only has to exist. Defined in assembly
// for its hidden visibility: it resolves the references inside the library (and in a static
// link) but is not exported from libkcapi.so.
#[cfg(all(not(feature = "std"), not(test)))]
::core::arch::global_asm!(
    ".pushsection .text.rust_eh_personality,\"ax\",@progbits",
    ".globl rust_eh_personality",
    ".hidden rust_eh_personality",
    ".type rust_eh_personality,@function",
    "rust_eh_personality:",
    "ret",
    ".size rust_eh_personality, . - rust_eh_personality",
    ".popsection",
);

/// What `_Unwind_Resume` resolves to inside libkcapi.so (build.rs: `--defsym` to the hidden
/// alias `kcapi_rs_no_unwind` below): landing pads of the precompiled `core`/`alloc` call it
/// only while unwinding, which never happens here. The static library leaves `_Unwind_Resume`
/// to the C toolchain's libgcc.
extern "C" fn no_unwind() -> ! {
    // SAFETY: abort has no preconditions and does not return.
    unsafe { libc::abort() }
}

::core::arch::global_asm!(
    ".globl kcapi_rs_no_unwind",
    ".hidden kcapi_rs_no_unwind",
    ".set kcapi_rs_no_unwind, {f}",
    f = sym no_unwind,
);

#[cfg(test)]
mod tests {
    use super::*;

    /// The allocator the C library uses: sizes, alignments above malloc's, zeroing, growing
    /// and shrinking keep the contents.
    #[test]
    fn malloc_allocator() {
        for align in [1, 8, 16, 64, 4096] {
            for size in [1, 15, 100, 5000] {
                let l = Layout::from_size_align(size, align).unwrap();
                // SAFETY: l has a non-zero size; every pointer is checked, used within its
                // size and freed once with the layout it has at that point.
                unsafe {
                    let p = Malloc.alloc_zeroed(l);
                    assert!(!p.is_null() && p as usize % align == 0);
                    assert!(::core::slice::from_raw_parts(p, size).iter().all(|&b| b == 0));
                    ::core::ptr::write_bytes(p, 0xa5, size);
                    let q = Malloc.realloc(p, l, size * 3);
                    assert!(!q.is_null() && q as usize % align == 0);
                    assert!(::core::slice::from_raw_parts(q, size).iter().all(|&b| b == 0xa5));
                    let l3 = Layout::from_size_align(size * 3, align).unwrap();
                    let r = Malloc.realloc(q, l3, 1);
                    assert!(!r.is_null() && *r == 0xa5);
                    Malloc.dealloc(r, Layout::from_size_align(1, align).unwrap());
                    let a = Malloc.alloc(l);
                    assert!(!a.is_null() && a as usize % align == 0);
                    Malloc.dealloc(a, l);
                }
            }
        }
    }
}
