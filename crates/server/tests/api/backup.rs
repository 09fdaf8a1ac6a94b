//! `timbro-server backup` while staff write, then `restore` into a fresh
//! server: every visit acknowledged before the backup began is there, the
//! copy is whole, and bad input changes nothing.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use reqwest::StatusCode;
use serde_json::json;
use tokio::sync::Mutex;

use crate::helpers::{Db, server_command, spawn_app, spawn_on};

/// Runs the server binary's command `args` with the database at `url`.
async fn command(url: &str, data: &Path, args: &[&str]) -> (bool, String) {
    let mut cmd = server_command();
    cmd.args(args)
        .env("TIMBRO_DATABASE_URL", url)
        .env("TIMBRO_DATA_DIR", data);
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .unwrap()
        .expect("run timbro-server");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Stamps per card, as the given server's staff see them.
async fn stamps(app: &crate::helpers::TestApp, staff: &str, codes: &[String]) -> Vec<i64> {
    let mut all = Vec::new();
    for code in codes {
        let view: serde_json::Value = app
            .get(&format!("/staff/cards/{code}"), Some(staff))
            .await
            .json()
            .await
            .unwrap();
        all.push(view["stamps"].as_i64().unwrap());
    }
    all
}

#[tokio::test]
async fn a_backup_taken_while_staff_write_restores_every_acknowledged_visit() {
    let app = spawn_app(Db::Sqlite).await;
    let staff = app.staff_token().await;
    let mut codes = Vec::new();
    for _ in 0..3 {
        codes.push(app.join().await.1.member_code.to_string());
    }
    // Staff record visits without pause until told to stop; each worker
    // counts what was acknowledged on its card.
    let acked: Arc<Mutex<HashMap<String, i64>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let (client, api, staff) = (app.client.clone(), app.api.clone(), staff.clone());
            let (acked, stop) = (acked.clone(), stop.clone());
            let code = codes[w % codes.len()].clone();
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    let res = client
                        .post(format!("{api}/staff/cards/{code}/visits"))
                        .bearer_auth(&staff)
                        .header("Idempotency-Key", format!("w{w}-{n}"))
                        .json(&json!({ "stamps": 1, "amount_cents": 120 }))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(res.status(), StatusCode::CREATED);
                    *acked.lock().await.entry(code.clone()).or_default() += 1;
                    n += 1;
                }
            })
        })
        .collect();
    while acked.lock().await.values().sum::<i64>() < 200 {
        tokio::task::yield_now().await;
    }

    let file = app.data.path().join("backup.db");
    let before = acked.lock().await.clone();
    let (ok, said) = command(
        &app.database_url,
        app.data.path(),
        &["backup", file.to_str().unwrap()],
    )
    .await;
    let after_backup: i64 = acked.lock().await.values().sum();
    stop.store(true, Ordering::SeqCst);
    for worker in workers {
        worker.await.unwrap();
    }
    assert!(ok, "{said}");
    assert!(
        said.contains("Backed up to") && said.contains("ledger entries"),
        "{said}"
    );
    let during = after_backup - before.values().sum::<i64>();
    assert!(during > 0, "staff went on writing while the backup ran");

    // A backup never overwrites a file.
    let (ok, said) = command(
        &app.database_url,
        app.data.path(),
        &["backup", file.to_str().unwrap()],
    )
    .await;
    assert!(!ok && said.contains("already exists"), "{said}");

    let fresh = tempfile::tempdir().unwrap();
    let fresh_url = format!(
        "sqlite://{}?mode=rwc",
        fresh.path().join("timbro.db").display()
    );
    let (ok, said) = command(
        &fresh_url,
        fresh.path(),
        &["restore", file.to_str().unwrap()],
    )
    .await;
    assert!(ok && said.contains("Restored"), "{said}");
    let restored = spawn_on(fresh, fresh_url.clone()).await;
    let on_cards = stamps(&restored, &restored.staff_token().await, &codes).await;
    let total = acked.lock().await.clone();
    for (code, have) in codes.iter().zip(&on_cards) {
        let (was, all) = (before.get(code).copied(), total.get(code).copied());
        assert!(
            *have >= was.unwrap_or(0) && *have <= all.unwrap_or(0),
            "card {code}: {have} stamps restored, {was:?} acknowledged before the backup, {all:?} in all"
        );
    }
    eprintln!(
        "backup under load: {} visits acknowledged before the backup, {during} during it, {} restored",
        before.values().sum::<i64>(),
        on_cards.iter().sum::<i64>()
    );
    let pool = restored.state.store.write_pool();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let unbalanced: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cards c WHERE c.stamps <> (SELECT COALESCE(SUM(stamps_delta), 0) FROM ledger l WHERE l.card_id = c.id)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(unbalanced, 0, "balances equal the ledger's sums");

    // Restoring over a database that is there needs --replace, and keeps
    // the one it replaces.
    let (ok, said) = command(
        &fresh_url,
        restored.data.path(),
        &["restore", file.to_str().unwrap()],
    )
    .await;
    assert!(!ok && said.contains("--replace"), "{said}");
}

