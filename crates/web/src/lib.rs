//! What the wallet and the counter (and the back office) share in the
//! browser: the languages they speak ([`Lang`], [`fill`], the [`LangSwitch`]
//! and its context), how an API answer becomes a value or an [`ApiError`]
//! ([`decode`]), mounting an app ([`mount`]) and secure random bytes
//! ([`random_bytes`]). Each app keeps its own strings and its own requests.

mod http;
mod lang;
mod random;
mod ui;

pub use http::{ApiError, decode};
pub use lang::{Lang, fill};
pub use random::{NoRandom, random_bytes};
pub use ui::{LangCtx, LangSwitch, mount, provide_lang, use_lang};
