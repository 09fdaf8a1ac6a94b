//! The server's commands for whoever runs it: `timbro-server` serves;
//! `timbro-server business invite` prints a new setup link;
//! `timbro-server business create --name … --owner …` opens a business
//! straight from the terminal; `timbro-server backup FILE` and
//! `timbro-server restore FILE [--replace]` copy the SQLite database out and
//! back (see [`crate::backup`]).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use timbro_core::api::BusinessSetup;
use timbro_core::validate::{self, OpenBusiness};
use timbro_core::{SetupToken, Slug};

use crate::backup;
use crate::onboarding;
use crate::secrets::random_password;
use crate::settings::Settings;
use crate::store::{OpenOutcome, Store};

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Run the server.
    Serve,
    /// Print a new setup link.
    Invite,
    /// Open a business now.
    Create(Create),
    /// Copy the live SQLite database to a new file.
    Backup(PathBuf),
    /// Put a backup in place of the database; `replace` moves an existing
    /// one aside.
    Restore { from: PathBuf, replace: bool },
}

/// `timbro-server`: the command line as clap reads it.
#[derive(Debug, Parser)]
#[command(
    name = "timbro-server",
    version,
    about = "Timbro's server: the loyalty cards' API, the wallet, the counter and the back office.",
    long_about = "Timbro's server: the loyalty cards' API, the wallet, the counter and the back office.\n\n\
        Without a command it serves. Settings come from timbro.toml (or the file in TIMBRO_CONFIG) \
        and TIMBRO_* environment variables: see the README."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Top>,
}

#[derive(Debug, Subcommand)]
enum Top {
    /// Open businesses of your own.
    #[command(subcommand)]
    Business(Business),
    /// Copy the SQLite database, live, to FILE (a new file; never overwritten).
    Backup {
        /// Where the copy goes.
        file: PathBuf,
    },
    /// Put a backup in place of the database (with the server stopped).
    Restore {
        /// The backup.
        file: PathBuf,
        /// Move the database that is there aside (it is never deleted).
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Debug, Subcommand)]
enum Business {
    /// Print a one-time link that opens a business.
    Invite,
    /// Open a business now (a password is made if none is given).
    Create(Create),
}

/// `business create`'s options.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct Create {
    /// The business's name, as customers see it.
    #[arg(long)]
    name: String,
    /// The owner's user name.
    #[arg(long)]
    owner: String,
    /// The name in its links (made from the name if not given).
    #[arg(long)]
    slug: Option<String>,
    /// The owner's name as shown (the user name if not given).
    #[arg(long)]
    owner_name: Option<String>,
    /// The owner's password (one is made and printed if not given).
    #[arg(long)]
    password: Option<String>,
    /// The business's language.
    #[arg(long, default_value = "it", value_parser = ["it", "en", "pl"])]
    locale: String,
    /// Its currency (ISO 4217).
    #[arg(long, default_value = "EUR")]
    currency: String,
}

/// Reads the arguments after the program's name. `--help` and `--version`
/// come back as an error whose `exit` prints them and ends with success.
pub fn parse<S: AsRef<str>>(args: &[S]) -> Result<Command, clap::Error> {
    let words = std::iter::once("timbro-server").chain(args.iter().map(AsRef::as_ref));
    let cli = Cli::try_parse_from(words)?;
    Ok(match cli.command {
        None => Command::Serve,
        Some(Top::Business(Business::Invite)) => Command::Invite,
        Some(Top::Business(Business::Create(create))) => Command::Create(create),
        Some(Top::Backup { file }) => Command::Backup(file),
        Some(Top::Restore { file, replace }) => Command::Restore {
            from: file,
            replace,
        },
    })
}

/// Runs a command against the configured database; returns what to print.
pub async fn run(settings: &Settings, command: Command) -> Result<String, String> {
    let now = crate::state::Clock::default().now_ms();
    let url = settings.database_url();
    match command {
        Command::Backup(out) => {
            let summary = backup::backup(&url, &out)
                .await
                .map_err(|e| format!("no backup was made: {e}"))?;
            return Ok(format!("Backed up to {}: {summary}.\n", out.display()));
        }
        Command::Restore { from, replace } => {
            let (summary, aside) = backup::restore(&url, &from, replace, now)
                .await
                .map_err(|e| format!("nothing was restored: {e}"))?;
            let aside = aside
                .map(|p| format!("The database that was there is kept as {}.\n", p.display()))
                .unwrap_or_default();
            return Ok(format!(
                "Restored {} ({summary}). Start the server to use it.\n{aside}",
                from.display()
            ));
        }
        _ => {}
    }
    let store = Store::open(&settings.database_url())
        .await
        .map_err(|e| e.to_string())?;
    let base_url = settings.base_url(settings.addr);
    let out = match command {
        Command::Serve | Command::Backup(_) | Command::Restore { .. } => {
            return Err("not a business command".into());
        }
        Command::Invite => {
            let link = onboarding::invite(&store, &base_url, now)
                .await
                .map_err(|e| format!("cannot make a setup link: {e}"))?;
            format!(
                "A one-time link that opens one business (good for {} days):\n\n    {link}\n",
                onboarding::SETUP_LINK_MS / 86_400_000
            )
        }
        Command::Create(create) => open_now(&store, &base_url, create, now).await?,
    };
    store.close().await;
    Ok(out)
}

