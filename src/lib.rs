//! mok-console: a terminal console for MOK partner provider networks.
//!
//! - [`model`]: serde types of every schema of the Integration API v1.
//! - [`api`]: the async client.
//! - [`config`]: TOML + environment configuration.
//! - [`sandbox`]: the embedded, spec-faithful server.
//! - [`cli`]: headless subcommands.
//! - [`tui`]: the terminal console.
//! - [`forms`]: dynamic question sets of the request form.
//! - [`local`]: the console's own SQLite (drafts, outbox, recent lists).
//! - [`board`]: the live board's model (no drawing).
//! - [`webhook`]: the receiver of pushed events.
//! - [`points`]: ISO 8601 periods and validation of point inputs.
//! - [`relay`]: the team relay: MOK followed once, the board published on NATS JetStream.
//! - [`lookup`]: finding the caller: what an agent typed → the contract searches to run.
//! - [`text`]: accent- and case-blind matching, one rule for every filter.

pub mod api;
pub mod backoff;
pub mod board;
pub mod cli;
pub mod config;
pub mod connection;
pub mod forms;
pub mod import;
pub mod local;
pub mod logging;
pub mod lookup;
pub mod memory;
pub mod model;
pub mod points;
pub mod relay;
pub mod sandbox;
pub mod text;
pub mod tui;
pub mod webhook;
