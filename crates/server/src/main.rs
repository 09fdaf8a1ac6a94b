//! `timbro-server`: reads settings, then serves (printing the demo banner
//! and the first setup link) or runs a `business` command (see
//! [`timbro_server::cli`]).

use timbro_server::cli::{self, Command};
use timbro_server::{Application, Settings};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // --help and --version print and end well; a wrong command says what
    // was meant, if it can guess, and ends with 2.
    let command = cli::parse(&args).unwrap_or_else(|e| e.exit());
    // Backups and everything else the server writes: its user's only.
    timbro_server::files::private_by_default();
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("timbro: bad configuration: {e}");
            std::process::exit(2);
        }
    };
    if command != Command::Serve {
        match cli::run(&settings, command).await {
            Ok(out) => print!("{out}"),
            Err(message) => {
                eprintln!("timbro: {message}");
                std::process::exit(1);
            }
        }
        return;
    }
    timbro_server::startup::init_tracing(&settings.log, settings.log_format);
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("timbro: could not start: {e}");
            std::process::exit(1);
        }
    };
    println!("{}", app.banner());
    if let Err(e) = app.run_until_stopped().await {
        eprintln!("timbro: server stopped with an error: {e}");
        std::process::exit(1);
    }
}
