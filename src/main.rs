use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use webflow_assets::cli::{Cli, Command};
use webflow_assets::commands;
use webflow_assets::config::Settings;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(&cli.global.overrides()) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("wfa: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wfa: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let code = match &cli.command {
        Some(Command::Get(args)) => runtime.block_on(commands::get::run(args, &settings)),
        None => {
            // The interactive browser arrives with the TUI; until then, say how to use wfa.
            let _ = Cli::command().print_help();
            2
        }
    };
    ExitCode::from(code)
}
