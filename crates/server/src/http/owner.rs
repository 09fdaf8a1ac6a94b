//! The owner's side: the program's rules, rewards, tiers, promotions and staff
//! accounts. Only owners may use these routes; staff get 403.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use timbro_core::api::{
    Business, ErrorBody, NewPromotion, NewReward, NewStaffAccount, ProgramUpdate, Role, StaffMember,
};
use timbro_core::program::{Promotion, Reward, RewardCost, StampEarn, Tier};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::businesses;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, StaffAuth};
use crate::secrets::hash_secret;
use crate::state::AppState;
use crate::store::{NewStaff, StaffRow, is_unique_violation};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_program))
        .routes(routes!(add_reward))
        .routes(routes!(add_tier))
        .routes(routes!(add_promotion))
        .routes(routes!(add_staff))
}

/// Refuses anyone but an owner.
fn owner(staff: &StaffRow) -> ApiResult<()> {
    if staff.role == Role::Owner {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "only the business's owner may change the program or accounts".into(),
        ))
    }
}

/// A name of 1 to `max` characters without control characters.
fn name(field: &str, value: &str, max: usize) -> ApiResult<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(ApiError::invalid_field(
            field,
            format!("must be 1 to {max} characters, without control characters"),
        ));
    }
    Ok(value.to_owned())
}

/// `PUT /owner/program`: sets the program's rules.
#[utoipa::path(put, path = "/owner/program", tag = "owner", security(("staff_session" = [])),
    request_body = ProgramUpdate,
    responses((status = 200, body = Business), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn set_program(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    ApiJson(body): ApiJson<ProgramUpdate>,
) -> ApiResult<Json<Business>> {
    owner(&staff)?;
    if !(1..=50).contains(&body.stamps_required) {
        return Err(ApiError::invalid_field(
            "stamps_required",
            "must be between 1 and 50",
        ));
    }
    let reward = name("stamp_reward", &body.stamp_reward, 60)?;
    if let StampEarn::PerAmount { cents: 0 } = body.earn {
        return Err(ApiError::invalid_field(
            "earn.cents",
            "must be at least 1 cent",
        ));
    }
    if body.points.points_per_unit > 1_000 {
        return Err(ApiError::invalid_field(
            "points.points_per_unit",
            "must be at most 1000",
        ));
    }
    if body.currency.len() != 3 || !body.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ApiError::invalid_field(
            "currency",
            "must be an ISO 4217 code such as EUR",
        ));
    }
    if body.birthday.is_some_and(|b| b.window_days > 60) {
        return Err(ApiError::invalid_field(
            "birthday.window_days",
            "must be at most 60",
        ));
    }
    let rules = ProgramUpdate {
        stamp_reward: reward,
        // A gift of nothing is no gift: store it as off.
        birthday: body.birthday.filter(|b| b.points > 0),
        referral: body
            .referral
            .filter(|r| r.referrer_points > 0 || r.friend_points > 0),
        ..body
    };
    state
        .store
        .set_program_rules(staff.business_id, &rules)
        .await?;
    Ok(Json(
        businesses::find(&state, staff.business_slug.as_str())
            .await?
            .public,
    ))
}