/// `business create`: checked by the same rules as the back office's form.
async fn open_now(
    store: &Store,
    base_url: &str,
    create: Create,
    now: i64,
) -> Result<String, String> {
    let made_password = create.password.is_none();
    let password = create.password.unwrap_or_else(random_password);
    let slug = match create.slug {
        Some(slug) => slug,
        None => Slug::from_name(&create.name)
            .map(|s| s.to_string())
            .ok_or("the name gives no slug: pass --slug")?,
    };
    let body = BusinessSetup {
        // Not used: the terminal needs no link.
        setup_token: SetupToken::from_random([0; 32]),
        owner_display_name: create.owner_name.unwrap_or_else(|| create.owner.clone()),
        name: create.name,
        slug,
        locale: create.locale,
        currency: create.currency,
        owner_username: create.owner,
        owner_password: password.clone(),
    };
    let business: OpenBusiness = validate::open_business(&body).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("  {}: {}", p.field, p.problem.english()))
            .collect();
        format!("the business was not opened:\n{}", lines.join("\n"))
    })?;
    let place = crate::hashing::Hashing::default().wait_for_place().await;
    match onboarding::open(store, None, &business, place, now).await {
        Ok(OpenOutcome::Opened { .. }) => {}
        Ok(OpenOutcome::SlugTaken) => {
            return Err(format!(
                "another business is called {:?}: pass another --slug",
                business.slug.as_str()
            ));
        }
        Ok(OpenOutcome::LinkInvalid) => unreachable!("no link was given"),
        Err(e) => return Err(format!("cannot open the business: {e}")),
    }
    let password_line = if made_password {
        format!(" with the password {password} (shown only now)")
    } else {
        String::new()
    };
    Ok(format!(
        "Opened {:?} as {}.\nThe owner {:?} signs in{password_line}.\n\n{}",
        business.name,
        business.slug,
        business.owner_username,
        onboarding::links(base_url, &business.slug)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn the_commands_read_as_documented() {
        let empty: [&str; 0] = [];
        assert_eq!(parse(&empty).unwrap(), Command::Serve);
        assert_eq!(parse(&args("business invite")).unwrap(), Command::Invite);
        let Ok(Command::Create(create)) = parse(&args(
            "business create --name Forno --owner marco --locale pl",
        )) else {
            panic!("create not read");
        };
        assert_eq!(
            (create.name.as_str(), create.owner.as_str()),
            ("Forno", "marco")
        );
        assert_eq!(
            (create.locale.as_str(), create.currency.as_str()),
            ("pl", "EUR")
        );
        assert!(parse(&args("business create --name Forno")).is_err());
        assert!(parse(&args("business create --name")).is_err());
        assert!(parse(&args("business create --name F --owner m --locale fr")).is_err());
        assert!(parse(&args("business delete")).is_err());
        assert_eq!(
            parse(&args("backup /b/t.db")).unwrap(),
            Command::Backup(PathBuf::from("/b/t.db"))
        );
        assert_eq!(
            parse(&args("restore t.db --replace")).unwrap(),
            Command::Restore {
                from: PathBuf::from("t.db"),
                replace: true
            }
        );
        assert!(parse(&args("restore t.db --force")).is_err());
        assert!(parse(&args("backup")).is_err());
        assert!(parse(&args("serve now")).is_err());
    }

    #[test]
    fn help_version_and_typos_are_answered() {
        let help = parse(&args("--help")).unwrap_err();
        assert_eq!(help.kind(), clap::error::ErrorKind::DisplayHelp);
        assert!(help.to_string().contains("backup"), "{help}");
        let version = parse(&args("--version")).unwrap_err();
        assert_eq!(version.kind(), clap::error::ErrorKind::DisplayVersion);
        let typo = parse(&args("bakup x.db")).unwrap_err().to_string();
        assert!(
            typo.contains("backup"),
            "a hint at the command meant: {typo}"
        );
        let typo = parse(&args("business create --nam F --owner m"))
            .unwrap_err()
            .to_string();
        assert!(typo.contains("--name"), "{typo}");
    }
}
