//! Timbro's API server: axum over a SQLite or PostgreSQL store.
//!
//! `main.rs` only reads [`Settings`] and runs an [`Application`]; everything else
//! is reachable from here so that tests start the very same server on port 0.

pub mod apps;
pub mod backup;
pub mod cli;
pub mod clock;
pub mod deliver;
pub mod demo;
pub mod error;
pub mod extract;
pub mod files;
pub mod hashing;
pub mod http;
pub mod live;
pub mod logo;
pub mod metrics;
pub mod onboarding;
pub mod proxy;
pub mod push;
pub mod ratelimit;
pub mod scheduler;
pub mod secrets;
pub mod security;
pub mod settings;
pub mod startup;
pub mod state;
pub mod store;
pub mod streams;
pub mod tables;
pub mod tls;

pub use settings::Settings;
pub use startup::Application;
