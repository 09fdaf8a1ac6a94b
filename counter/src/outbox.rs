//! Every change the counter makes (a visit, a redemption, an undo) goes
//! through the outbox: it is written to storage with a fresh
//! `Idempotency-Key` *before* it is sent, and leaves the outbox only when
//! the server has answered. When the network drops, the same request with
//! the same key is sent again later, so a stamp whose answer was lost is
//! never added twice, and a stamp that never arrived is not lost.
//!
//! The server keeps keys per credential, so a change is always retried with
//! the session it was first sent with. If that session has ended (signed
//! out, expired) the server still replays a change that landed under it; a
//! 401 instead proves the change never landed, and only then is it sent
//! anew, with a new key, under the current session.

use serde::{Deserialize, Serialize};
use timbro_core::api::{RedemptionReceipt, UndoReceipt, VisitReceipt, VisitRequest};
use timbro_core::earn::Line;
use timbro_core::{MemberCode, SessionToken};

use timbro_web::{NoRandom, random_bytes};

use crate::api::{self, ApiError};

/// A change to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Stamps and/or an amount spent.
    Visit {
        /// The card.
        member: MemberCode,
        /// Stamps to add.
        stamps: u32,
        /// Amount spent, in cents (when not given as `lines`).
        amount_cents: Option<i64>,
        /// The purchase by category, for category promotions.
        #[serde(default)]
        lines: Vec<Line>,
        /// Why stamps are added inside the program's cooldown, when staff
        /// add them anyway.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cooldown_override: Option<String>,
    },
    /// Confirm a redemption code.
    Redeem {
        /// The code as typed or scanned.
        code: String,
        /// The reward's name (to say what waits, while offline).
        reward: String,
    },
    /// Reverse the card's last visit or redemption.
    Undo {
        /// The card.
        member: MemberCode,
    },
}

/// A change in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// Sent as `Idempotency-Key` on every attempt.
    pub key: String,
    /// The session every attempt is sent with (the key's scope).
    pub token: SessionToken,
    /// What to do.
    pub action: Action,
}

impl Pending {
    /// A new change with a random key (128 bits from the browser's CSPRNG),
    /// under `token`. Without a secure generator there is no key that could
    /// not collide, so no change.
    pub fn new(action: Action, token: SessionToken) -> Result<Self, NoRandom> {
        Ok(Self {
            key: timbro_core::hex::encode(&random_bytes::<16>()?),
            token,
            action,
        })
    }

    /// The same change, proven not to have landed, for another session.
    pub fn rekeyed(&self, token: SessionToken) -> Result<Self, NoRandom> {
        Self::new(self.action.clone(), token)
    }
}

/// What the server did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// A visit was recorded.
    Visit(VisitReceipt),
    /// A reward was redeemed.
    Redeem(RedemptionReceipt),
    /// The last entry was reversed.
    Undo(UndoReceipt),
}

impl Done {
    /// The card it changed.
    pub fn member(&self) -> MemberCode {
        match self {
            Done::Visit(r) => r.member_code,
            Done::Redeem(r) => r.member_code,
            Done::Undo(r) => r.member_code,
        }
    }
}

/// Sends one change (the first attempt or a retry: the same key and
/// session either way).
pub async fn send(pending: &Pending) -> Result<Done, ApiError> {
    let token = &pending.token;
    match &pending.action {
        Action::Visit {
            member,
            stamps,
            amount_cents,
            lines,
            cooldown_override,
        } => {
            let body = VisitRequest {
                stamps: *stamps,
                amount_cents: *amount_cents,
                lines: lines.clone(),
                cooldown_override: cooldown_override.clone(),
            };
            api::visit(token, &pending.key, member, &body)
                .await
                .map(Done::Visit)
        }
        Action::Redeem { code, .. } => api::redeem(token, &pending.key, code)
            .await
            .map(Done::Redeem),
        Action::Undo { member } => api::undo(token, &pending.key, member).await.map(Done::Undo),
    }
}
