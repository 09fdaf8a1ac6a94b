//! API tests: the real server, on port 0, over a fresh database per test.
//! Every test runs twice, on SQLite and on PostgreSQL (see [`helpers::both`]).

mod helpers;

mod accounts;
mod cards;
mod crash;
mod errors;
mod idempotency;
mod install;
mod ledger;
mod limits;
mod logo;
mod manage;
mod openapi;
mod owner;
mod points;
mod redeem;
mod setup;
mod staff;
mod undo;
