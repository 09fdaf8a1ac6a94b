//! What the wallet, the counter and the back office share in the browser:
//! the languages they speak ([`Lang`], [`fill`], the [`LangSwitch`] and its
//! context), how an API answer becomes a value or an [`ApiError`]
//! ([`decode`]) and how it is asked ([`fetch`]), mounting an app ([`mount`]), secure random bytes
//! ([`random_bytes`]), reading `localStorage` without losing a damaged entry
//! ([`read_or_set_aside`]), and the pieces of a card the wallet and the back
//! office's preview both draw ([`brand_colours`], [`StampSlots`]). Each app
//! keeps its own strings and its own requests.

mod card;
pub mod fetch;
mod fresh;
mod http;
mod lang;
mod memory;
mod random;
mod ui;

pub use card::{BrandColours, StampSlots, brand_colours};
pub use fresh::Fresh;
pub use http::{ApiError, decode, decode_done, decode_keeping_text};
pub use lang::{Lang, Speaking, fill};
pub use memory::{Unreadable, read_or_set_aside};
pub use random::{NoRandom, random_bytes};
pub use ui::{LangCtx, LangSwitch, mount, provide_lang, shows_drawn_screen, use_lang};
