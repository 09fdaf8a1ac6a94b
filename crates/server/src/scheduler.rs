//! The scheduler: every server looks for due jobs twice a minute, claims
//! some (the store's `claim_jobs`: one server a job, a lease that runs out
//! if its server dies) and runs them. A job is a business's campaign passes;
//! what a pass writes is written once whatever runs it (see
//! `store::campaigns`), so a pass cut short is simply run again.

use std::time::Duration;

use futures_util::StreamExt;

use timbro_core::calendar::points_expiry_cutoff;

use crate::deliver::{Delivered, deliver};
use crate::state::AppState;
use crate::store::{PassBusiness, PassOutcome, job_business};

/// How often a business's campaigns are looked at.
pub const PASS_EVERY_MS: i64 = 15 * 60_000;
/// How long a claimed job is left to its server.
pub const LEASE_MS: i64 = 5 * 60_000;
/// The most jobs one server claims at a time.
const CLAIM: i64 = 16;
/// How many of them run at once: one business's slow pushes (each within
/// `deliver::PASS_BUDGET`) never hold back another's.
const JOBS_AT_ONCE: usize = 8;
/// How often each server looks for due jobs.
const TICK: Duration = Duration::from_secs(30);

/// What one run of the scheduler did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Run {
    /// Jobs run to the end.
    pub jobs: u64,
    /// Jobs that failed (left to their lease, run again later).
    pub failed: u64,
    /// What their passes wrote.
    pub written: PassOutcome,
    /// What their pushes did.
    pub delivered: Delivered,
}

/// Claims the jobs due now and runs them.
pub async fn run_due(state: &AppState) -> Result<Run, sqlx::Error> {
    let now = state.clock.now_ms();
    let jobs = state
        .store
        .claim_jobs(&state.instance, now, LEASE_MS, CLAIM)
        .await?;
    let mut run = Run::default();
    let mut jobs = futures_util::stream::iter(jobs)
        .map(|name| async move {
            let outcome = match job_business(&name) {
                Some(business_id) => run_business(state, business_id, now).await,
                None => Ok(Default::default()),
            };
            match outcome {
                Ok(done) => {
                    state
                        .store
                        .finish_job(&name, &state.instance, now + PASS_EVERY_MS)
                        .await?;
                    Ok(Some(done))
                }
                Err(e) => {
                    tracing::warn!(job = %name, error = %e, "a scheduled job failed; it runs again when its lease ends");
                    Ok::<_, sqlx::Error>(None)
                }
            }
        })
        .buffer_unordered(JOBS_AT_ONCE);
    while let Some(job) = jobs.next().await {
        match job? {
            Some((written, delivered)) => {
                run.jobs += 1;
                run.written.messages += written.messages;
                run.written.offers += written.offers;
                run.written.expired += written.expired;
                run.delivered.add(delivered);
            }
            None => run.failed += 1,
        }
    }
    Ok(run)
}

/// A business's enabled campaigns, each pass in turn, then the pushes of
/// what they wrote.
async fn run_business(
    state: &AppState,
    business_id: i64,
    now: i64,
) -> Result<(PassOutcome, Delivered), sqlx::Error> {
    let Some(business) = state.store.business_by_id(business_id).await? else {
        return Ok(Default::default());
    };
    let pass = PassBusiness::of(&business);
    let mut total = PassOutcome::default();
    for campaign in state.store.campaigns(business_id).await? {
        if !campaign.settings.enabled {
            continue;
        }
        let written = state.store.campaign_pass(&pass, &campaign, now).await?;
        total.messages += written.messages;
        total.offers += written.offers;
    }
    // After the reminders: a card reminded in this pass has days left.
    let months = pass.expire_months;
    let expired = if months > 0 {
        state
            .store
            .expire_points(business_id, points_expiry_cutoff(now, months), now)
            .await?
    } else {
        0
    };
    total.expired += expired;
    if total.messages > 0 || expired > 0 {
        // The open wallets of this business fetch their cards again: a new
        // message, or points gone, shows at once.
        state.program_changed(business_id);
    }
    let delivered = deliver(state, &business, now).await?;
    Ok((total, delivered))
}

/// Runs the scheduler in the background until the server stops.
pub fn start(state: AppState) {
    let mut stopping = state.stopping.subscribe();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = tokio::time::sleep(TICK) => {}
                _ = stopping.changed() => return,
            }
            if let Err(e) = run_due(&state).await {
                tracing::warn!(error = %e, "the scheduler could not look for due jobs");
            }
            // Rate limits forget the clients that have gone quiet.
            state.limits.prune();
        }
    });
}
