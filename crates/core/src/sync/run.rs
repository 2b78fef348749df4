//! One sync of one source, start to end: find the token, ask for every page since the last
//! month held, check all of it, compare with the person of the profile, take a backup, and
//! write everything in one transaction together with the run's record. Any failure or a
//! cancel before that commit writes nothing but the run's record (outcome, error), so the
//! last good data stays exactly as it was.

use super::client::{ProviderClient, Timeouts};
use super::error::{Endpoint, SchemaProblem, SyncError};
use super::progress::{CancelFlag, ProgressFn, SyncProgress};
use super::protocol::{self, Item, Person, ReadError};
use super::retry::RetryPolicy;
use super::source::{check_token_env, token_for};
use crate::ingest::person::{self, PersonMismatch, PersonSeen};
use crate::model::{
    BalanceOrigin, BalanceSnapshot, Contribution, HttpSource, InsuranceKind, Payer, Profile,
    ProfileId, SourceId, SyncOutcome, SyncRun, YearMonth,
};
use crate::secrets::EnvLookup;
use crate::secrets::SecretStore;
use crate::store::auto_backup;
use crate::{Error, Lang, Result, Store};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOptions {
    /// Write even though the provider names another person than the profile.
    pub force: bool,
    /// Ask for everything, not only from the last month held (a provider may have corrected
    /// an old month, or filled it with a back payment).
    pub full: bool,
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
    /// The most pages one sync reads: a provider whose `next_page` never ends is a bug.
    pub max_pages: u32,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            force: false,
            full: false,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            max_pages: 1000,
        }
    }
}

/// What a successful sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub source: String,
    pub source_id: SourceId,
    pub profile: ProfileId,
    /// The month asked from; `None` for a full sync.
    pub since: Option<YearMonth>,
    pub pages: u32,
    pub items: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub balances: usize,
    /// The provider's `as_of`, as sent.
    pub as_of: String,
    /// The automatic backup taken before writing; `None` when nothing changed.
    pub backup: Option<PathBuf>,
    /// Set when the provider named another person and the sync was forced.
    pub person_mismatch: Option<PersonMismatch>,
}

/// What a run got to before it ended, for its record.
#[derive(Debug, Default)]
struct Tally {
    since: Option<YearMonth>,
    pages: u32,
    items: usize,
    as_of: Option<String>,
}

/// Syncs the HTTP source `name`. See the module doc for what happens, and
/// [`sync_source`] for a blocking call. `env` reads the token's environment variable.
pub async fn sync_source_async(
    store: &mut Store,
    name: &str,
    secrets: &dyn SecretStore,
    env: EnvLookup<'_>,
    options: &SyncOptions,
    progress: ProgressFn<'_>,
    cancel: &CancelFlag,
) -> Result<SyncReport> {
    let started = Utc::now();
    let source = store
        .http_source(name)?
        .ok_or_else(|| SyncError::UnknownSource {
            name: name.to_string(),
        })?;
    let mut tally = Tally::default();
    let result = run(
        store, &source, secrets, env, options, progress, cancel, started, &mut tally,
    )
    .await;
    if let Err(error) = &result {
        let run = SyncRun {
            source: source.source.id,
            started_at: started,
            finished_at: Utc::now(),
            outcome: match error {
                Error::Cancelled => SyncOutcome::Cancelled,
                _ => SyncOutcome::Failed,
            },
            since: tally.since,
            pages: tally.pages,
            items: tally.items,
            added: 0,
            updated: 0,
            unchanged: 0,
            balances: 0,
            provider_as_of: tally.as_of,
            error_code: Some(error.code().to_string()),
            error_message: Some(error.message(Lang::En)),
        };
        // The error the user must see is the sync's own; a record that cannot be written
        // (the database went away) must not hide it.
        let _ = store.record_sync_run(&run);
    }
    result
}

/// [`sync_source_async`] on a runtime of its own, for callers without one (the CLI). Must
/// not be called from inside an async runtime.
pub fn sync_source(
    store: &mut Store,
    name: &str,
    secrets: &dyn SecretStore,
    env: EnvLookup<'_>,
    options: &SyncOptions,
    progress: ProgressFn<'_>,
    cancel: &CancelFlag,
) -> Result<SyncReport> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SyncError::Connect {
            source_name: name.to_string(),
            reason: format!("could not start the network runtime: {e}"),
        })?;
    runtime.block_on(sync_source_async(
        store, name, secrets, env, options, progress, cancel,
    ))
}

