//! Giving freed heap back to the system after a burst.
//!
//! A board sweep of 100,000 requests briefly needs several MiB more than the board keeps
//! (pages being parsed beside the rows). glibc's malloc keeps such freed memory in its
//! arenas, so each burst that lands at new addresses raises the resident size a step
//! although the heap itself is flat (heaptrack over 22 minutes: 48.8 MiB live between
//! sweeps, before and after each one). `malloc_trim` hands the free pages back.

/// Returns the allocator's free pages to the system; a no-op where that is not glibc.
/// Takes a few milliseconds on a large heap: call it off the render loop.
pub fn return_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}
