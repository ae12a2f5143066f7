//! `wfa completions SHELL` and `wfa man`: generated from the clap definitions,
//! so they always match the flags. Neither needs settings, a token or a runtime.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::aot::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::cli::Cli;

/// The completion script for `shell`.
pub fn completions(shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    // clap_complete panics when a write fails: generate in memory, so a closed
    // pipe is an ordinary error.
    let mut script = Vec::new();
    clap_complete::aot::generate(shell, &mut Cli::command(), "wfa", &mut script);
    out.write_all(&script)?;
    out.flush()
}

/// One roff page, `wfa(1)`: the main page, a section per subcommand (its
/// synopsis, description and options as subsections), then the notes on
/// configuration and exit codes; a single `wfa man > wfa.1` documents every
/// command.
pub fn man(out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let subcommands: Vec<&clap::Command> =
        cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    let main = Man::new(cmd.clone());
    let mut page = Page::default();
    page.add(|w| main.render_title(w))?;
    page.add(|w| main.render_name_section(w))?;
    page.add(|w| main.render_synopsis_section(w))?;
    page.add(|w| main.render_description_section(w))?;
    page.add(|w| main.render_options_section(w))?;

    let mut overview = Roff::new();
    overview.control("SH", ["COMMANDS"]);
    for sub in &subcommands {
        overview.control("TP", []);
        overview.text([bold(bin_name(sub))]);
        if let Some(about) = sub.get_about() {
            overview.text([roman(about.to_string())]);
        }
    }
    page.add(|w| overview.to_writer(w))?;

    for sub in &subcommands {
        let man = Man::new((*sub).clone());
        let mut roff = Roff::new();
        roff.control("SH", [bin_name(sub).to_uppercase().as_str()]);
        page.add(|w| roff.to_writer(w))?;
        // The subcommand's sections become subsections of its own section.
        let mut sections = Page::default();
        sections.add(|w| man.render_synopsis_section(w))?;
        sections.add(|w| man.render_description_section(w))?;
        sections.add(|w| man.render_options_section(w))?;
        for line in sections.text.lines() {
            if let Some(heading) = line.strip_prefix(".SH ") {
                page.text.push_str(".SS ");
                page.text.push_str(heading);
            } else {
                page.text.push_str(line);
            }
            page.text.push('\n');
        }
    }

    if let Some(after) = cmd.get_after_help() {
        // Kept as written (no filling): it holds aligned tables.
        let mut notes = Roff::new();
        notes.control("SH", ["NOTES"]);
        notes.control("nf", []);
        for line in after.to_string().lines() {
            notes.text([roman(line)]);
        }
        notes.control("fi", []);
        page.add(|w| notes.to_writer(w))?;
    }
    page.add(|w| main.render_version_section(w))?;

    out.write_all(PREAMBLE.as_bytes())?;
    out.write_all(page.text.as_bytes())?;
    out.flush()
}

/// The apostrophe definitions every rendered roff chunk starts with; the page
/// needs them once, at the top.
const PREAMBLE: &str = r".ie \n(.g .ds Aq \(aq
.el .ds Aq '
";

#[derive(Default)]
struct Page {
    text: String,
}

impl Page {
    /// Appends a rendered chunk without its preamble.
    fn add(&mut self, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        let mut chunk = Vec::new();
        render(&mut chunk)?;
        let chunk = String::from_utf8_lossy(&chunk);
        self.text
            .push_str(chunk.strip_prefix(PREAMBLE).unwrap_or(&chunk));
        Ok(())
    }
}

/// `wfa get`, as the user types it.
fn bin_name(cmd: &clap::Command) -> String {
    cmd.get_bin_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_string()
}
