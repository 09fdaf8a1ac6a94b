//! `timbro-server`: reads settings, then serves (printing the demo banner
//! and the first setup link) or runs a `business` command (see
//! [`timbro_server::cli`]).

use timbro_server::cli::{self, Command};
use timbro_server::{Application, Settings};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("timbro: {message}");
            std::process::exit(2);
        }
    };
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
