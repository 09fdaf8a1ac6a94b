//! What the wallet and the counter both need in the browser: the languages
//! they speak ([`Lang`], [`fill`]) and how an API answer becomes a value or
//! an [`ApiError`] ([`decode`]). Each app keeps its own strings and its own
//! requests; this crate has no UI and no Leptos.

mod http;
mod lang;

pub use http::{ApiError, decode};
pub use lang::{Lang, fill};
