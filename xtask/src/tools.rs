//! Installs the tools the build and the tests need, skipping what is there.
//! `../shared/GUIDE.md` explains why each one is installed the way it is.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{self, Fail, output_line, step, which};

/// The Trunk release that builds with this machine's rustc.
const TRUNK_VERSION: &str = "0.21.14";
/// The schemathesis release the API fuzz test runs (PyPI, in its own venv).
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// The npm `binaryen` release whose wasm-opt Trunk.toml pins.
const BINARYEN_VERSION: &str = "132";

/// What the task at hand needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Building the wallet only.
    Build,
    /// Building and testing: also Chromium, chromedriver and PostgreSQL.
    All,
}

/// Where the installed tools are.
pub struct Tools {
    /// `PATH` with the tools first, for Trunk.
    pub path: OsString,
    /// Headless browser for the browser tests.
    pub chromium: PathBuf,
    /// WebDriver server for the browser tests.
    pub chromedriver: PathBuf,
    /// PostgreSQL's `bin` folder (initdb, pg_ctl), for the API tests.
    pub postgres_bin: Option<PathBuf>,
    /// Where npm tools (wasm-opt, lighthouse) are installed.
    pub tools_dir: PathBuf,
    /// The schemathesis command (the API fuzz test), when testing.
    pub schemathesis: Option<PathBuf>,
}

/// Checks every tool, installing what is missing.
pub fn setup(need: Need) -> Result<Tools, Fail> {
    step("tools (installed once, skipped when present)");
    let home = PathBuf::from(std::env::var_os("HOME").unwrap_or_else(|| "/root".into()));
    let cargo_bin = home.join(".cargo/bin");
    let tools_dir = std::env::var_os("TIMBRO_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| home.join(".cache/timbro/tools"));
    let npm_bin = tools_dir.join("node_modules/.bin");
    let mut dirs = vec![npm_bin.clone(), cargo_bin.clone()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(dirs).map_err(|e| Fail(format!("bad PATH: {e}")))?;
    // SAFETY: xtask never starts threads, so nothing reads the environment
    // concurrently. Every child (Trunk, cargo install) inherits this PATH.
    unsafe { std::env::set_var("PATH", &path) };

    wasm_target()?;
    cargo_tool(
        "trunk",
        "trunk",
        TRUNK_VERSION,
        &cargo_bin,
        &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
    )?;
    let bindgen = lockfile_version("wasm-bindgen")?;
    // `--locked` fails here: one of its locked dependency versions is not served.
    cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen",
        &bindgen,
        &cargo_bin,
        &["install", "wasm-bindgen-cli", "--version", &bindgen],
    )?;
    wasm_opt(&tools_dir, &npm_bin)?;

    let (mut chromium, mut chromedriver, mut postgres_bin) = (PathBuf::new(), PathBuf::new(), None);
    let mut schemathesis = None;
    if need == Need::All {
        (chromium, chromedriver) = browser()?;
        postgres_bin = Some(postgres()?);
        poppler()?;
        pebble()?;
        schemathesis = Some(fuzzer(&tools_dir)?);
    }
    Ok(Tools {
        path,
        chromium,
        chromedriver,
        postgres_bin,
        tools_dir,
        schemathesis,
    })
}

fn say(tool: &str, state: &str) {
    println!("  {tool:<14} {state}");
}

fn wasm_target() -> Result<(), Fail> {
    let rustup =
        which("rustup").ok_or_else(|| Fail("rustup is needed to add the wasm32 target".into()))?;
    let installed = Command::new(&rustup)
        .args(["target", "list", "--installed"])
        .output();
    if installed
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
    {
        say("wasm32 target", "present");
        return Ok(());
    }
    say(
        "wasm32 target",
        "installing (rustup target add wasm32-unknown-unknown)",
    );
    cmd::run(Command::new(rustup).args(["target", "add", "wasm32-unknown-unknown"]))
}

/// A tool installed with `cargo install`, checked by `<bin> --version`.
fn cargo_tool(
    name: &str,
    bin: &str,
    version: &str,
    cargo_bin: &Path,
    install: &[&str],
) -> Result<(), Fail> {
    let found = which(bin).or_else(|| Some(cargo_bin.join(bin)).filter(|p| p.is_file()));
    if let Some(line) = found.and_then(|p| output_line(&p, &["--version"])) {
        if line
            .split_whitespace()
            .nth(1)
            .map(|v| v.trim_start_matches('v'))
            == Some(version)
        {
            say(name, &format!("{version} present"));
            return Ok(());
        }
        say(name, &format!("found {line:?}, need {version}"));
    }
    say(
        name,
        &format!("installing {version} with cargo install (a few minutes on 2 cores)"),
    );
    cmd::run(&mut cmd::cargo(install))
}

/// The version of `package` in Cargo.lock.
fn lockfile_version(package: &str) -> Result<String, Fail> {
    let lock = std::fs::read_to_string(cmd::root().join("Cargo.lock"))
        .map_err(|e| Fail(format!("cannot read Cargo.lock: {e}")))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| Fail(format!("{package} is not in Cargo.lock")))?
        + needle.len();
    Ok(lock[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned())
}

/// wasm-opt from the npm `binaryen` package.
fn wasm_opt(tools_dir: &Path, npm_bin: &Path) -> Result<(), Fail> {
    let bin = npm_bin.join("wasm-opt");
    if output_line(&bin, &["--version"])
        .is_some_and(|l| l.contains(&format!("version {BINARYEN_VERSION}")))
    {
        say("wasm-opt", &format!("{BINARYEN_VERSION} present"));
        return Ok(());
    }
    if which("npm").is_none() {
        say("npm", "installing (apt-get install nodejs npm)");
        cmd::apt_install(&["nodejs", "npm"])?;
    }
    say(
        "wasm-opt",
        &format!(
            "installing npm binaryen@{BINARYEN_VERSION} into {}",
            tools_dir.display()
        ),
    );
    std::fs::create_dir_all(tools_dir)
        .map_err(|e| Fail(format!("cannot create {}: {e}", tools_dir.display())))?;
    cmd::run(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(tools_dir)
            .arg(format!("binaryen@{BINARYEN_VERSION}")),
    )
}

/// Poppler's `pdftoppm`, with which the browser tests render the printed
/// table cards to read their QR codes back.
fn poppler() -> Result<(), Fail> {
    if which("pdftoppm").is_some() {
        say("pdftoppm", "present");
        return Ok(());
    }
    say("pdftoppm", "installing (apt-get install poppler-utils)");
    cmd::apt_install(&["poppler-utils"])
}

/// Schemathesis (PyPI) in a virtual environment of its own under the tools
/// folder: the API fuzz test runs it over the OpenAPI document.
fn fuzzer(tools_dir: &Path) -> Result<PathBuf, Fail> {
    let venv = tools_dir.join("fuzz-venv");
    let bin = venv.join("bin/schemathesis");
    if output_line(&bin, &["--version"]).is_some_and(|l| l.ends_with(SCHEMATHESIS_VERSION)) {
        say("schemathesis", &format!("{SCHEMATHESIS_VERSION} present"));
        return Ok(bin);
    }
    say(
        "schemathesis",
        &format!(
            "installing {SCHEMATHESIS_VERSION} from PyPI into {}",
            venv.display()
        ),
    );
    let python =
        which("python3").ok_or_else(|| Fail("python3 is needed for the API fuzz test".into()))?;
    let make_venv = || cmd::run(Command::new(&python).arg("-m").arg("venv").arg(&venv));
    if make_venv().is_err() {
        cmd::apt_install(&["python3-venv"])?;
        make_venv()?;
    }
    cmd::run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
    )?;
    Ok(bin)
}

