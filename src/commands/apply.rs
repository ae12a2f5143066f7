//! `wfa apply FILE|-`: many changes at once, from a spreadsheet (CSV) or
//! JSON lines. Every row is checked before anything is read; the plan is
//! printed; `--yes` (or a yes on the terminal) writes it, journaled. Running
//! the same input again resumes an interrupted run (`changes::resume`).

use std::io::{self, Read};
use std::path::Path;

use super::locale::SiteHint;
use super::writes::{self, Request};
use crate::changes::cms::CmsWanted;
use crate::changes::{Wanted, cms, input, resume};
use crate::cli::ApplyArgs;
use crate::config::{self, Settings};
use crate::source::Source;
use crate::text;
use crate::webflow::{AssetId, FailureClass};

const PREFIX: &str = "wfa apply";

/// Inputs bigger than this are refused: 200,000 rows of long alt text fit.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Runs the command; returns the exit code.
pub async fn run(args: &ApplyArgs, settings: &Settings) -> u8 {
    let shown = if args.file == Path::new("-") {
        "standard input".to_string()
    } else {
        args.file.display().to_string()
    };
    let text = match read_input(&args.file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{PREFIX}: cannot read {shown}: {e}");
            return FailureClass::Usage.exit_code();
        }
    };
    // A locale tag is resolved once connected: rows are checked first.
    let parsed = match input::parse(&text, settings.locale.as_ref()) {
        Ok(parsed) => parsed,
        Err(errors) => return refused(&shown, &errors, "nothing was read or sent"),
    };
    if parsed.empty_rows > 0 {
        eprintln!(
            "{PREFIX}: {} asked for nothing (empty cells) and {} left out",
            if parsed.empty_rows == 1 {
                "1 row".to_string()
            } else {
                format!("{} rows", parsed.empty_rows)
            },
            if parsed.empty_rows == 1 { "is" } else { "are" }
        );
    }
    let mut wanted = parsed.wanted;
    let mut cms = parsed.cms;
    if wanted.is_empty() && cms.is_empty() {
        println!("nothing to apply: no row asks for a change");
        return 0;
    }
    let source = match super::connect(settings, PREFIX).await {
        Ok(source) => source,
        Err(code) => return code,
    };
    let mut locale = settings.locale.clone();
    if let (false, Some(_)) = (wanted.is_empty(), &settings.locale_tag) {
        let ids: Vec<AssetId> = wanted.iter().map(|w| w.asset_id.clone()).collect();
        let hint = SiteHint::Assets(&ids);
        locale = match super::locale::resolve(&source, settings, hint, PREFIX).await {
            Ok(locale) => locale,
            Err(code) => return code,
        };
        // The same rows, now with the tag's locale where they name none.
        // Rows that differed only by naming the locale or not may clash now.
        match input::parse(&text, locale.as_ref()) {
            Ok(parsed) => wanted = parsed.wanted,
            Err(errors) => return refused(&shown, &errors, "nothing was sent"),
        }
    }
    let locale = locale.as_ref();
    if let Err(error) = cms_rows_in_asked_locale(&source, settings, &wanted, &mut cms).await {
        eprintln!("{PREFIX}: {error}; nothing was sent");
        return FailureClass::Usage.exit_code();
    }
    if let Err(errors) = cms::resolve_locales(&source.client, &mut cms).await {
        for error in &errors {
            eprintln!("{PREFIX}: {shown}, {error}");
        }
        eprintln!("{PREFIX}: a locale could not be looked up; nothing was sent");
        return FailureClass::Usage.exit_code();
    }
    let asked = locale
        .map(|l| l.as_str())
        .or(settings.locale_tag.as_deref());
    let key = resume::input_key(&text, asked);
    let host = (!source.is_demo()).then(|| source.client.host().to_string());
    let earlier =
        config::journal_dir().and_then(|dir| resume::find(&dir, "apply", &key, host.as_deref()));
    if let Some(earlier) = earlier {
        eprintln!(
            "{PREFIX}: resuming the run of {} ({} done, {} unfinished; journal {}): \
             values someone else changed since are skipped unless --force",
            earlier.time,
            earlier.done,
            earlier.unfinished,
            earlier.path.display()
        );
        earlier.expect(&mut wanted);
        earlier.expect_cms(&mut cms);
    }
    writes::carry_out(
        &source,
        Request {
            prefix: PREFIX,
            command: "apply",
            wanted,
            cms,
            flags: args.write,
            input: Some(key),
            undoes: None,
            audit: settings.audit.config.clone(),
        },
    )
    .await
}

/// `--locale` (a tag or a site locale ID) for the CMS rows that name no
/// locale: looked up on the site, like a row's own `locale` with a `siteId`
/// ([`cms::resolve_locales`] turns it into the CMS locale ID). The site is
/// a row's `siteId`, else the site of the first image named (one GET).
async fn cms_rows_in_asked_locale(
    source: &Source,
    settings: &Settings,
    wanted: &[Wanted],
    cms: &mut [CmsWanted],
) -> Result<(), String> {
    let asked = settings
        .locale_tag
        .clone()
        .or_else(|| settings.locale.as_ref().map(ToString::to_string));
    let Some(asked) = asked else {
        return Ok(());
    };
    if cms.iter().all(|w| w.target.locale.is_some()) {
        return Ok(());
    }
    let mut site = cms.iter().find_map(|w| w.site_id.clone());
    if site.is_none() {
        let image = wanted.first().map(|w| w.asset_id.clone()).or_else(|| {
            cms.iter()
                .filter_map(|w| w.target.file_id.as_deref())
                .find_map(|f| AssetId::parse(f).ok())
        });
        if let Some(image) = image {
            let asset = source.lookup.fetch(&image, None).await.map_err(|e| {
                format!(
                    "cannot find the site of --locale {}: {e}",
                    text::clean(&asked)
                )
            })?;
            site = Some(asset.value.site_id.trim().to_string());
        }
    }
    let Some(site) = site else {
        return Err(format!(
            "--locale {} for CMS rows needs the site: add a siteId column, or an assetId to the rows",
            text::clean(&asked)
        ));
    };
    for w in cms.iter_mut().filter(|w| w.target.locale.is_none()) {
        w.target.locale = Some(asked.clone());
        // A row's own site stays its own.
        w.site_id.get_or_insert_with(|| site.clone());
    }
    Ok(())
}

/// Reports every refused row; returns the exit code.
fn refused(shown: &str, errors: &[input::RowError], ending: &str) -> u8 {
    for error in errors {
        eprintln!("{PREFIX}: {shown}, {error}");
    }
    let rows = if errors.len() == 1 {
        "1 row".to_string()
    } else {
        format!("{} rows", errors.len())
    };
    eprintln!("{PREFIX}: {rows} refused; {ending}");
    FailureClass::Usage.exit_code()
}

/// The whole input, `-` being standard input; a FIFO (`<(jq …)`) is fine.
fn read_input(path: &Path) -> io::Result<String> {
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            ));
        }
        file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
    };
    read?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "it is over the {} limit; split it",
                crate::text::human_size(MAX_INPUT_BYTES)
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "it is not UTF-8 text (save the spreadsheet as \"CSV UTF-8\")",
        )
    })
}
