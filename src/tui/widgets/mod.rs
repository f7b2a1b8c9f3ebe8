//! Small drawing helpers shared by panes.

pub mod badge;
pub mod ellipsis;
pub mod gauge;
pub mod hit;
pub mod key_hints;
pub mod list_table;
pub mod popup;
pub mod spinner;
