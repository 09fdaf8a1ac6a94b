//! The customer's side: joining and reading one's own card.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use timbro_core::api::{Card, ErrorBody, ErrorCode, FeedbackAsk, JoinRequest, Offer};
use timbro_core::calendar::{Birthday, birthday_gift_due, points_expire_at};
use timbro_core::lang::Lang;
use timbro_core::ledger::TIER_WINDOW_MS;
use timbro_core::standing::{reward_statuses, tier_status};
use timbro_core::{MemberCode, StampProgress};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::businesses;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, CardAuth, ClientIp};
use crate::proxy::ClientNet;
use crate::secrets::token_hash;
use crate::state::{AppState, LiveChange};
use crate::store::{BusinessRow, CardDetails, CardKey, CardRow, JoinOutcome, NewCard};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(join))
        .routes(routes!(show))
        .routes(routes!(events))
}

/// `GET /cards/{member_code}/events?key=…`: server-sent events for the
/// card's own wallet: an event `changed` (data: the new `stamps` and
/// `points`) each time staff add a visit, confirm a redemption or undo one,
/// and (data `{}`) each time the owner changes the program the card shows,
/// so the open wallet fetches the card again at once. `key` is the hex SHA-256 of the card token (what the
/// server stores), so the token itself never appears in a URL; the stream
/// carries no card data. Browsers' `EventSource` reconnects by itself.
/// Streams held open are capped per card, per address and in all
/// ([`crate::streams`]).
#[utoipa::path(get, path = "/cards/{member_code}/events", tag = "customer",
    params(("member_code" = String, Path, description = "The card's member code"),
        ("key" = String, Query, description = "Hex SHA-256 of the card token")),
    responses((status = 200, content_type = "text/event-stream", description = "`changed` events; a comment every 15 s keeps the connection open"),
        (status = 404, body = ErrorBody),
        (status = 429, description = "Too many reads, or too many streams open on this card or from this address; the wallet fetches the card now and then instead", body = ErrorBody),
        (status = 503, description = "The server holds all the streams it holds", body = ErrorBody)))]
async fn events(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> ApiResult<Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>>> {
    let net = ClientNet::of(ip);
    state.limit(|l| &l.card_read_per_ip, &net)?;
    let not_found = || ApiError::not_found("no such card");
    let code = MemberCode::parse(&code).map_err(|_| not_found())?;
    let key = query
        .get("key")
        .filter(|k| k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(not_found)?;
    let card = state
        .store
        .card_by_token_hash(&key.to_ascii_lowercase())
        .await?
        .filter(|c| c.member_code == code)
        .ok_or_else(not_found)?;
    // Held until the stream ends, however it ends.
    let slot = state.streams.open(card.id, net).map_err(|full| {
        state.metrics.refused(full.limit());
        ApiError::StreamsFull(full)
    })?;
    let (watched, business) = (card.id, card.business_id);
    let changes = state.card_changes.subscribe();
    let stopping = state.stopping.subscribe();
    let stream = futures_util::stream::unfold(
        (changes, stopping, slot),
        move |(mut changes, mut stopping, slot)| async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                let change = tokio::select! {
                    _ = stopping.wait_for(|stop| *stop) => return None,
                    change = changes.recv() => change,
                };
                let data = match change {
                    Ok(LiveChange::Card(c)) if c.card_id == watched => {
                        format!(r#"{{"stamps":{},"points":{}}}"#, c.stamps, c.points)
                    }
                    // The program this card shows changed (a reward retired…).
                    Ok(LiveChange::Program { business_id }) if business_id == business => {
                        "{}".to_owned()
                    }
                    Ok(_) => continue,
                    // Missed some changes: one of them may be ours.
                    Err(RecvError::Lagged(_)) => "{}".to_owned(),
                    Err(RecvError::Closed) => return None,
                };
                let event = Event::default().event("changed").data(data);
                return Some((Ok(event), (changes, stopping, slot)));
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15))))
}

/// Entries of history shown on the card.
const HISTORY_LEN: i64 = 20;

/// The customer's view of a card.
pub async fn card_view(
    state: &AppState,
    card: &CardRow,
    business: &BusinessRow,
) -> ApiResult<Card> {
    let now = state.clock.now_ms();
    let details = state
        .store
        .card_details(CardKey::Id(card.id), now - TIER_WINDOW_MS)
        .await?
        .ok_or_else(|| ApiError::not_found("this card no longer exists"))?;
    let card = &details.card;
    let stamps = u32::try_from(card.stamps).unwrap_or(u32::MAX);
    let required = business.public.stamp_card.stamps_required;
    let rewards = state.store.rewards(business.id).await?;
    let offers = offers(state, business, &details, now).await?;
    let messages = state
        .store
        .card_messages(card.id, now - MESSAGES_SHOWN_MS, MESSAGES_SHOWN)
        .await?;
    let history = state.store.history(card.id, HISTORY_LEN).await?;
    let months = business.public.points.expire_months;
    let feedback = state
        .store
        .feedback_ask(card.id, now)
        .await?
        .map(|visit| FeedbackAsk { visit });
    Ok(Card {
        member_code: card.member_code,
        progress: StampProgress::new(stamps, required),
        stamps,
        points: card.points,
        joined_at_ms: card.created_at_ms,
        business: business.public.clone(),
        rewards: reward_statuses(&rewards, card.points, card.stamps, required),
        redeem_secret: details.redeem_secret.clone(),
        server_time_ms: now,
        tier: (!business.public.tiers.is_empty())
            .then(|| tier_status(&business.public.tiers, details.tier_points)),
        first_name: details.first_name.clone(),
        history,
        offers,
        feedback,
        points_expire_at_ms: (months > 0 && card.points > 0)
            .then(|| points_expire_at(details.last_active_ms, months)),
        messages,
    })
}

