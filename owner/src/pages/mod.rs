//! The back office's screens: setup and sign-in, then the office with one
//! section per part of the program.

pub mod accounts;
pub mod business;
mod campaign_offer;
mod campaign_send;
pub mod campaigns;
mod campaigns_words;
pub mod customers;
mod customers_words;
pub mod numbers;
mod numbers_more;
mod numbers_trend;
mod numbers_words;
pub mod office;
pub mod program;
pub mod promotions;
pub mod rewards;
pub mod setup;
pub mod sign_in;
pub mod tables;
pub mod tiers;
