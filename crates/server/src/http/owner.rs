//! The owner's side: the program's rules, rewards, tiers, promotions and staff
//! accounts. Only owners may use these routes; staff get 403.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use timbro_core::Passcode;
use timbro_core::api::{
    Business, CatalogueReward, ErrorBody, NewPromotion, NewReward, NewStaffAccount, ProgramUpdate,
    Role, StaffAccount, StaffAccountUpdate, StaffMember,
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
        .routes(routes!(list_rewards, add_reward))
        .routes(routes!(update_reward, retire_reward))
        .routes(routes!(list_tiers, add_tier))
        .routes(routes!(update_tier, delete_tier))
        .routes(routes!(list_promotions, add_promotion))
        .routes(routes!(update_promotion, end_promotion))
        .routes(routes!(list_staff, add_staff))
        .routes(routes!(update_staff, retire_staff))
}

/// The answer of a route that changed something and has nothing to say.
type Done = ApiResult<StatusCode>;

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

/// Owners change the program and the accounts: a PIN is too weak for that.
fn owner_needs_password(role: Role, passcode: &Passcode) -> ApiResult<()> {
    if role == Role::Owner && passcode.is_pin() {
        return Err(ApiError::invalid_field(
            "passcode",
            "an owner account needs a password of at least 10 characters, not a PIN",
        ));
    }
    Ok(())
}

/// The numeric id in a path; anything else names nothing that exists (404,
/// in the API's error shape, rather than axum's plain-text 400).
fn id_in_path(raw: &str, what: &str) -> ApiResult<i64> {
    raw.parse()
        .map_err(|_| ApiError::not_found(format!("no {what} {raw:?} at this business")))
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
    let reward_name = valid_reward(&body)?;
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

/// A reward's name, once its name and cost are checked.
fn valid_reward(body: &NewReward) -> ApiResult<String> {
    let reward_name = name("name", &body.name, 60)?;
    if let RewardCost::Points { points } = body.cost
        && !(1..=1_000_000).contains(&points)
    {
        return Err(ApiError::invalid_field(
            "cost.points",
            "must be between 1 and 1000000",
        ));
    }
    Ok(reward_name)
}

/// `GET /owner/rewards`: the whole catalogue, retired rewards included.
#[utoipa::path(get, path = "/owner/rewards", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Vec<CatalogueReward>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_rewards(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
) -> ApiResult<Json<Vec<CatalogueReward>>> {
    owner(&staff)?;
    let rewards = state.store.catalogue(staff.business_id).await?;
    Ok(Json(
        rewards
            .into_iter()
            .map(|(r, active)| CatalogueReward {
                id: r.id,
                name: r.name,
                cost: r.cost,
                active,
            })
            .collect(),
    ))
}

