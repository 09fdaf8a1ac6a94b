//! `cargo xtask lighthouse`: the wallet's first-load bytes, then Lighthouse
//! (npm `lighthouse`, Debian Chromium, mobile defaults: a mid-range phone on
//! a throttled 4G network), served by the real server in release mode: the
//! wallet against its floor, a static copy of the same join screen
//! (`wallet_bench.mjs`: newcomer, returning online and offline, median of
//! `TIMBRO_LIGHTHOUSE_RUNS`, default 3), then the counter's and the back
//! office's sign-in screens; then the accessibility of the back office's program screen,
//! reached by signing in as the demo owner (a Lighthouse user flow driven by
//! puppeteer-core, which comes with Lighthouse). It measures and prints; it
//! asserts nothing.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cmd::{self, Fail, step};
use crate::{tools, wallet};

/// The Lighthouse release used (supports the Debian Node.js here).
const LIGHTHOUSE_VERSION: &str = "12";

/// Builds, serves, measures.
pub fn run() -> Result<(), Fail> {
    let tools = tools::setup(tools::Need::All)?;
    let lighthouse = install(&tools.tools_dir)?;
    wallet::build(&tools)?;
    wallet::report_sizes()?;

    step("starting the server (release) on a throwaway database");
    let data = std::env::temp_dir().join(format!("timbro-lighthouse-{}", std::process::id()));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| Fail(format!("no free port: {e}")))?
        .port();
    cmd::run(&mut cmd::cargo(&[
        "build",
        "--release",
        "--package",
        "timbro-server",
    ]))?;
    let server = Command::new(cmd::root().join("target/release/timbro-server"))
        .env("TIMBRO_ADDR", format!("127.0.0.1:{port}"))
        .env("TIMBRO_DATA_DIR", &data)
        .env("TIMBRO_WALLET_DIR", cmd::root().join("dist"))
        .env("TIMBRO_LOG", "warn")
        .env("TIMBRO_DEMO_OWNER_PASSWORD", OWNER_PASSWORD)
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| Fail(format!("cannot start the server: {e}")))?;
    let mut server = KillOnDrop(server);
    wait_for_port(port, &mut server.0)?;

    step("the wallet against its floor (Lighthouse mobile, median of runs; a few minutes)");
    let bench = tools.tools_dir.join("wallet-bench.mjs");
    std::fs::write(&bench, WALLET_BENCH)
        .map_err(|e| Fail(format!("cannot write {}: {e}", bench.display())))?;
    let runs = std::env::var("TIMBRO_LIGHTHOUSE_RUNS").unwrap_or_else(|_| "3".into());
    cmd::run(
        Command::new("node")
            .arg(&bench)
            .arg(format!("http://127.0.0.1:{port}"))
            .arg(&tools.chromium)
            .arg(cmd::root().join("dist"))
            .arg(&runs),
    )?;

    // The staff's and the owner's sign-in screens.
    for (page, path, report) in [
        (
            "counter",
            "/counter/caffe-aurora",
            "target/lighthouse-counter.json",
        ),
        (
            "back office sign-in",
            "/owner/caffe-aurora",
            "target/lighthouse-owner.json",
        ),
    ] {
        let url = format!("http://127.0.0.1:{port}{path}");
        let report = cmd::root().join(report);
        step(&format!(
            "Lighthouse (mobile, simulated throttling), {page}: {url}"
        ));
        let chrome_flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage";
        cmd::run(
            Command::new(&lighthouse)
                .arg(&url)
                .arg(format!("--chrome-path={}", tools.chromium.display()))
                .arg(format!("--chrome-flags={chrome_flags}"))
                .arg("--only-categories=performance,accessibility,best-practices")
                .arg("--output=json")
                .arg(format!("--output-path={}", report.display()))
                .arg("--quiet"),
        )?;
        summarise(&report)?;
    }
    step(
        "Lighthouse (accessibility), the back office's program, numbers and customers screens, signed in",
    );
    let flow = tools.tools_dir.join("owner-flow.mjs");
    std::fs::write(&flow, OWNER_FLOW)
        .map_err(|e| Fail(format!("cannot write {}: {e}", flow.display())))?;
    cmd::run(
        Command::new("node")
            .arg(&flow)
            .arg(format!("http://127.0.0.1:{port}/owner/caffe-aurora"))
            .arg(&tools.chromium)
            .arg(OWNER_PASSWORD),
    )?;
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}

