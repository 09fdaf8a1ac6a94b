//! API tests: the real server, on port 0, over a fresh database per test.
//! Every test runs twice, on SQLite and on PostgreSQL (see [`helpers::both`]).

mod helpers;

mod abuse;
mod accounts;
mod analytics;
mod backup;
mod campaign_kinds;
mod campaigns;
mod cards;
mod cooldown;
mod crash;
mod errors;
mod expiry;
mod feedback;
mod fuzz;
mod headers;
mod https;
mod idempotency;
mod install;
mod ledger;
mod limits;
mod logo;
mod manage;
mod observability;
mod openapi;
mod owner;
mod points;
mod privacy;
mod proxies;
mod push;
mod redeem;
mod setup;
mod staff;
mod undo;
mod wallet_page;