/// `PUT /owner/rewards/{id}`: renames or re-prices an active reward.
#[utoipa::path(put, path = "/owner/rewards/{id}", tag = "owner", security(("staff_session" = [])),
    params(("id" = i64, Path, description = "The reward's id")), request_body = NewReward,
    responses((status = 200, body = Reward), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_reward(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewReward>,
) -> ApiResult<Json<Reward>> {
    owner(&staff)?;
    let id = id_in_path(&id, "reward")?;
    let reward = Reward {
        id,
        name: valid_reward(&body)?,
        cost: body.cost,
    };
    if !state
        .store
        .update_reward(staff.business_id, &reward)
        .await?
    {
        return Err(ApiError::not_found(format!(
            "no active reward {id} at this business"
        )));
    }
    Ok(Json(reward))
}

/// `DELETE /owner/rewards/{id}`: retires a reward (customers no longer see
/// it, its codes are refused, past redemptions stay in the ledger).
#[utoipa::path(delete, path = "/owner/rewards/{id}", tag = "owner", security(("staff_session" = [])),
    params(("id" = i64, Path, description = "The reward's id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn retire_reward(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(id): Path<String>,
) -> Done {
    owner(&staff)?;
    let id = id_in_path(&id, "reward")?;
    if !state.store.retire_reward(staff.business_id, id).await? {
        return Err(ApiError::not_found(format!(
            "no reward {id} at this business"
        )));
    }
    Ok(StatusCode::NO_CONTENT)
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
    tier = valid_tier(tier)?;
    match state.store.create_tier(staff.business_id, &tier).await {
        Ok(()) => Ok((StatusCode::CREATED, Json(tier))),
        Err(e) if is_unique_violation(&e) => Err(tier_exists()),
        Err(e) => Err(e.into()),
    }
}

fn tier_exists() -> ApiError {
    ApiError::Conflict {
        code: "tier_exists",
        message: "a tier with this name exists".into(),
    }
}

/// The tier with its name trimmed, once its values are checked.
fn valid_tier(mut tier: Tier) -> ApiResult<Tier> {
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
    if tier.perks.len() > 10 {
        return Err(ApiError::invalid_field("perks", "at most 10 perks"));
    }
    for (i, perk) in tier.perks.iter_mut().enumerate() {
        *perk = name(&format!("perks[{i}]"), perk, 80)?;
    }
    Ok(tier)
}

/// `GET /owner/tiers`: the tiers, lowest first.
#[utoipa::path(get, path = "/owner/tiers", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Vec<Tier>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_tiers(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
) -> ApiResult<Json<Vec<Tier>>> {
    owner(&staff)?;
    Ok(Json(state.store.tiers(staff.business_id).await?))
}

/// `PUT /owner/tiers/{name}`: changes a tier, its name included.
#[utoipa::path(put, path = "/owner/tiers/{name}", tag = "owner", security(("staff_session" = [])),
    params(("name" = String, Path, description = "The tier's current name")), request_body = Tier,
    responses((status = 200, body = Tier), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_tier(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(current): Path<String>,
    ApiJson(tier): ApiJson<Tier>,
) -> ApiResult<Json<Tier>> {
    owner(&staff)?;
    let tier = valid_tier(tier)?;
    match state
        .store
        .update_tier(staff.business_id, &current, &tier)
        .await
    {
        Ok(true) => Ok(Json(tier)),
        Ok(false) => Err(ApiError::not_found(format!("no tier called {current:?}"))),
        Err(e) if is_unique_violation(&e) => Err(tier_exists()),
        Err(e) => Err(e.into()),
    }
}

/// `DELETE /owner/tiers/{name}`: removes a tier; cards are placed by the
/// remaining tiers at once.
#[utoipa::path(delete, path = "/owner/tiers/{name}", tag = "owner", security(("staff_session" = [])),
    params(("name" = String, Path, description = "The tier's name")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn delete_tier(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(tier): Path<String>,
) -> Done {
    owner(&staff)?;
    if !state.store.delete_tier(staff.business_id, &tier).await? {
        return Err(ApiError::not_found(format!("no tier called {tier:?}")));
    }
    Ok(StatusCode::NO_CONTENT)
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
    let mut promotion = valid_promotion(0, body)?;
    promotion.id = state
        .store
        .create_promotion(staff.business_id, &promotion)
        .await?;
    Ok((StatusCode::CREATED, Json(promotion)))
}

/// The promotion `id` as `body` describes it, once its values are checked.
fn valid_promotion(id: i64, body: NewPromotion) -> ApiResult<Promotion> {
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
    Ok(Promotion {
        id,
        name: promo_name,
        multiplier_pct: body.multiplier_pct,
        starts_at_ms: body.starts_at_ms,
        ends_at_ms: body.ends_at_ms,
        category,
    })
}

/// `GET /owner/promotions`: every promotion, past ones included, the latest
/// start first.
#[utoipa::path(get, path = "/owner/promotions", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Vec<Promotion>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_promotions(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
) -> ApiResult<Json<Vec<Promotion>>> {
    owner(&staff)?;
    Ok(Json(state.store.all_promotions(staff.business_id).await?))
}

/// `PUT /owner/promotions/{id}`: changes a promotion's terms.
#[utoipa::path(put, path = "/owner/promotions/{id}", tag = "owner", security(("staff_session" = [])),
    params(("id" = i64, Path, description = "The promotion's id")), request_body = NewPromotion,
    responses((status = 200, body = Promotion), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_promotion(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewPromotion>,
) -> ApiResult<Json<Promotion>> {
    owner(&staff)?;
    let id = id_in_path(&id, "promotion")?;
    let promotion = valid_promotion(id, body)?;
    if !state
        .store
        .update_promotion(staff.business_id, &promotion)
        .await?
    {
        return Err(ApiError::not_found(format!(
            "no promotion {id} at this business"
        )));
    }
    Ok(Json(promotion))
}

/// `DELETE /owner/promotions/{id}`: stops a promotion: a running one ends
/// now, a future one is removed, an ended one stays as it was.
#[utoipa::path(delete, path = "/owner/promotions/{id}", tag = "owner", security(("staff_session" = [])),
    params(("id" = i64, Path, description = "The promotion's id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn end_promotion(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(id): Path<String>,
) -> Done {
    owner(&staff)?;
    let id = id_in_path(&id, "promotion")?;
    let now = state.clock.now_ms();
    if !state
        .store
        .end_promotion(staff.business_id, id, now)
        .await?
    {
        return Err(ApiError::not_found(format!(
            "no promotion {id} at this business"
        )));
    }
    Ok(StatusCode::NO_CONTENT)
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
    owner_needs_password(body.role, &body.passcode)?;
    let new = NewStaff {
        username: username.clone(),
        display_name: display_name.clone(),
        role: body.role,
        secret_hash: hash_secret(body.passcode.expose().to_owned()).await,
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

/// `GET /owner/staff`: every account, retired ones included.
#[utoipa::path(get, path = "/owner/staff", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Vec<StaffAccount>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_staff(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
) -> ApiResult<Json<Vec<StaffAccount>>> {
    owner(&staff)?;
    Ok(Json(state.store.staff_accounts(staff.business_id).await?))
}

/// `PUT /owner/staff/{username}`: changes an account's display name, role or
/// passcode (a new passcode signs it out everywhere).
#[utoipa::path(put, path = "/owner/staff/{username}", tag = "owner", security(("staff_session" = [])),
    params(("username" = String, Path, description = "The account's user name")), request_body = StaffAccountUpdate,
    responses((status = 200, body = StaffAccount), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_staff(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(username): Path<String>,
    ApiJson(body): ApiJson<StaffAccountUpdate>,
) -> ApiResult<Json<StaffAccount>> {
    owner(&staff)?;
    if username == staff.username && body.role == Some(Role::Staff) {
        return Err(ApiError::Conflict {
            code: "cannot_demote_yourself",
            message: "an owner cannot make their own account a staff account; another owner can"
                .into(),
        });
    }
    let display_name = match &body.display_name {
        Some(n) => Some(name("display_name", n, 40)?),
        None => None,
    };
    if let Some(passcode) = &body.passcode {
        let role = match body.role {
            Some(role) => role,
            None => current_role(&state, &staff, &username).await?,
        };
        owner_needs_password(role, passcode)?;
    } else if body.role == Some(Role::Owner)
        && current_role(&state, &staff, &username).await? != Role::Owner
    {
        return Err(ApiError::invalid_field(
            "passcode",
            "an account becoming an owner needs a password in the same request",
        ));
    }
    let secret_hash = match &body.passcode {
        Some(p) => Some(hash_secret(p.expose().to_owned()).await),
        None => None,
    };
    state
        .store
        .update_staff(
            staff.business_id,
            &username,
            display_name.as_deref(),
            body.role,
            secret_hash.as_deref(),
        )
        .await?
        .map(Json)
        .ok_or_else(|| no_account(&username))
}

fn no_account(username: &str) -> ApiError {
    ApiError::not_found(format!("no active account {username:?} at this business"))
}

/// The role of an active account of the owner's business.
async fn current_role(state: &AppState, staff: &StaffRow, username: &str) -> ApiResult<Role> {
    state
        .store
        .staff_accounts(staff.business_id)
        .await?
        .into_iter()
        .find(|a| a.active && a.username == username)
        .map(|a| a.role)
        .ok_or_else(|| no_account(username))
}

/// `DELETE /owner/staff/{username}`: retires an account: it can no longer
/// sign in, its sessions end at once, and the ledger keeps its name.
#[utoipa::path(delete, path = "/owner/staff/{username}", tag = "owner", security(("staff_session" = [])),
    params(("username" = String, Path, description = "The account's user name")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn retire_staff(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(username): Path<String>,
) -> Done {
    owner(&staff)?;
    if username == staff.username {
        return Err(ApiError::Conflict {
            code: "cannot_retire_yourself",
            message: "an owner cannot retire their own account; another owner can".into(),
        });
    }
    if !state
        .store
        .retire_staff(staff.business_id, &username)
        .await?
    {
        return Err(no_account(&username));
    }
    Ok(StatusCode::NO_CONTENT)
}
