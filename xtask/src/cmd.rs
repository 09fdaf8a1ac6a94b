//! Running commands and saying what is happening.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A failure, told to the person in one sentence.
#[derive(Debug)]
pub struct Fail(pub String);

/// Prints a step header, so that a long run shows where it is.
pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// The workspace root (where the top-level Cargo.toml is).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// A `cargo` command run from the workspace root.
pub fn cargo(args: &[&str]) -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.args(args).current_dir(root());
    c
}

/// Runs `command`, failing with its exit status.
pub fn run(command: &mut Command) -> Result<(), Fail> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| Fail(format!("cannot start {shown}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Fail(format!("{shown} failed ({status})")))
    }
}

/// The first line of a command's output, or `None` if it cannot run.
pub fn output_line(program: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    text.lines().next().map(|l| l.trim().to_owned())
}

/// Finds `name` on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// True when running as root (apt-get can be used directly).
pub fn is_root() -> bool {
    which("id")
        .and_then(|id| output_line(&id, &["-u"]))
        .is_some_and(|uid| uid == "0")
}

/// Installs Debian packages, with sudo when not root.
pub fn apt_install(packages: &[&str]) -> Result<(), Fail> {
    let sudo = !is_root();
    if sudo && which("sudo").is_none() {
        return Err(Fail(format!(
            "{} must be installed, and this user cannot (not root, no sudo): apt-get install {}",
            packages.join(", "),
            packages.join(" ")
        )));
    }
    let apt = |args: &[&str]| {
        let mut c = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq"]);
    install.args(packages);
    run(&mut install)
}
