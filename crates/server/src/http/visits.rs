//! Recording a visit at the counter: stamps, and points for the amount spent
//! (tier and promotion multipliers included).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use timbro_core::StampProgress;
use timbro_core::api::{Business, ErrorBody, ErrorCode, FieldError, VisitReceipt, VisitRequest};
use timbro_core::calendar::birthday_gift_due;
use timbro_core::earn::{Line, PointsEarned, points_for_visit, stamps_for_visit};
use timbro_core::program::{Promotion, StampEarn};
use timbro_core::standing::tier_status;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::businesses;
use super::staff::{member_code, no_card, staff_card};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, StaffAuth};
use crate::http::idempotency::{RequestKey, author};
use crate::state::AppState;
use crate::store::{Author, BirthdayGift, BusinessRow, CardRow, Cooling, StampOutcome, Visit};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(add_visit))
}

/// `POST /staff/cards/{member_code}/visits`: records a visit to a card of
/// the staff member's own business: stamps, and points for the amount spent
/// (tier and promotion multipliers included).
#[utoipa::path(post, path = "/staff/cards/{member_code}/visits", tag = "staff",
    params(("member_code" = String, Path, description = "Scanned or typed member code"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body replay the first answer.")),
    security(("staff_session" = [])), request_body = VisitRequest,
    responses((status = 201, body = VisitReceipt), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The card had stamps inside the program's cooldown (`stamp_cooldown`)", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn add_visit(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    key: Option<Extension<RequestKey>>,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<VisitRequest>,
) -> ApiResult<(StatusCode, Json<VisitReceipt>)> {
    let by = author(staff.id, &key);
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
            code: ErrorCode::InvalidBody,
            message: "a visit must add stamps or record an amount spent".into(),
            details: vec![FieldError {
                field: "stamps".into(),
                message: "nothing to add".into(),
            }],
        });
    }
    let reason = override_reason(&body, stamps)?;
    // The cooldown holds back stamps only, and not those added with a reason.
    let cooldown_ms = match (&reason, stamps) {
        (None, 1..) => i64::from(program.stamp_card.cooldown_minutes) * 60_000,
        _ => 0,
    };
    // Cards of other businesses are not found: staff act only on their own.
    let now = state.clock.now_ms();
    if amount == 0 && reason.is_none() {
        return stamp_only_visit(&state, by, &business, &code, stamps, cooldown_ms, now).await;
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
        cooldown_ms,
        override_reason: reason,
    };
    // The birthday gift comes with the first visit inside its window.
    let birthday = program.birthday.and_then(|rule| {
        birthday_gift_due(
            details.birthday,
            rule.window_days,
            details.birthday_year,
            now,
        )
        .map(|(year, _)| BirthdayGift {
            year,
            points: rule.points,
        })
    });
    let referral = program.referral.filter(|_| details.referral_pending);
    let card = match state
        .store
        .record_visit_with(details.card.id, by, &visit, referral, birthday, now)
        .await
    {
        Err(sqlx::Error::RowNotFound) if cooldown_ms > 0 => {
            let cooling = state
                .store
                .cooling_by_id(details.card.id, cooldown_ms, now)
                .await?;
            return Err(match cooling {
                Some(cooling) => cooldown_refusal(program, cooling, now),
                None => sqlx::Error::RowNotFound.into(),
            });
        }
        other => other?,
    };
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
    card: &CardRow,
    program: &Business,
    stamps_added: u32,
    points_added: PointsEarned,
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

/// "+1 stamp" without a purchase: no points, so no tier or promotion to
/// work out, and the store does it in one round trip without a read first.
async fn stamp_only_visit(
    state: &AppState,
    by: Author<'_>,
    business: &BusinessRow,
    code: &str,
    stamps: u32,
    cooldown_ms: i64,
    now: i64,
) -> ApiResult<(StatusCode, Json<VisitReceipt>)> {
    let program = &business.public;
    let code = member_code(code)?;
    let Some(StampOutcome {
        mut card,
        birthday,
        birthday_year,
    }) = state
        .store
        .record_stamp_visit(business.id, &code, stamps, cooldown_ms, by, now)
        .await?
    else {
        let cooling = match cooldown_ms {
            0 => None,
            _ => {
                state
                    .store
                    .cooling_by_code(business.id, &code, cooldown_ms, now)
                    .await?
            }
        };
        return Err(match cooling {
            Some(cooling) => cooldown_refusal(program, cooling, now),
            None => no_card(state, &code).await,
        });
    };
    // The birthday gift comes with the first visit inside its window.
    if let Some(rule) = program.birthday
        && let Some((year, _)) = birthday_gift_due(birthday, rule.window_days, birthday_year, now)
    {
        let gift = BirthdayGift {
            year,
            points: rule.points,
        };
        card = state.store.pay_birthday(card.id, gift, now).await?;
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

/// The reason given for stamps inside the cooldown, trimmed; refused when
/// empty, too long, or given for a visit without stamps.
fn override_reason(body: &VisitRequest, stamps: u32) -> ApiResult<Option<String>> {
    let Some(reason) = &body.cooldown_override else {
        return Ok(None);
    };
    let reason = reason.trim();
    let problem = if reason.is_empty() {
        Some("must say why the stamps are added now".to_owned())
    } else if reason.chars().count() > VisitRequest::MAX_REASON {
        Some(format!(
            "must be at most {} characters",
            VisitRequest::MAX_REASON
        ))
    } else if reason.chars().any(char::is_control) {
        Some("must be one line of text".to_owned())
    } else if stamps == 0 {
        Some("only stamps are held back by the cooldown; this visit adds none".to_owned())
    } else {
        None
    };
    match problem {
        Some(problem) => Err(ApiError::invalid_field("cooldown_override", problem)),
        None => Ok(Some(reason.to_owned())),
    }
}

/// The answer to stamps refused by the cooldown: when the next may come.
fn cooldown_refusal(program: &Business, cooling: Cooling, now: i64) -> ApiError {
    let minutes = ((cooling.until_ms - now + 59_999) / 60_000).max(1);
    ApiError::conflict(
        ErrorCode::StampCooldown,
        format!(
            "this card had stamps less than {} minutes ago: the next may be added in {minutes} \
             minute(s), or now with a reason in cooldown_override",
            program.stamp_card.cooldown_minutes
        ),
    )
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
