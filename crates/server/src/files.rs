//! Secrets at rest: everything the server writes into its data folder (the
//! SQLite database and its WAL, the VAPID key, the demo credentials, the
//! ACME account and certificate, backups) is readable by the server's user
//! only. The process's file-mode mask is set so that whatever a library
//! creates (SQLite, the ACME cache) is `0600`/`0700`, and the files the
//! server writes itself are created with that mode from the first byte.

use std::io::Write;
use std::path::Path;

/// Files the server creates are readable and writable by its user only,
/// folders usable by its user only, whoever creates them (SQLite, the ACME
/// cache, `VACUUM INTO` for a backup).
pub fn private_by_default() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-mode mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Makes `dir` (and its parents) if missing; the folder itself is then
/// `0700` whether it was just made or was there with looser rights.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    restrict(dir, 0o700)
}

/// Takes the group's and others' rights away from `path` if it has any
/// (a data folder made by an older version); says so in the log.
pub fn restrict(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if current & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
            tracing::info!(path = %path.display(), from = format!("{current:o}"), to = format!("{mode:o}"),
                "made readable by the server's user only");
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Restricts the data folder and the secrets already in it (written by an
/// older version, or copied in by hand) to the server's user.
pub fn restrict_data_dir(dir: &Path) -> std::io::Result<()> {
    private_dir(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if path.file_name().is_some_and(|n| n == "acme") {
                restrict(&path, 0o700)?;
                for inner in std::fs::read_dir(&path)? {
                    restrict(&inner?.path(), 0o600)?;
                }
            }
        } else {
            restrict(&path, 0o600)?;
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file created `0600` and
/// renamed into place: the secret is never readable by others, not even
/// for a moment, and a crash leaves the old file or the new one whole.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let partial = path.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&partial)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&partial, path)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn secrets_are_written_for_the_owner_only_and_loose_folders_are_tightened() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        let old = data.join("timbro.db");
        std::fs::write(&old, b"x").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        restrict_data_dir(&data).unwrap();
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&old), 0o600);
        let key = data.join("vapid-key");
        write_private(&key, b"secret").unwrap();
        write_private(&key, b"again").unwrap();
        assert_eq!(mode(&key), 0o600);
        assert_eq!(std::fs::read(&key).unwrap(), b"again");
        assert!(!data.join("vapid-key.partial").exists());
    }
}