#[allow(clippy::too_many_arguments)]
async fn run(
    store: &mut Store,
    source: &HttpSource,
    secrets: &dyn SecretStore,
    env: EnvLookup<'_>,
    options: &SyncOptions,
    progress: ProgressFn<'_>,
    cancel: &CancelFlag,
    started: DateTime<Utc>,
    tally: &mut Tally,
) -> Result<SyncReport> {
    let name = source.source.name.as_str();
    let profile = store
        .profile(source.profile)?
        .ok_or_else(|| Error::UnknownProfile {
            query: source.profile.to_string(),
        })?;
    tally.since = if options.full {
        None
    } else {
        store.last_month_from(profile.id, source.source.id)?
    };
    if let Some(var) = &source.token_env {
        check_token_env(store, var)?;
    }
    let token = token_for(source, secrets, env)?;
    let client = ProviderClient::new(
        name,
        source.base_url(),
        token,
        options.timeouts,
        options.retry,
    )?;

    let (person, items) =
        fetch_contributions(&client, name, options, progress, cancel, tally).await?;
    progress(SyncProgress::Balances);
    let balances = match client
        .get(Endpoint::Balances, &[], true, progress, cancel)
        .await?
    {
        Some(body) => Some(
            protocol::read_balances(&body).map_err(|e| read_error(name, Endpoint::Balances, e))?,
        ),
        None => None,
    };

    let mismatch = person_mismatch(&person, &profile);
    if let (Some(mismatch), false) = (&mismatch, options.force) {
        return Err(SyncError::PersonMismatch {
            source_name: name.to_string(),
            mismatch: mismatch.clone(),
        }
        .into());
    }
    let records = to_records(items, profile.id, source.source.id, name)?;
    let balances: Vec<BalanceSnapshot> = balances
        .map(|b| b.items)
        .unwrap_or_default()
        .into_iter()
        .map(|b| BalanceSnapshot {
            profile: profile.id,
            kind: b.kind,
            as_of: b.as_of,
            amount: b.balance,
            origin: BalanceOrigin::Reported,
            source: source.source.id,
        })
        .collect();
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }

    // Everything is in and checked. Back up first when something will change.
    let planned = store.compare_contributions(&records)?;
    let backup = if planned.inserted + planned.updated > 0 || balances_change(store, &balances)? {
        Some(auto_backup(store)?)
    } else {
        None
    };
    let as_of = tally.as_of.clone().unwrap_or_default();
    let record = SyncRun {
        source: source.source.id,
        started_at: started,
        finished_at: Utc::now(),
        outcome: SyncOutcome::Ok,
        since: tally.since,
        pages: tally.pages,
        items: tally.items,
        added: 0,
        updated: 0,
        unchanged: 0,
        balances: 0,
        provider_as_of: Some(as_of.clone()),
        error_code: None,
        error_message: None,
    };
    let total = records.len();
    let written = store.commit_sync(
        source.source.id,
        &records,
        &balances,
        &record,
        &mut |done| {
            progress(SyncProgress::Writing { done, total });
            if cancel.is_cancelled() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    )?;
    Ok(SyncReport {
        source: name.to_string(),
        source_id: source.source.id,
        profile: profile.id,
        since: tally.since,
        pages: tally.pages,
        items: tally.items,
        added: written.inserted,
        updated: written.updated,
        unchanged: written.unchanged,
        balances: balances.len(),
        as_of,
        backup,
        person_mismatch: mismatch,
    })
}

/// An item with the page and index it came from, for messages.
struct Placed {
    page: u32,
    index: usize,
    item: Item,
}

