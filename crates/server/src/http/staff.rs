//! The counter's side: signing in, looking a card up, recording visits and
//! undoing the last one.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use timbro_core::api::{
    ErrorBody, FieldError, StaffCardView, StaffLoginRequest, StaffMember, StaffSession,
    UNDO_WINDOW_MS, UndoReceipt, VisitReceipt, VisitRequest,
};
use timbro_core::calendar::birthday_gift_due;
use timbro_core::earn::{Line, points_for_visit, stamps_for_visit};
use timbro_core::program::{Promotion, StampEarn};
use timbro_core::standing::{reward_statuses, tier_status};
use timbro_core::{MemberCode, SessionToken, StampProgress};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::businesses;
use super::cards::YEAR_MS;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ClientIp, StaffAuth, bearer_token_hash};
use crate::secrets::{random_bytes, token_hash, verify_secret};
use crate::state::AppState;
use crate::store::{CardDetails, CardKey, UndoOutcome, Visit};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in))
        .routes(routes!(sign_out))
        .routes(routes!(lookup))
        .routes(routes!(add_visit))
        .routes(routes!(undo))
}

/// `POST /staff/sessions`: trades a user name and PIN for a session token.
#[utoipa::path(post, path = "/staff/sessions", tag = "staff", params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body replay the first answer.")),
    request_body = StaffLoginRequest,
    responses((status = 201, body = StaffSession), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<StaffLoginRequest>,
) -> ApiResult<(StatusCode, Json<StaffSession>)> {
    // PINs are short: at most a few guesses a minute at one account from one
    // address. Colleagues behind the café's one address are not held up.
    state.limit(
        |l| &l.sign_in_per_ip,
        &format!("{ip}/{}/{}", body.business, body.username.trim()),
    )?;
    let found = state
        .store
        .staff_for_login(&body.business, body.username.trim())
        .await?;
    let (staff, stored) = match found {
        Some((staff, hash)) => (Some(staff), Some(hash)),
        None => (None, None),
    };
    // Verify even for an unknown user so that timing does not reveal names.
    let ok = verify_secret(body.passcode.expose().to_owned(), stored).await;
    let Some(staff) = staff.filter(|_| ok) else {
        return Err(ApiError::Unauthorized {
            code: "invalid_credentials",
            message: "wrong user name, PIN or password".into(),
        });
    };
    let token = SessionToken::from_random(random_bytes());
    let now = state.clock.now_ms();
    let expires_at_ms = now + state.staff_session_ms;
    state
        .store
        .create_session(&token_hash(token.expose()), staff.id, now, expires_at_ms)
        .await?;
    tracing::info!(staff_id = staff.id, business = %staff.business_slug, "staff signed in");
    let member = StaffMember {
        username: staff.username,
        display_name: staff.display_name,
        role: staff.role,
        business: staff.business_slug,
    };
    Ok((
        StatusCode::CREATED,
        Json(StaffSession {
            token,
            expires_at_ms,
            staff: member,
        }),
    ))
}

