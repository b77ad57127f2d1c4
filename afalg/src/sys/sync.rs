//! Locks without `std`: a futex mutex and a once-cell built on it.
//!
//! The C library is built without `std` (no unwinding, no backtrace printer), so it cannot use
//! `std::sync`. Panics abort the process there, so there is no poisoning to model.

use ::core::cell::UnsafeCell;
use ::core::ops::{Deref, DerefMut};
use ::core::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// A mutual-exclusion lock (three states: 0 free, 1 locked, 2 locked with waiters).
pub struct Mutex<T: ?Sized> {
    state: AtomicU32,
    value: UnsafeCell<T>,
}

// SAFETY: the lock hands out access to the value to one thread at a time, so sharing the
// mutex between threads is sound exactly when the value may be sent between them.
unsafe impl<T: ?Sized + Send> Sync for Mutex<T> {}
// SAFETY: moving the mutex moves the value; no thread-bound state is kept.
unsafe impl<T: ?Sized + Send> Send for Mutex<T> {}

/// Access to a [`Mutex`]'s value; unlocks on drop.
pub struct MutexGuard<'a, T: ?Sized> {
    lock: &'a Mutex<T>,
}

impl<T> Mutex<T> {
    /// A free lock around `value`.
    pub const fn new(value: T) -> Mutex<T> {
        Mutex { state: AtomicU32::new(0), value: UnsafeCell::new(value) }
    }

    /// The value, consuming the lock.
    #[cfg(test)]
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<T: ?Sized> Mutex<T> {
    /// Wait for the lock.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        if self.state.compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed).is_err() {
            // Contended: mark "waiters" and sleep until the holder wakes us.
            while self.state.swap(2, Ordering::Acquire) != 0 {
                futex_wait(&self.state, 2);
            }
        }
        MutexGuard { lock: self }
    }

    /// The lock if it is free now.
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        self.state.compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed).ok().map(|_| MutexGuard { lock: self })
    }
}

impl<T: ?Sized + ::core::fmt::Debug> ::core::fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        match self.try_lock() {
            Some(g) => f.debug_struct("Mutex").field("value", &&*g).finish(),
            None => f.write_str("Mutex { <locked> }"),
        }
    }
}

impl<T: ?Sized + ::core::fmt::Debug> ::core::fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: ?Sized> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        if self.lock.state.swap(0, Ordering::Release) == 2 {
            futex_wake_one(&self.lock.state);
        }
    }
}

impl<T: ?Sized> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the guard exists only while this thread holds the lock, so no other
        // reference to the value is live.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T: ?Sized> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in deref; the guard is borrowed mutably, so this is the only reference.
        unsafe { &mut *self.lock.value.get() }
    }
}

/// Sleep while `*word == expected` (spurious wake-ups are fine: callers loop).
fn futex_wait(word: &AtomicU32, expected: u32) {
    // SAFETY: word is a valid, aligned u32 for the duration of the call; FUTEX_WAIT only reads it.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG,
            expected,
            ::core::ptr::null::<libc::timespec>(),
        )
    };
}

/// Wake one thread sleeping on `word`.
fn futex_wake_one(word: &AtomicU32) {
    // SAFETY: word is a valid, aligned u32; FUTEX_WAKE does not access it.
    unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG, 1) };
}

/// A value set once and read without locking afterwards (the shape of `std::sync::OnceLock`).
pub struct OnceLock<T> {
    done: AtomicBool,
    init: Mutex<()>,
    value: UnsafeCell<Option<T>>,
}

// SAFETY: the value is written once, under `init`, before `done` is released; after that it
// is only read. Sharing needs T: Sync (readers on several threads) and T: Send (the value may
// be set on one thread and dropped on another).
unsafe impl<T: Send + Sync> Sync for OnceLock<T> {}
// SAFETY: moving the cell moves the value.
unsafe impl<T: Send> Send for OnceLock<T> {}

impl<T> OnceLock<T> {
    /// An empty cell.
    pub const fn new() -> OnceLock<T> {
        OnceLock { done: AtomicBool::new(false), init: Mutex::new(()), value: UnsafeCell::new(None) }
    }

    /// The value, if set.
    pub fn get(&self) -> Option<&T> {
        if self.done.load(Ordering::Acquire) {
            // SAFETY: done is set only after the value was written, and it is never written again.
            unsafe { (*self.value.get()).as_ref() }
        } else {
            None
        }
    }

    /// The value, setting it with `f` first if the cell is empty (`f` runs at most once).
    pub fn get_or_init(&self, f: impl FnOnce() -> T) -> &T {
        if let Some(v) = self.get() {
            return v;
        }
        let _g = self.init.lock();
        if !self.done.load(Ordering::Acquire) {
            let v = f();
            // SAFETY: we hold `init` and done is false, so no reference to the value exists
            // and no other thread writes it.
            unsafe { *self.value.get() = Some(v) };
            self.done.store(true, Ordering::Release);
        }
        // SAFETY: done is true from here on and the value is never written again.
        unsafe { (*self.value.get()).as_ref() }.expect("set above")
    }

    /// Set the value if the cell is empty; otherwise hand `value` back.
    pub fn set(&self, value: T) -> ::core::result::Result<(), T> {
        let mut slot = Some(value);
        self.get_or_init(|| slot.take().expect("taken once"));
        match slot {
            None => Ok(()),
            Some(v) => Err(v),
        }
    }
}

impl<T: ::core::fmt::Debug> ::core::fmt::Debug for OnceLock<T> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_tuple("OnceLock").field(&self.get()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutex_counts_under_contention() {
        let m = Mutex::new(0u64);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..20_000 {
                        *m.lock() += 1;
                    }
                });
            }
        });
        assert_eq!(m.into_inner(), 80_000);
    }

    #[test]
    fn try_lock_fails_while_held() {
        let m = Mutex::new(1);
        let g = m.lock();
        assert!(m.try_lock().is_none());
        drop(g);
        assert_eq!(*m.try_lock().unwrap(), 1);
    }

    #[test]
    fn once_lock_runs_init_once() {
        let c = OnceLock::new();
        let runs = AtomicU32::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    assert_eq!(
                        *c.get_or_init(|| {
                            runs.fetch_add(1, Ordering::Relaxed);
                            7
                        }),
                        7
                    )
                });
            }
        });
        assert_eq!(runs.load(Ordering::Relaxed), 1);
        assert_eq!(c.set(8), Err(8));
    }
}