/// The wallet's newcomer and returning visits against a static floor.
const WALLET_BENCH: &str = include_str!("wallet_bench.mjs");

/// The demo owner's password on the measured server.
const OWNER_PASSWORD: &str = "lighthouse owner 2468";

/// Signs in to the back office, opens "Card and points", "Numbers" and
/// "Customers" and audits the accessibility of each screen as it stands
/// (Lighthouse snapshots).
const OWNER_FLOW: &str = r#"
import puppeteer from 'puppeteer-core';
import { startFlow } from 'lighthouse';
const [url, chrome, password] = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath: chrome, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=en'] });
const page = await browser.newPage();
await page.setViewport({ width: 412, height: 915, isMobile: true });
await page.goto(url);
await page.waitForSelector('#password');
await page.type('#username', 'titolare');
await page.type('#password', password);
await page.click('button[type=submit]');
await page.waitForSelector('button.tab');
// A section by its tab's words, as a person finds it.
const open = async (name, ready) => {
  const tabs = await page.$$('button.tab');
  for (const tab of tabs) {
    if ((await tab.evaluate((t) => t.textContent.trim())) === name) { await tab.click(); break; }
  }
  await page.waitForSelector(ready);
};
const flow = await startFlow(page, { config: { extends: 'lighthouse:default',
  settings: { onlyCategories: ['accessibility', 'best-practices'] } } });
await open('Card and points', '#stamps_required');
await flow.snapshot({ name: 'program screen' });
await open('Numbers', '.figure .now');
await flow.snapshot({ name: 'numbers screen' });
await open('Customers', 'button.segment');
await flow.snapshot({ name: 'customers screen' });
const result = await flow.createFlowResult();
for (const step of result.steps) {
  const lhr = step.lhr;
  const pct = (c) => lhr.categories[c] ? Math.round(lhr.categories[c].score * 100) : '-';
  console.log(`  ${step.name}: accessibility ${pct('accessibility')}   best practices ${pct('best-practices')}`);
  for (const a of Object.values(lhr.audits).filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').slice(0, 12))
    console.log(`    not passed: ${a.title}`);
}
await browser.close();
"#;

/// npm `lighthouse` in the tools folder; installed when missing.
fn install(tools_dir: &Path) -> Result<std::path::PathBuf, Fail> {
    let bin = tools_dir.join("node_modules/.bin/lighthouse");
    if bin.is_file() {
        println!("  lighthouse: present");
        return Ok(bin);
    }
    println!("  lighthouse: installing npm lighthouse@{LIGHTHOUSE_VERSION}");
    cmd::run(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(tools_dir)
            .arg(format!("lighthouse@{LIGHTHOUSE_VERSION}")),
    )?;
    Ok(bin)
}

/// Prints the scores and the metrics that matter on a phone.
fn summarise(report: &Path) -> Result<(), Fail> {
    let script = r#"
const r = require(process.argv[1]);
const pct = (c) => r.categories[c] ? Math.round(r.categories[c].score * 100) : '-';
console.log(`  performance ${pct('performance')}   accessibility ${pct('accessibility')}   best practices ${pct('best-practices')}`);
for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive']) {
  const a = r.audits[id];
  if (a) console.log(`  ${a.title.padEnd(28)} ${a.displayValue}`);
}
const failed = Object.values(r.audits).filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary');
for (const a of failed.slice(0, 12)) console.log(`  not passed: ${a.title}`);
"#;
    cmd::run(Command::new("node").args(["-e", script]).arg(report))
}

/// Waits until the server accepts connections (it may first run migrations).
fn wait_for_port(port: u16, server: &mut Child) -> Result<(), Fail> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = server.try_wait() {
            return Err(Fail(format!("the server stopped: {status}")));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(Fail("the server did not start within 60 s".into()))
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
