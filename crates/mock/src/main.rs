//! `sd-mock`: the simulated API on 127.0.0.1, for end-to-end tests and for
//! trying the page without a real token. See docs/mock-server.md.

use std::io::Write;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let config = match sd_mock::parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("sd-mock: cannot bind 127.0.0.1:{}: {e}", config.port);
            std::process::exit(1);
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => {
            eprintln!("sd-mock: {e}");
            std::process::exit(1);
        }
    };
    eprintln!(
        "sd-mock: scenario {} seed {} speed {}",
        config.scenario.id(),
        config.seed,
        config.speed
    );
    // Tests read the port from this exact line: print it once and flush.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "sd-mock listening on http://127.0.0.1:{port}");
    let _ = out.flush();
    // Never sent: the process runs until it is killed.
    let (_stop, rx) = tokio::sync::watch::channel(false);
    sd_mock::serve(listener, config, rx).await;
}