#[tokio::test]
async fn restore_refuses_what_is_not_a_backup_and_replace_keeps_the_old_database() {
    let data = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        data.path().join("timbro.db").display()
    );
    let text = data.path().join("notes.db");
    std::fs::write(&text, "not a database at all").unwrap();
    let (ok, said) = command(&url, data.path(), &["restore", text.to_str().unwrap()]).await;
    assert!(!ok && said.contains("is not a Timbro backup"), "{said}");
    let missing = data.path().join("missing.db");
    let (ok, said) = command(&url, data.path(), &["restore", missing.to_str().unwrap()]).await;
    assert!(!ok && said.contains("no such file"), "{said}");
    assert!(
        !data.path().join("timbro.db").exists(),
        "nothing was written"
    );

    // A database that is not Timbro's.
    let other = data.path().join("other.db");
    let other_url = format!("sqlite://{}?mode=rwc", other.display());
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&other_url)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE t (x INTEGER)")
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let (ok, said) = command(&url, data.path(), &["restore", other.to_str().unwrap()]).await;
    assert!(!ok && said.contains("no Timbro tables"), "{said}");

    // PostgreSQL is backed up with its own tools.
    let (ok, said) = command(
        "postgres://timbro@127.0.0.1:1/none",
        data.path(),
        &["backup", data.path().join("pg.db").to_str().unwrap()],
    )
    .await;
    assert!(!ok && said.contains("pg_dump"), "{said}");

    // Replace: a server's database, backed up, changed, then restored.
    let app = spawn_app(Db::Sqlite).await;
    let staff = app.staff_token().await;
    let code = app.join().await.1.member_code.to_string();
    let file = data.path().join("one.db");
    let (ok, said) = command(
        &app.database_url,
        app.data.path(),
        &["backup", file.to_str().unwrap()],
    )
    .await;
    assert!(ok, "{said}");
    assert_eq!(
        app.add_stamps(&staff, &code, 2).await.status(),
        StatusCode::CREATED
    );
    let (data_dir, db_url) = (app.data, app.database_url);
    let (ok, said) = command(
        &db_url,
        data_dir.path(),
        &["restore", file.to_str().unwrap(), "--replace"],
    )
    .await;
    assert!(ok && said.contains("is kept as"), "{said}");
    let kept: Vec<_> = std::fs::read_dir(data_dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .collect();
    assert!(!kept.is_empty(), "the replaced database is kept");
    let back = spawn_on(data_dir, db_url).await;
    let staff = back.staff_token().await;
    assert_eq!(
        stamps(&back, &staff, &[code]).await,
        [0],
        "the stamps given after the backup are not in it"
    );
}
