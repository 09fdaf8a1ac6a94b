//! Secrets at rest are the server's user's only, and `/metrics` is not
//! readable by everyone behind a proxy on the same machine.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use reqwest::StatusCode;
use timbro_server::settings::Hidden;

use crate::helpers::{Db, fresh_database, spawn_app_with};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn the_data_folder_and_every_secret_in_it_are_the_servers_users_only() {
    // A data folder left readable by everyone, with a file in it.
    let data = tempfile::tempdir().unwrap();
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let note = data.path().join("notes.txt");
    std::fs::write(&note, "kept here by hand").unwrap();
    std::fs::set_permissions(&note, std::fs::Permissions::from_mode(0o644)).unwrap();
    let url = fresh_database(Db::Sqlite, &data).await;
    let app = crate::helpers::spawn_on(data, url.clone()).await;
    app.join().await;
    let dir = app.data.path();
    assert_eq!(mode(dir), 0o700, "the data folder");
    assert_eq!(mode(&note), 0o600, "a file that was there");
    for file in [
        "timbro.db",
        "timbro.db-wal",
        "timbro.db-shm",
        "vapid-key",
        "demo-credentials.txt",
    ] {
        assert_eq!(mode(&dir.join(file)), 0o600, "{file}");
    }
    // A backup, and a database restored from it, likewise.
    let backups = tempfile::tempdir().unwrap();
    let copy = backups.path().join("timbro.db");
    timbro_server::backup::backup(&url, &copy).await.unwrap();
    assert_eq!(mode(&copy), 0o600, "the backup");
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o644)).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let restored = elsewhere.path().join("data").join("timbro.db");
    let to = format!("sqlite://{}?mode=rwc", restored.display());
    timbro_server::backup::restore(&to, &copy, false, 0)
        .await
        .unwrap();
    assert_eq!(mode(&restored), 0o600, "the restored database");
}

#[tokio::test]
async fn behind_a_proxy_on_this_machine_the_metrics_need_the_token() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.trust_forwarded_for = true;
        s.metrics_token = Some(Hidden("scrape-secret-2".into()));
    })
    .await;
    let metrics = app.api.replace("/api/v1", "/metrics");
    // Every client's request comes through the proxy from loopback.
    let res = app.client.get(&metrics).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .client
        .get(&metrics)
        .bearer_auth("scrape-secret-2")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // With no proxy trusted, the machine itself reads them.
    let plain = spawn_app_with(Db::Sqlite, |_| {}).await;
    let res = plain
        .client
        .get(plain.api.replace("/api/v1", "/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
