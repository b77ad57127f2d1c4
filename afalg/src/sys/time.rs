//! Monotonic time and sleeping without `std`.

use ::core::time::Duration;

/// A point on the monotonic clock (the shape of `std::time::Instant`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(Duration);

impl Instant {
    /// Now, by `CLOCK_MONOTONIC`.
    pub fn now() -> Instant {
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: ts is a valid out-parameter; CLOCK_MONOTONIC always exists on Linux.
        unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
        Instant(Duration::new(ts.tv_sec.max(0) as u64, ts.tv_nsec.clamp(0, 999_999_999) as u32))
    }

    /// Time from `earlier` to `self`, zero if `earlier` is later.
    pub fn saturating_duration_since(&self, earlier: Instant) -> Duration {
        self.0.saturating_sub(earlier.0)
    }

    /// Time since `self`.
    pub fn elapsed(&self) -> Duration {
        Instant::now().saturating_duration_since(*self)
    }
}

impl ::core::ops::Sub for Instant {
    type Output = Duration;
    fn sub(self, earlier: Instant) -> Duration {
        self.saturating_duration_since(earlier)
    }
}

impl ::core::ops::Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, d: Duration) -> Instant {
        Instant(self.0.saturating_add(d))
    }
}

/// Sleep for `d` (continued after signals).
pub fn sleep(d: Duration) {
    let mut ts = libc::timespec { tv_sec: d.as_secs().min(i64::MAX as u64) as _, tv_nsec: d.subsec_nanos() as _ };
    loop {
        let mut left = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: ts and left are valid timespecs.
        if unsafe { libc::nanosleep(&ts, &mut left) } == 0 {
            return;
        }
        if super::errno() != libc::EINTR {
            return;
        }
        ts = left;
    }
}
