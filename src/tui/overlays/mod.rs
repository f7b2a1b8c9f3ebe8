//! Overlays: what opens over the pane on top and takes the keys while open. They speak
//! the panes' protocol (`handle_key` → action; the WhatsApp dialog's [`Update`](super::panes::Update)
//! runs its own sending, the stale-edit guard's its re-read); App decides which one is open.

pub mod help;
pub mod journal;
pub mod palette;
pub mod stale;
pub mod whatsapp;