/// Pebble, Let's Encrypt's test ACME server: the HTTPS test obtains its
/// certificate from it.
fn pebble() -> Result<(), Fail> {
    if which("pebble").is_some() {
        say("pebble", "present");
        return Ok(());
    }
    say("pebble", "installing (apt-get install pebble)");
    cmd::apt_install(&["pebble"])
}

/// Debian's Chromium and chromedriver.
fn browser() -> Result<(PathBuf, PathBuf), Fail> {
    let chromium = PathBuf::from("/usr/bin/chromium");
    let driver = PathBuf::from("/usr/bin/chromedriver");
    if chromium.is_file() && driver.is_file() {
        say("chromium", "present");
    } else {
        say(
            "chromium",
            "installing chromium and chromium-driver (apt-get)",
        );
        cmd::apt_install(&["chromium", "chromium-driver"])?;
    }
    Ok((chromium, driver))
}

/// Debian's PostgreSQL server binaries (for a throwaway test server).
fn postgres() -> Result<PathBuf, Fail> {
    if std::env::var_os("TIMBRO_TEST_POSTGRES_URL").is_some() {
        say("postgresql", "using TIMBRO_TEST_POSTGRES_URL");
        return Ok(PathBuf::new());
    }
    if let Some(bin) = postgres_bin() {
        say("postgresql", "present");
        return Ok(bin);
    }
    say("postgresql", "installing (apt-get install postgresql)");
    cmd::apt_install(&["postgresql"])?;
    postgres_bin().ok_or_else(|| {
        Fail("postgresql was installed but initdb is not in /usr/lib/postgresql".into())
    })
}

/// The newest `/usr/lib/postgresql/<version>/bin` that has `initdb`.
fn postgres_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin): &(u32, PathBuf)| bin.join("initdb").is_file())
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}