/// The most messages shown on a card, and for how long after they were
/// written.
const MESSAGES_SHOWN: i64 = 5;
const MESSAGES_SHOWN_MS: i64 = 60 * timbro_core::calendar::DAY_MS;

/// The birthday gift if it is due, the offers the card holds (soonest to
/// end first), and the promotions running now.
async fn offers(
    state: &AppState,
    business: &BusinessRow,
    details: &CardDetails,
    now: i64,
) -> ApiResult<Vec<Offer>> {
    let mut offers = Vec::new();
    if let Some(rule) = business.public.birthday
        && let Some((_, until_ms)) = birthday_gift_due(
            details.birthday,
            rule.window_days,
            details.birthday_year,
            now,
        )
    {
        offers.push(Offer::Birthday {
            points: rule.points,
            until_ms,
        });
    }
    for held in state.store.card_offers(details.card.id, now).await? {
        let (kind, value, name) = held.gift.parts();
        offers.push(Offer::Held {
            id: held.id,
            gift: kind.to_owned(),
            value: u32::try_from(value).unwrap_or(0),
            name: name.to_owned(),
            until_ms: held.expires_at,
        });
    }
    for p in state.store.current_promotions(business.id, now).await? {
        if p.is_active(now) {
            offers.push(Offer::Promotion {
                name: p.name,
                multiplier_pct: p.multiplier_pct,
                category: p.category,
                until_ms: p.ends_at_ms,
            });
        }
    }
    Ok(offers)
}

/// `POST /businesses/{slug}/cards`: 201 with a new card, or 200 with the card
/// this token already has (a retried join never makes a second card).
#[utoipa::path(post, path = "/businesses/{slug}/cards", tag = "customer",
    params(("slug" = String, Path, description = "The business's URL name"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body replay the first answer.")),
    request_body = JoinRequest,
    responses((status = 201, description = "A new card", body = Card),
        (status = 200, description = "The card this token already has", body = Card),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn join(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<JoinRequest>,
) -> ApiResult<(StatusCode, Json<Card>)> {
    state.limit(|l| &l.join_per_ip, &ClientNet::of(ip))?;
    let business = businesses::find(&state, &slug).await?;
    let mut profile = new_card(&state, &business, &body).await?;
    // The card's messages are written in the language its browser asks for.
    profile.lang = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language);
    let hash = token_hash(body.card_token.expose());
    // A phone that still holds an erased card's token is told so, rather
    // than given a new card under the old token.
    if state.store.token_erased(&hash).await? {
        return Err(ApiError::card_erased());
    }
    let outcome = state
        .store
        .join(business.id, &hash, &profile, state.clock.now_ms())
        .await?;
    match outcome {
        JoinOutcome::Created(card) => Ok((
            StatusCode::CREATED,
            Json(card_view(&state, &card, &business).await?),
        )),
        JoinOutcome::Existing(card) => Ok((
            StatusCode::OK,
            Json(card_view(&state, &card, &business).await?),
        )),
        JoinOutcome::TokenTaken => Err(ApiError::Conflict {
            code: ErrorCode::TokenInUse,
            message: "this card token already belongs to another business's card; make a new token"
                .into(),
        }),
    }
}

/// Checks the optional profile fields of a join and resolves the referrer.
async fn new_card(
    state: &AppState,
    business: &BusinessRow,
    body: &JoinRequest,
) -> ApiResult<NewCard> {
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let table = clean(&body.table);
    if table
        .as_ref()
        .is_some_and(|t| t.chars().count() > JoinRequest::MAX_TABLE_CHARS)
    {
        return Err(ApiError::invalid_field(
            "table",
            format!(
                "must be at most {} characters",
                JoinRequest::MAX_TABLE_CHARS
            ),
        ));
    }
    let first_name = clean(&body.first_name);
    if first_name
        .as_ref()
        .is_some_and(|n| n.chars().count() > 40 || n.chars().any(char::is_control))
    {
        return Err(ApiError::invalid_field(
            "first_name",
            "must be at most 40 characters, without control characters",
        ));
    }
    let birthday = match clean(&body.birthday) {
        None => None,
        Some(text) => Some(Birthday::parse(&text).ok_or_else(|| {
            ApiError::invalid_field(
                "birthday",
                "must be a real date written as MM-DD, e.g. 03-14",
            )
        })?),
    };
    // A referral link that no longer matches a card must not stop anyone
    // from joining: the referral is simply not recorded.
    let referred_by = match body.referrer {
        Some(code) if business.public.referral.is_some() => state
            .store
            .card_by_member_code(business.id, &code)
            .await?
            .map(|c| c.id),
        _ => None,
    };
    Ok(NewCard {
        table,
        first_name,
        birthday,
        referred_by,
        welcome_points: business.public.welcome_points,
        lang: None,
    })
}

/// `GET /cards/{member_code}`: the caller's own card. Any other member code
/// answers 404, whether or not such a card exists.
#[utoipa::path(get, path = "/cards/{member_code}", tag = "customer",
    params(("member_code" = String, Path, description = "The card's member code")),
    security(("card_token" = [])),
    responses((status = 200, body = Card), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
async fn show(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    auth: CardAuth,
    Path(code): Path<String>,
) -> ApiResult<Json<Card>> {
    let card = auth.named(&state, ip, &code)?;
    let business = state
        .store
        .business_by_id(card.business_id)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("card {} has no business", card.id)))?;
    Ok(Json(card_view(&state, &card, &business).await?))
}
