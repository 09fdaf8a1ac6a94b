//! The abuse suite: each attack an outside test of the release server made
//! (issue 27), made again against the real server, and its refusal
//! asserted: push endpoints aimed inside the network, PIN guessing from one
//! address and from many, floods of sign-ins, keys claimed without a
//! credential, live-update streams held open, secrets readable by others.
//! Where the store is involved, on SQLite and PostgreSQL.

mod at_rest;
mod flood;
mod push;
mod sign_in;
mod streams;

use reqwest::Response;

/// The `Retry-After` of a refusal, in seconds.
fn retry_after(res: &Response) -> u64 {
    res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}
