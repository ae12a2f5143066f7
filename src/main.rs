use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use webflow_assets::cli::{Cli, Command};
use webflow_assets::commands;
use webflow_assets::commands::locale::SiteHint;
use webflow_assets::config::Settings;
use webflow_assets::logging;
use webflow_assets::source::SourcePlan;
use webflow_assets::tui::{self, history, keymap, keymap::Keymap};
use webflow_assets::webflow::{AssetId, FolderId, LocaleId, SiteId, parse_ids};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `completions` and `man` are generated from the CLI definitions alone: no
    // config file, token, log or runtime, so a broken config cannot stop them.
    let (Some(connection), Some(overrides)) = (cli.connection(), cli.overrides()) else {
        return print_generated(cli.command.as_ref());
    };
    if let Err(e) = logging::init(connection.log_level.as_deref()) {
        return fail(&e, 2);
    }
    let settings = match Settings::load(&overrides) {
        Ok(settings) => settings,
        Err(e) => return fail(&e.to_string(), 2),
    };
    // The `[keys]` table is checked for every command, not only the browser,
    // so a config that one command refuses is refused by all.
    let keymap = match Keymap::with_overrides(&settings.keys) {
        Ok(keymap) => keymap,
        Err(e) => return fail(&keymap_error(&settings, &e), 2),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}"), 1),
    };
    let code = match &cli.command {
        Some(Command::Get(args)) => {
            warn(&settings);
            runtime.block_on(commands::get::run(args, &settings))
        }
        Some(Command::List(args)) => {
            warn(&settings);
            runtime.block_on(commands::list::run(args, &settings))
        }
        Some(Command::Audit(args)) => {
            warn(&settings);
            runtime.block_on(commands::audit::run(args, &settings))
        }
        Some(Command::Update(args)) => {
            warn(&settings);
            runtime.block_on(commands::update::run(args, &settings))
        }
        Some(Command::Apply(args)) => {
            warn(&settings);
            runtime.block_on(commands::apply::run(args, &settings))
        }
        Some(Command::Undo(args)) => {
            warn(&settings);
            runtime.block_on(commands::undo::run(args, &settings))
        }
        Some(Command::Usage(args)) => {
            warn(&settings);
            runtime.block_on(commands::usage::run(args, &settings))
        }
        Some(Command::Completions(_) | Command::Man) => unreachable!("printed before settings"),
        None => runtime.block_on(browse(
            &cli.ids,
            cli.site.as_deref(),
            cli.folder.as_deref(),
            &settings,
            keymap,
        )),
    };
    ExitCode::from(code)
}

/// `wfa [ID...]`: the interactive browser. Everything that can be wrong is
/// checked before the terminal is taken over, so errors print normally.
async fn browse(
    ids: &[String],
    site: Option<&str>,
    folder: Option<&str>,
    settings: &Settings,
    keymap: Keymap,
) -> u8 {
    let site = match webflow_assets::webflow::id::parse_site_folder(site, folder) {
        // clap makes --folder require --site.
        Ok((site, folder)) => site.map(|site| (site, folder)),
        Err(e) => {
            eprintln!("wfa: {e}");
            return 2;
        }
    };
    // Every bad ID is reported, not only the first, as `wfa get` does.
    let parsed: Vec<AssetId> = match parse_ids(ids.iter().map(String::as_str)) {
        Ok(parsed) => parsed,
        Err(e) => {
            for line in format!("{e:#}").lines() {
                eprintln!("wfa: {line}");
            }
            return 2;
        }
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "wfa: the browser needs a terminal; for scripts use `wfa get ID...` (see wfa --help)"
        );
        return 2;
    }
    let plan = match SourcePlan::new(settings, true) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("wfa: {e}");
            return e.exit_code();
        }
    };
    let locale = match browse_locale(&plan, &site, &parsed, settings).await {
        Ok(locale) => locale,
        Err(code) => return code,
    };
    let options = tui::Options {
        ids: parsed,
        keymap,
        mouse: settings.mouse,
        locale,
        history_path: history::default_path(plan.is_demo()),
        state_dir: webflow_assets::config::state_dir(),
        audit: settings.audit.config.clone(),
        startup_warning: settings.warnings.first().cloned(),
        preview: settings.preview,
        site,
    };
    match tui::run(plan, options).await {
        Ok(()) => 0,
        Err(tui::RunError::Terminal(e)) => {
            eprintln!("wfa: the terminal failed: {e}");
            1
        }
        Err(tui::RunError::Source(e)) => {
            eprintln!("wfa: {e}");
            e.exit_code()
        }
        // The terminal is restored by now: one line, and the shell's code.
        Err(e @ tui::RunError::Signal(_)) => {
            eprintln!("wfa: {e}");
            e.signal_exit_code().unwrap_or(1)
        }
    }
}

/// `wfa completions SHELL` and `wfa man`, which take no settings.
fn print_generated(command: Option<&Command>) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let written = match command {
        Some(Command::Completions(args)) => commands::docs::completions(args.shell, &mut out),
        Some(Command::Man) => commands::docs::man(&mut out),
        _ => unreachable!("every other command takes settings"),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&format!("cannot write to standard output: {e}"), 1),
    }
}

/// A `[keys]` error with the config file's path and the entry's line.
fn keymap_error(settings: &Settings, error: &keymap::KeymapError) -> String {
    let path = &settings.config_path;
    let line = error
        .action
        .as_deref()
        .and_then(|action| webflow_assets::config::keys_entry_line(path, action));
    match line {
        Some(line) => format!("{}, line {line}: {error}", path.display()),
        None => format!("{}: {error}", path.display()),
    }
}

fn warn(settings: &Settings) {
    for warning in &settings.warnings {
        eprintln!("wfa: warning: {warning}");
    }
}

fn fail(message: &str, code: u8) -> ExitCode {
    eprintln!("wfa: {message}");
    ExitCode::from(code)
}

/// `--locale`: a tag is resolved before the terminal is taken, through the
/// site browsed or the first asset's site (one or two requests, only when a
/// tag is given).
async fn browse_locale(
    plan: &SourcePlan,
    site: &Option<(SiteId, Option<FolderId>)>,
    ids: &[AssetId],
    settings: &Settings,
) -> Result<Option<LocaleId>, u8> {
    if settings.locale_tag.is_none() {
        return Ok(settings.locale.clone());
    }
    // The browser's own source: the demo when it would open the demo.
    let source = match plan.clone().connect().await {
        Ok(source) => source,
        Err(e) => {
            eprintln!("wfa: {e}");
            return Err(e.exit_code());
        }
    };
    let demo_site = source
        .catalogue()
        .and_then(|c| SiteId::parse(&c.site_id).ok());
    let hint = match (site, ids.is_empty(), &demo_site) {
        (Some((site, _)), _, _) => SiteHint::Site(site),
        (None, false, _) => SiteHint::Assets(ids),
        (None, true, Some(demo)) => SiteHint::Site(demo),
        (None, true, None) => {
            eprintln!(
                "wfa: --locale {} is a locale tag: give a site (--site) or an asset ID to look it up in, or pass the locale's ID",
                webflow_assets::text::clean(settings.locale_tag.as_deref().unwrap_or_default())
            );
            return Err(2);
        }
    };
    commands::locale::resolve(&source, settings, hint, "wfa").await
}
