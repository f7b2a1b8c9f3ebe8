//! Keeping the resident size flat under a long-running board.
//!
//! glibc's malloc serves a large block (a page of 100 service requests is ~170 KiB of text)
//! with its own mapping at first, but after the first such block is freed it raises its
//! threshold and serves the next ones from its arenas, whose freed pages stay resident until
//! a trim. With the board's open part reading ~40 such pages every 5 s, the resident size
//! then saws between 72 and 81 MiB from one trim to the next (`scripts/soak.sh`, sampled
//! every 10 s); with the threshold fixed at its default it stays at 70.7–71.0 MiB, for the
//! same CPU. [`configure`] fixes it; [`return_freed`] hands back what a burst (a sweep of
//! every request) leaves free in the arenas.

/// Large blocks (≥ 128 KiB: page bodies) always get their own mapping, returned to the
/// system when freed. Call first thing in `main`, before any thread starts; a no-op where
/// that is not glibc.
pub fn configure() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a malloc parameter; called before other threads exist.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Returns the allocator's free pages to the system; a no-op where that is not glibc.
/// Takes a few milliseconds on a large heap: call it off the render loop.
pub fn return_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}
