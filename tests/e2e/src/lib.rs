//! The end-to-end harness: the real server (in-process, port 0, fresh SQLite)
//! serving the release-built wallet, and headless Chromium driven through
//! chromedriver the way a person uses it: open a link, read the screen, tap.
//!
//! `cargo xtask test` builds the wallet first and tells the tests where it and
//! the browser are (`TIMBRO_TEST_WALLET_DIR`, `TIMBRO_TEST_CHROMIUM`,
//! `TIMBRO_TEST_CHROMEDRIVER`). Without them the tests fail and say so.

mod browser;
mod server;

pub use browser::Browser;
pub use server::TestServer;

/// An environment variable the harness needs, or a panic explaining it.
fn required_path(var: &str, default: &str) -> std::path::PathBuf {
    let path = std::env::var_os(var)
        .map(Into::into)
        .unwrap_or_else(|| std::path::PathBuf::from(default));
    assert!(
        path.exists(),
        "{} does not exist. Run the tests with `cargo xtask test`, which installs the browser, builds the \
         wallet and sets {var}.",
        path.display()
    );
    path
}
