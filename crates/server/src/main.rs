//! `timbro-server`: reads settings, starts the server, prints the demo banner.

use timbro_server::{Application, Settings};

#[tokio::main]
async fn main() {
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("timbro: bad configuration: {e}");
            std::process::exit(2);
        }
    };
    timbro_server::startup::init_tracing(&settings.log);
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
