//! Loyalty points (issue 7): ISO 8601 recurrence periods, previews of the next issue dates,
//! and the validation of point transaction and recurrent rule inputs shared by the CLI and
//! the Admin pane.

mod input;
mod period;

pub use input::*;
pub use period::*;
