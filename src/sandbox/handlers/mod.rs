//! Handlers, one file per resource.
pub mod admin;
pub mod auth;
pub mod points;
pub mod provider;
pub mod requests;
