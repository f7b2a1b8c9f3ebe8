//! A spinner driven by the app's tick counter (not the wall clock), so frames are
//! reproducible in tests and the app only ticks while something spins.

const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn frame(tick: u64) -> &'static str {
    FRAMES[(tick % FRAMES.len() as u64) as usize]
}
