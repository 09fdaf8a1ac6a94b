//! The measurements, each against the running [`Server`].

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use timbro_core::redeem::{Otp, RedemptionCode, time_step};
use timbro_server::secrets::from_hex;
use timbro_server::store::Author;

use super::server::Server;
use super::stats::{Stats, collect};
use super::{CONCURRENCY, RUN};

impl Server {
    /// The HTTP floor: a read served from the program cache, so the figure
    /// is what client and server cost without the database.
    pub async fn http_floor(&self) -> Stats {
        let started = Instant::now();
        let tasks = (0..CONCURRENCY)
            .map(|_| {
                let req = self
                    .http
                    .get(format!("{}/businesses/caffe-aurora", self.api));
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    while started.elapsed() < RUN {
                        let t = Instant::now();
                        let res = req.try_clone().unwrap().send().await.unwrap();
                        assert_eq!(res.status().as_u16(), 200);
                        res.bytes().await.unwrap();
                        latencies.push(t.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        collect(tasks, started).await
    }

    pub async fn add_stamps_flat_out(&self) -> Stats {
        let cards: Vec<String> = {
            let mut v = Vec::new();
            for _ in 0..CONCURRENCY {
                v.push(
                    self.join().await["member_code"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                );
            }
            v
        };
        let started = Instant::now();
        let tasks = cards
            .into_iter()
            .map(|code| {
                let req = self.add_stamp(&code);
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    while started.elapsed() < RUN {
                        let t = Instant::now();
                        let res = req.try_clone().unwrap().send().await.unwrap();
                        assert_eq!(res.status().as_u16(), 201);
                        latencies.push(t.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        collect(tasks, started).await
    }

    /// The add-stamp visit as a direct store call, without HTTP, to show
    /// how the request's time splits between the database and the rest.
    pub async fn store_stamps_flat_out(&self) -> Stats {
        let mut cards = Vec::new();
        for _ in 0..CONCURRENCY {
            let code = self.join().await["member_code"]
                .as_str()
                .unwrap()
                .to_owned();
            cards.push(timbro_core::MemberCode::parse(&code).unwrap());
        }
        let slug = timbro_core::Slug::parse("caffe-aurora").unwrap();
        let business = self.store.business_by_slug(&slug).await.unwrap().unwrap();
        let started = Instant::now();
        let tasks = cards
            .into_iter()
            .map(|code| {
                let store = self.store.clone();
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    while started.elapsed() < RUN {
                        let t = Instant::now();
                        store
                            .record_stamp_visit(business.id, &code, 1, 0, Author::staff(1), 0)
                            .await
                            .unwrap()
                            .unwrap();
                        latencies.push(t.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        collect(tasks, started).await
    }

    /// Open loop: requests start on a fixed schedule whatever the answers do.
    pub async fn add_stamps_paced(&self, rate: f64) -> Stats {
        let code = self.join().await["member_code"]
            .as_str()
            .unwrap()
            .to_owned();
        let interval = Duration::from_secs_f64(1.0 / rate.max(1.0));
        let started = Instant::now();
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        let mut tasks = Vec::new();
        while started.elapsed() < RUN {
            ticker.tick().await;
            let req = self.add_stamp(&code);
            tasks.push(tokio::spawn(async move {
                let t = Instant::now();
                let res = req.send().await.unwrap();
                assert_eq!(res.status().as_u16(), 201);
                vec![t.elapsed()]
            }));
        }
        collect(tasks, started).await
    }

    /// Confirms one fresh code per card: each needs its own card, made first.
    pub async fn redeem_flat_out(&self) -> Stats {
        let per_worker = 150;
        let mut codes: Vec<Vec<(Value, i64)>> = Vec::new();
        for _ in 0..CONCURRENCY {
            let mut batch = Vec::new();
            for _ in 0..per_worker {
                let card = self.join().await;
                let reward = card["rewards"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["reward"]["cost"]["kind"] == "points")
                    .map(|r| r["reward"]["id"].as_i64().unwrap())
                    .unwrap();
                batch.push((card, reward));
            }
            codes.push(batch);
        }
        // Welcome points (10) cover nothing in the catalogue; give each card
        // 100 points with one visit of €100 first.
        let mut prepared = Vec::new();
        for batch in codes {
            let mut b = Vec::new();
            for (card, reward) in batch {
                let code = card["member_code"].as_str().unwrap().to_owned();
                let res = self
                    .http
                    .post(format!("{}/staff/cards/{code}/visits", self.api))
                    .bearer_auth(&self.staff)
                    .json(&json!({ "amount_cents": 10_000 }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status().as_u16(), 201);
                b.push((card, reward));
            }
            prepared.push(b);
        }
        let started = Instant::now();
        let tasks = prepared
            .into_iter()
            .map(|batch| {
                let (http, api, staff, clock) = (
                    self.http.clone(),
                    self.api.clone(),
                    self.staff.clone(),
                    self.clock_ms.clone(),
                );
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    for (card, reward) in batch {
                        let member =
                            timbro_core::MemberCode::parse(card["member_code"].as_str().unwrap())
                                .unwrap();
                        let secret = from_hex(card["redeem_secret"].as_str().unwrap());
                        let otp = Otp::generate(&secret, reward, time_step(clock()));
                        let code = RedemptionCode { member, otp }.to_string();
                        let t = Instant::now();
                        let res = http
                            .post(format!("{api}/staff/redemptions"))
                            .bearer_auth(&staff)
                            .json(&json!({ "code": code }))
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(
                            res.status().as_u16(),
                            201,
                            "{}",
                            res.text().await.unwrap_or_default()
                        );
                        latencies.push(t.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        collect(tasks, started).await
    }
}
