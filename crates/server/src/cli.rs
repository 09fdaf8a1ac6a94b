//! The server's commands for whoever runs it: `timbro-server` serves;
//! `timbro-server business invite` prints a new setup link;
//! `timbro-server business create --name … --owner …` opens a business
//! straight from the terminal; `timbro-server backup FILE` and
//! `timbro-server restore FILE [--replace]` copy the SQLite database out and
//! back (see [`crate::backup`]).

use std::path::PathBuf;

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

/// `business create`'s options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Create {
    name: String,
    slug: Option<String>,
    owner: String,
    owner_name: Option<String>,
    password: Option<String>,
    locale: String,
    currency: String,
}

/// How to call the commands.
pub const USAGE: &str = "usage:
  timbro-server                                   run the server
  timbro-server business invite                   print a one-time link that opens a business
  timbro-server business create --name NAME --owner USER
        [--slug SLUG] [--owner-name NAME] [--password PASSWORD]
        [--locale it|en|pl] [--currency EUR]      open a business now (a password is made if none is given)
  timbro-server backup FILE                       copy the SQLite database, live, to FILE (a new file)
  timbro-server restore FILE [--replace]          put a backup in place of the database (the server stopped;
                                                  --replace moves the database there aside, never deletes it)";

/// Reads the arguments after the program's name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    match args {
        [] => Ok(Command::Serve),
        [group, verb] if group == "business" && verb == "invite" => Ok(Command::Invite),
        [group, verb, options @ ..] if group == "business" && verb == "create" => {
            parse_create(options).map(Command::Create)
        }
        [verb, file] if verb == "backup" => Ok(Command::Backup(PathBuf::from(file))),
        [verb, file] if verb == "restore" => Ok(Command::Restore {
            from: PathBuf::from(file),
            replace: false,
        }),
        [verb, file, flag] if verb == "restore" && flag == "--replace" => Ok(Command::Restore {
            from: PathBuf::from(file),
            replace: true,
        }),
        _ => Err(format!("unknown command {:?}\n{USAGE}", args.join(" "))),
    }
}

fn parse_create(options: &[String]) -> Result<Create, String> {
    let mut create = Create {
        locale: "it".into(),
        currency: "EUR".into(),
        ..Create::default()
    };
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("{option} needs a value\n{USAGE}"))
        };
        match option.as_str() {
            "--name" => create.name = value()?,
            "--slug" => create.slug = Some(value()?),
            "--owner" => create.owner = value()?,
            "--owner-name" => create.owner_name = Some(value()?),
            "--password" => create.password = Some(value()?),
            "--locale" => create.locale = value()?,
            "--currency" => create.currency = value()?,
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    if create.name.is_empty() || create.owner.is_empty() {
        return Err(format!("--name and --owner are needed\n{USAGE}"));
    }
    Ok(create)
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
    match onboarding::open(store, None, &business, now).await {
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
        assert_eq!(parse(&[]), Ok(Command::Serve));
        assert_eq!(parse(&args("business invite")), Ok(Command::Invite));
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
        assert!(parse(&args("business delete")).is_err());
        assert_eq!(
            parse(&args("backup /b/t.db")),
            Ok(Command::Backup(PathBuf::from("/b/t.db")))
        );
        assert_eq!(
            parse(&args("restore t.db --replace")),
            Ok(Command::Restore {
                from: PathBuf::from("t.db"),
                replace: true
            })
        );
        assert!(parse(&args("restore t.db --force")).is_err());
        assert!(parse(&args("backup")).is_err());
        assert!(parse(&args("serve now")).is_err());
    }
}