/// `DELETE /staff/sessions/current`: signs out; the token stops working at
/// once.
#[utoipa::path(delete, path = "/staff/sessions/current", tag = "staff",
    security(("staff_session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn sign_out(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    // StaffAuth has checked the bearer token; end exactly that session.
    if let Some(hash) = bearer_token_hash(&headers) {
        state.store.delete_session(&hash).await?;
    }
    tracing::info!(staff_id = staff.id, "staff signed out");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /staff/cards/{member_code}/visits`: records a visit to a card of
/// the staff member's own business: stamps, and points for the amount spent
/// (tier and promotion multipliers included).
#[utoipa::path(post, path = "/staff/cards/{member_code}/visits", tag = "staff",
    params(("member_code" = String, Path, description = "Scanned or typed member code"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body replay the first answer.")),
    security(("staff_session" = [])), request_body = VisitRequest,
    responses((status = 201, body = VisitReceipt), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn add_visit(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<VisitRequest>,
) -> ApiResult<(StatusCode, Json<VisitReceipt>)> {
    let business = businesses::find(&state, staff.business_slug.as_str()).await?;
    let program = &business.public;
    let lines = purchase_lines(&body)?;
    let amount: i64 = lines.iter().map(|l| l.amount_cents).sum();
    let stamps = match program.stamp_card.earn {
        StampEarn::PerVisit if body.stamps > VisitRequest::MAX_STAMPS => {
            return Err(ApiError::invalid_field(
                "stamps",
                format!("must be between 0 and {}", VisitRequest::MAX_STAMPS),
            ));
        }
        StampEarn::PerAmount { .. } if body.stamps > 0 => {
            return Err(ApiError::invalid_field(
                "stamps",
                "this card earns stamps from the amount spent; send the amount instead",
            ));
        }
        rule => stamps_for_visit(rule, body.stamps, amount).min(VisitRequest::MAX_STAMPS),
    };
    if stamps == 0 && amount == 0 {
        return Err(ApiError::Invalid {
            code: "invalid_body",
            message: "a visit must add stamps or record an amount spent".into(),
            details: vec![FieldError {
                field: "stamps".into(),
                message: "nothing to add".into(),
            }],
        });
    }
    // Cards of other businesses are not found: staff act only on their own.
    let now = state.clock.now_ms();
    if amount == 0 {
        return stamp_only_visit(&state, &staff, &business, &code, stamps, now).await;
    }
    let details = staff_card(&state, &staff, &code, now).await?;
    let tier = tier_status(&program.tiers, details.tier_points);
    let promotions = state.store.current_promotions(business.id, now).await?;
    let points = points_for_visit(
        &program.points,
        &lines,
        tier.multiplier_pct(),
        &promotions,
        now,
    );
    let note = promotion_note(&promotions, &points.promotions);
    let visit = Visit {
        stamps,
        points: points.total,
        amount_cents: amount,
        note,
    };
    // The birthday gift comes with the first visit inside its window.
    let birthday = program.birthday.and_then(|rule| {
        birthday_gift_due(
            details.birthday,
            rule.window_days,
            details.birthday_year,
            now,
        )
        .map(|(year, _)| (year, rule.points))
    });
    let referral = program.referral.filter(|_| details.referral_pending);
    let card = state
        .store
        .record_visit_with(details.card.id, staff.id, &visit, referral, birthday, now)
        .await?;
    state.card_changed(&card);
    Ok(visit_receipt(
        &card,
        program,
        stamps,
        points,
        tier.multiplier_pct(),
    ))
}

/// The answer to a recorded visit: what it added and the card afterwards.
fn visit_receipt(
    card: &crate::store::CardRow,
    program: &timbro_core::api::Business,
    stamps_added: u32,
    points_added: timbro_core::earn::PointsEarned,
    tier_multiplier_pct: u32,
) -> (StatusCode, Json<VisitReceipt>) {
    let balance = u32::try_from(card.stamps).unwrap_or(u32::MAX);
    (
        StatusCode::CREATED,
        Json(VisitReceipt {
            member_code: card.member_code,
            stamps_added,
            stamps: balance,
            progress: StampProgress::new(balance, program.stamp_card.stamps_required),
            points_added,
            tier_multiplier_pct,
            points: card.points,
        }),
    )
}

/// A typed or scanned member code; a malformed one is a 422 naming the field.
fn member_code(code: &str) -> ApiResult<MemberCode> {
    MemberCode::parse(code).map_err(|e| ApiError::invalid_field("member_code", e.to_string()))
}

/// The 404 for a member code the staff member's business does not have. A
/// card of another business gets its own code, so the counter can say so:
/// a customer showing the wrong café's card is common and easily fixed.
async fn no_card(state: &AppState, code: &MemberCode) -> ApiError {
    match state.store.card_exists_anywhere(code).await {
        Ok(true) => ApiError::NotFound {
            code: "other_business",
            message: format!("member code {code} belongs to a card of another business"),
        },
        Ok(false) => {
            ApiError::not_found(format!("no card with member code {code} at this business"))
        }
        Err(e) => e.into(),
    }
}

/// "+1 stamp" without a purchase: no points, so no tier or promotion to
/// work out, and the store does it in one round trip without a read first.
async fn stamp_only_visit(
    state: &AppState,
    staff: &crate::store::StaffRow,
    business: &crate::store::BusinessRow,
    code: &str,
    stamps: u32,
    now: i64,
) -> ApiResult<(StatusCode, Json<VisitReceipt>)> {
    let program = &business.public;
    let code = member_code(code)?;
    let Some((mut card, birthday, paid_year)) = state
        .store
        .record_stamp_visit(business.id, &code, stamps, staff.id, now)
        .await?
    else {
        return Err(no_card(state, &code).await);
    };
    // The birthday gift comes with the first visit inside its window.
    if let Some(rule) = program.birthday
        && let Some((year, _)) = birthday_gift_due(birthday, rule.window_days, paid_year, now)
    {
        card = state
            .store
            .pay_birthday(card.id, year, rule.points, now)
            .await?;
    }
    state.card_changed(&card);
    // No points earned, so no multiplier applied.
    Ok(visit_receipt(
        &card,
        program,
        stamps,
        Default::default(),
        100,
    ))
}

/// The purchase as lines: `lines` as given, or one line of `amount_cents`.
fn purchase_lines(body: &VisitRequest) -> ApiResult<Vec<Line>> {
    if !body.lines.is_empty() && body.amount_cents.is_some() {
        return Err(ApiError::invalid_field(
            "lines",
            "send either amount_cents or lines, not both",
        ));
    }
    if body.lines.len() > VisitRequest::MAX_LINES {
        return Err(ApiError::invalid_field(
            "lines",
            format!("at most {} lines", VisitRequest::MAX_LINES),
        ));
    }
    let lines = match body.amount_cents {
        Some(amount) => vec![Line {
            amount_cents: amount,
            category: None,
        }],
        None => body.lines.clone(),
    };
    for (i, line) in lines.iter().enumerate() {
        let field = if body.amount_cents.is_some() {
            "amount_cents".to_owned()
        } else {
            format!("lines[{i}].amount_cents")
        };
        if !(0..=VisitRequest::MAX_AMOUNT_CENTS).contains(&line.amount_cents) {
            return Err(ApiError::invalid_field(
                &field,
                format!(
                    "must be between 0 and {} cents",
                    VisitRequest::MAX_AMOUNT_CENTS
                ),
            ));
        }
        if line
            .category
            .as_ref()
            .is_some_and(|c| c.chars().count() > 40)
        {
            return Err(ApiError::invalid_field(
                &format!("lines[{i}].category"),
                "must be at most 40 characters",
            ));
        }
    }
    let total: i64 = lines.iter().map(|l| l.amount_cents).sum();
    if total > VisitRequest::MAX_AMOUNT_CENTS {
        return Err(ApiError::invalid_field(
            "lines",
            "the total is larger than one visit may record",
        ));
    }
    Ok(lines)
}

/// "Promotions: Double points on pastries" for the history, if any applied.
fn promotion_note(promotions: &[Promotion], applied: &[i64]) -> Option<String> {
    let names: Vec<&str> = promotions
        .iter()
        .filter(|p| applied.contains(&p.id))
        .map(|p| p.name.as_str())
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// The card with a typed or scanned member code, in the staff member's own
/// business (cards of other businesses are not found).
async fn staff_card(
    state: &AppState,
    staff: &crate::store::StaffRow,
    code: &str,
    now: i64,
) -> ApiResult<CardDetails> {
    let code = member_code(code)?;
    let key = CardKey::MemberCode {
        business_id: staff.business_id,
        code: &code,
    };
    match state.store.card_details(key, now - YEAR_MS).await? {
        Some(details) => Ok(details),
        None => Err(no_card(state, &code).await),
    }
}

/// `GET /staff/cards/{member_code}`: what the counter shows after scanning a
/// member code.
#[utoipa::path(get, path = "/staff/cards/{member_code}", tag = "staff",
    params(("member_code" = String, Path, description = "Scanned or typed member code")),
    security(("staff_session" = [])),
    responses((status = 200, body = StaffCardView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn lookup(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(code): Path<String>,
) -> ApiResult<Json<StaffCardView>> {
    let now = state.clock.now_ms();
    let details = staff_card(&state, &staff, &code, now).await?;
    let card = &details.card;
    let business = businesses::find(&state, staff.business_slug.as_str()).await?;
    let program = &business.public;
    let rewards = state.store.rewards(business.id).await?;
    let required = program.stamp_card.stamps_required;
    let stamps = u32::try_from(card.stamps).unwrap_or(u32::MAX);
    Ok(Json(StaffCardView {
        member_code: card.member_code,
        first_name: details.first_name.clone(),
        stamps,
        progress: StampProgress::new(stamps, required),
        points: card.points,
        tier: (!program.tiers.is_empty()).then(|| tier_status(&program.tiers, details.tier_points)),
        rewards: reward_statuses(&rewards, card.points, card.stamps, required),
        history: state.store.history(card.id, 10).await?,
        promotions: state.store.current_promotions(business.id, now).await?,
    }))
}

/// `POST /staff/cards/{member_code}/undo`: reverses the card's last visit or
/// redemption within [`UNDO_WINDOW_MS`], with a reversing ledger entry.
#[utoipa::path(post, path = "/staff/cards/{member_code}/undo", tag = "staff",
    params(("member_code" = String, Path, description = "Scanned or typed member code"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body replay the first answer.")),
    security(("staff_session" = [])),
    responses((status = 201, body = UndoReceipt), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn undo(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(code): Path<String>,
) -> ApiResult<(StatusCode, Json<UndoReceipt>)> {
    let now = state.clock.now_ms();
    let card = staff_card(&state, &staff, &code, now).await?.card;
    let conflict = |code: &'static str, message: &str| ApiError::Conflict {
        code,
        message: message.to_owned(),
    };
    let outcome = state
        .store
        .undo_last(card.id, staff.id, now - UNDO_WINDOW_MS, now)
        .await?;
    if let UndoOutcome::Undone(_, changed) = &outcome {
        state.card_changed(changed);
    }
    match outcome {
        UndoOutcome::Undone(undone, card) => Ok((
            StatusCode::CREATED,
            Json(UndoReceipt {
                member_code: card.member_code,
                undone,
                stamps: card.stamps,
                points: card.points,
            }),
        )),
        UndoOutcome::Nothing => Err(conflict(
            "nothing_to_undo",
            "the card's last entry is not a visit or redemption that can be undone",
        )),
        UndoOutcome::TooOld => Err(conflict(
            "undo_window_passed",
            "the last entry is more than 5 minutes old and can no longer be undone",
        )),
        UndoOutcome::WouldGoNegative => Err(conflict(
            "undo_would_go_negative",
            "the points from that visit have already been spent",
        )),
    }
}