/// `POST /owner/rewards`: adds a reward to the catalogue.
#[utoipa::path(post, path = "/owner/rewards", tag = "owner", security(("staff_session" = [])),
    request_body = NewReward,
    responses((status = 201, body = Reward), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn add_reward(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    ApiJson(body): ApiJson<NewReward>,
) -> ApiResult<(StatusCode, Json<Reward>)> {
    owner(&staff)?;
    let reward_name = name("name", &body.name, 60)?;
    if let RewardCost::Points { points } = body.cost
        && !(1..=1_000_000).contains(&points)
    {
        return Err(ApiError::invalid_field(
            "cost.points",
            "must be between 1 and 1000000",
        ));
    }
    let id = state
        .store
        .create_reward(
            staff.business_id,
            &reward_name,
            body.cost,
            state.clock.now_ms(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(Reward {
            id,
            name: reward_name,
            cost: body.cost,
        }),
    ))
}

/// `POST /owner/tiers`: adds a tier.
#[utoipa::path(post, path = "/owner/tiers", tag = "owner", security(("staff_session" = [])),
    request_body = Tier,
    responses((status = 201, body = Tier), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_tier(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    ApiJson(mut tier): ApiJson<Tier>,
) -> ApiResult<(StatusCode, Json<Tier>)> {
    owner(&staff)?;
    tier.name = name("name", &tier.name, 30)?;
    if tier.min_points < 0 {
        return Err(ApiError::invalid_field(
            "min_points",
            "must not be negative",
        ));
    }
    if !(100..=1000).contains(&tier.multiplier_pct) {
        return Err(ApiError::invalid_field(
            "multiplier_pct",
            "must be between 100 and 1000",
        ));
    }
    match state.store.create_tier(staff.business_id, &tier).await {
        Ok(()) => Ok((StatusCode::CREATED, Json(tier))),
        Err(e) if is_unique_violation(&e) => Err(ApiError::Conflict {
            code: "tier_exists",
            message: "a tier with this name exists".into(),
        }),
        Err(e) => Err(e.into()),
    }
}

/// `POST /owner/promotions`: adds a promotion.
#[utoipa::path(post, path = "/owner/promotions", tag = "owner", security(("staff_session" = [])),
    request_body = NewPromotion,
    responses((status = 201, body = Promotion), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn add_promotion(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    ApiJson(body): ApiJson<NewPromotion>,
) -> ApiResult<(StatusCode, Json<Promotion>)> {
    owner(&staff)?;
    let promo_name = name("name", &body.name, 60)?;
    if !(101..=1000).contains(&body.multiplier_pct) {
        return Err(ApiError::invalid_field(
            "multiplier_pct",
            "must be between 101 and 1000",
        ));
    }
    if body.ends_at_ms <= body.starts_at_ms {
        return Err(ApiError::invalid_field(
            "ends_at_ms",
            "must be after starts_at_ms",
        ));
    }
    let category = match body
        .category
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => Some(name("category", c, 40)?),
        None => None,
    };
    let mut promotion = Promotion {
        id: 0,
        name: promo_name,
        multiplier_pct: body.multiplier_pct,
        starts_at_ms: body.starts_at_ms,
        ends_at_ms: body.ends_at_ms,
        category,
    };
    promotion.id = state
        .store
        .create_promotion(staff.business_id, &promotion)
        .await?;
    Ok((StatusCode::CREATED, Json(promotion)))
}

/// `POST /owner/staff`: adds a staff or owner account.
#[utoipa::path(post, path = "/owner/staff", tag = "owner", security(("staff_session" = [])),
    request_body = NewStaffAccount,
    responses((status = 201, body = StaffMember), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_staff(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    ApiJson(body): ApiJson<NewStaffAccount>,
) -> ApiResult<(StatusCode, Json<StaffMember>)> {
    owner(&staff)?;
    let username = body.username.trim().to_owned();
    let valid = (2..=32).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !valid {
        return Err(ApiError::invalid_field(
            "username",
            "must be 2 to 32 lower-case letters, digits, '.', '_' or '-'",
        ));
    }
    let display_name = name("display_name", &body.display_name, 40)?;
    let new = NewStaff {
        username: username.clone(),
        display_name: display_name.clone(),
        role: body.role,
        secret_hash: hash_secret(body.pin.expose().to_owned()).await,
    };
    match state
        .store
        .create_staff(staff.business_id, &new, state.clock.now_ms())
        .await
    {
        Ok(_) => Ok((
            StatusCode::CREATED,
            Json(StaffMember {
                username,
                display_name,
                role: body.role,
                business: staff.business_slug,
            }),
        )),
        Err(e) if is_unique_violation(&e) => Err(ApiError::Conflict {
            code: "username_taken",
            message: "this business already has an account with that user name".into(),
        }),
        Err(e) => Err(e.into()),
    }
}