/// Every page, from 1 to the last `next_page`, each read and checked before the next is
/// asked for; the person must be the same on all of them.
async fn fetch_contributions(
    client: &ProviderClient,
    name: &str,
    options: &SyncOptions,
    progress: ProgressFn<'_>,
    cancel: &CancelFlag,
    tally: &mut Tally,
) -> Result<(Person, Vec<Placed>)> {
    let mut page = 1;
    let mut person: Option<Person> = None;
    let mut items = Vec::new();
    loop {
        progress(SyncProgress::Fetching {
            page,
            items: items.len(),
        });
        let endpoint = Endpoint::Contributions { page };
        let mut query = Vec::with_capacity(2);
        if let Some(since) = tally.since {
            query.push(("since", since.to_string()));
        }
        query.push(("page", page.to_string()));
        let body = client
            .get(endpoint, &query, false, progress, cancel)
            .await?
            .ok_or(SyncError::Status {
                source_name: name.to_string(),
                endpoint,
                status: 404,
            })?;
        let read = protocol::read_contributions_page(&body, page)
            .map_err(|e| read_error(name, endpoint, e))?;
        tally.pages += 1;
        tally.items += read.items.len();
        tally.as_of = Some(read.as_of.to_rfc3339());
        match &person {
            None => person = Some(read.person),
            Some(first) if *first != read.person => {
                return Err(SyncError::Schema {
                    source_name: name.to_string(),
                    endpoint,
                    path: "person".into(),
                    problem: SchemaProblem::PersonChanged,
                }
                .into())
            }
            Some(_) => {}
        }
        items.extend(
            read.items
                .into_iter()
                .enumerate()
                .map(|(index, item)| Placed { page, index, item }),
        );
        match read.next_page {
            None => break,
            Some(_) if tally.pages >= options.max_pages => {
                return Err(SyncError::TooManyPages {
                    source_name: name.to_string(),
                    max: options.max_pages,
                }
                .into())
            }
            Some(next) => page = next,
        }
    }
    Ok((person.expect("at least one page was read"), items))
}

/// Records for the store. The same kind, month and payer twice (pages may overlap when the
/// provider's data moves between two requests) is kept once if equal, refused if not.
fn to_records(
    items: Vec<Placed>,
    profile: ProfileId,
    source: SourceId,
    name: &str,
) -> Result<Vec<Contribution>> {
    let mut seen: HashMap<(InsuranceKind, YearMonth, Payer), (u32, usize, usize)> = HashMap::new();
    let mut records: Vec<Contribution> = Vec::with_capacity(items.len());
    for Placed { page, index, item } in items {
        let record = Contribution {
            period_line: None,
            profile,
            kind: item.kind,
            month: item.month,
            region: item.region,
            payer: item.payer,
            base: item.base,
            personal: item.personal,
            employer: item.employer,
            credited: item.to_account,
            status: item.status,
            source,
        };
        let key = (record.kind, record.month, record.payer.clone());
        match seen.get(&key) {
            Some(&(_, _, at)) if records[at] == record => {}
            Some(&(first_page, first_index, _)) => {
                return Err(SyncError::Schema {
                    source_name: name.to_string(),
                    endpoint: Endpoint::Contributions { page },
                    path: format!("items[{index}]"),
                    problem: SchemaProblem::Conflict {
                        page: first_page,
                        index: first_index,
                    },
                }
                .into())
            }
            None => {
                seen.insert(key, (page, index, records.len()));
                records.push(record);
            }
        }
    }
    Ok(records)
}

/// The provider's person against the profile, as a file import compares them.
fn person_mismatch(person: &Person, profile: &Profile) -> Option<PersonMismatch> {
    let mut seen = PersonSeen::default();
    seen.add_name(0, &person.name);
    if let Some(id) = &person.id_number {
        seen.add_id(0, id);
    }
    person::check(&seen, profile)
}

/// Whether writing `balances` would change a stored one.
fn balances_change(store: &Store, balances: &[BalanceSnapshot]) -> Result<bool> {
    let Some(first) = balances.first() else {
        return Ok(false);
    };
    let stored = store.balances(first.profile)?;
    Ok(balances.iter().any(|b| {
        !stored.iter().any(|s| {
            s.kind == b.kind
                && s.as_of == b.as_of
                && s.origin == b.origin
                && s.amount == b.amount
                && s.source == b.source
        })
    }))
}

fn read_error(name: &str, endpoint: Endpoint, error: ReadError) -> Error {
    let source_name = name.to_string();
    match error {
        ReadError::Truncated => SyncError::Truncated {
            source_name,
            endpoint,
        },
        ReadError::Malformed {
            line,
            column,
            reason,
        } => SyncError::Malformed {
            source_name,
            endpoint,
            line,
            column,
            reason,
        },
        ReadError::Schema { path, problem } => SyncError::Schema {
            source_name,
            endpoint,
            path,
            problem,
        },
    }
    .into()
}
