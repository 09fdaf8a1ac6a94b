//! `cargo xtask`: the project's one entry point for setting up, building,
//! running and testing, on a fresh machine as on a used one.
//!
//! - `cargo xtask run`   installs what is missing, builds the wallet and starts the server.
//! - `cargo xtask test`  installs what is missing and runs every check and test.
//! - `cargo xtask setup` only installs; `cargo xtask build` only builds the wallet and the counter;
//!   `cargo xtask size` prints the built wallet's sizes; `cargo xtask bench`
//!   runs the load benchmark on SQLite and a throwaway PostgreSQL;
//!   `cargo xtask lighthouse` prints the first-load bytes and Lighthouse's
//!   mobile scores for a card page.

mod cmd;
mod lighthouse;
mod postgres;
mod tools;
mod wallet;

use std::process::ExitCode;

use cmd::{Fail, step};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => tools::setup(tools::Need::All).map(|_| ()),
        Some("build") => tools::setup(tools::Need::Build).and_then(|t| wallet::build(&t)),
        Some("size") => wallet::report_sizes().map(|_| ()),
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("lighthouse") => lighthouse::run(),
        _ => {
            eprintln!(
                "usage: cargo xtask <run [--addr HOST:PORT] | test | bench | lighthouse | setup | build | size>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(message)) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// README command 1: build the wallet in release mode and run the server with it.
fn run(args: &[String]) -> Result<(), Fail> {
    let tools = tools::setup(tools::Need::Build)?;
    wallet::build(&tools)?;
    let mut server = cmd::cargo(&["run", "--release", "--package", "timbro-server"]);
    server.env("TIMBRO_WALLET_DIR", cmd::root().join("dist"));
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--addr" => {
                let addr = rest
                    .next()
                    .ok_or_else(|| Fail("--addr needs HOST:PORT".into()))?;
                server.env("TIMBRO_ADDR", addr);
            }
            other => {
                return Err(Fail(format!(
                    "unknown option {other:?} (try --addr 0.0.0.0:8080)"
                )));
            }
        }
    }
    step("starting the server (Ctrl-C stops it)");
    cmd::run(&mut server)
}

/// README command 2: every check and every test; stops at the first failure.
fn test() -> Result<(), Fail> {
    let started = std::time::Instant::now();
    let tools = tools::setup(tools::Need::All)?;
    step("formatting (cargo fmt --check)");
    cmd::run(&mut cmd::cargo(&["fmt", "--all", "--check"]))?;
    step("lints, native crates (cargo clippy -D warnings)");
    cmd::run(&mut cmd::cargo(&[
        "clippy",
        "--workspace",
        "--exclude",
        "timbro-wallet",
        "--exclude",
        "timbro-counter",
        "--exclude",
        "timbro-owner",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("lints, wallet, counter and back office for wasm32 (cargo clippy -D warnings)");
    cmd::run(&mut cmd::cargo(&[
        "clippy",
        "--package",
        "timbro-wallet",
        "--package",
        "timbro-counter",
        "--package",
        "timbro-owner",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    wallet::build(&tools)?;
    let pg = postgres::Throwaway::start(&tools)?;
    step("unit, API (SQLite and PostgreSQL) and browser tests (cargo test)");
    let mut tests = cmd::cargo(&[
        "test",
        "--workspace",
        "--exclude",
        "timbro-wallet",
        "--exclude",
        "timbro-counter",
        "--exclude",
        "timbro-owner",
    ]);
    tests
        .env("TIMBRO_TEST_WALLET_DIR", cmd::root().join("dist"))
        .env("TIMBRO_TEST_CHROMIUM", &tools.chromium)
        .env("TIMBRO_TEST_CHROMEDRIVER", &tools.chromedriver)
        .env("TIMBRO_TEST_POSTGRES_URL", pg.url());
    if let Some(fuzzer) = &tools.schemathesis {
        tests.env("TIMBRO_TEST_SCHEMATHESIS", fuzzer);
    }
    let result = cmd::run(&mut tests);
    drop(pg);
    result?;
    println!(
        "\nxtask: all checks and tests passed in {:.0?}",
        started.elapsed()
    );
    Ok(())
}

/// The load benchmark (release build) on SQLite and a throwaway PostgreSQL.
fn bench() -> Result<(), Fail> {
    let tools = tools::setup(tools::Need::All)?;
    let pg = postgres::Throwaway::start(&tools)?;
    step("load benchmark (cargo bench --bench load)");
    let mut bench = cmd::cargo(&["bench", "--package", "timbro-server", "--bench", "load"]);
    bench.env("TIMBRO_TEST_POSTGRES_URL", pg.url());
    let mut result = cmd::run(&mut bench);
    if result.is_ok() {
        step("the owner's dashboard over 100,000 cards (cargo bench --bench dashboard)");
        let mut dashboard = cmd::cargo(&[
            "bench",
            "--package",
            "timbro-server",
            "--bench",
            "dashboard",
        ]);
        dashboard.env("TIMBRO_TEST_POSTGRES_URL", pg.url());
        result = cmd::run(&mut dashboard);
    }
    drop(pg);
    result
}
