//! mok-console: a terminal console for MOK partner provider networks.
//!
//! - [`model`]: serde types of every schema of the Integration API v1.
//! - [`api`]: the async client.
//! - [`config`]: TOML + environment configuration.
//! - [`sandbox`]: the embedded, spec-faithful server.
//! - [`cli`]: headless subcommands.
//! - [`tui`]: the terminal console.

pub mod api;
pub mod cli;
pub mod config;
pub mod connection;
pub mod import;
pub mod logging;
pub mod model;
pub mod sandbox;
pub mod tui;
