//! The rule set: stable IDs, default severities, settings, and what an audit
//! reports. No checking happens here.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::LONG_ALT_CHARS;
use super::waivers::{StaleWaiver, Waived, Waiver};

/// How bad a finding is. Ordered: `Error` is the most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// From the least to the most severe.
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    /// `info`, `warning` or `error`, as in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not `info`, `warning` or `error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity {0:?}: expected info, warning or error")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;

    /// Case-insensitive; surrounding whitespace is ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| UnknownSeverity(s.to_string()))
    }
}

/// One audit rule: a stable ID (it appears in CI output), its default severity,
/// a one-line explanation (for the README and reports), and the longer text of
/// `wfa audit --explain RULE` (see [`explain`](super::explain)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub explanation: &'static str,
    /// What the rule catches, with examples.
    pub catches: &'static str,
    /// Why it matters to someone using a screen reader.
    pub why: &'static str,
    /// How to fix a finding.
    pub fix: &'static str,
    /// The published checkers or guidelines the rule follows.
    pub source: &'static str,
}

pub const ALT_MISSING: &str = "alt-missing";
pub const ALT_EMPTY: &str = "alt-empty";
pub const ALT_FILENAME: &str = "alt-filename";
pub const ALT_REDUNDANT_PREFIX: &str = "alt-redundant-prefix";
pub const ALT_PLACEHOLDER: &str = "alt-placeholder";
pub const ALT_KEYWORD_STUFFING: &str = "alt-keyword-stuffing";
pub const ALT_TOO_LONG: &str = "alt-too-long";
pub const ALT_DUPLICATE: &str = "alt-duplicate";

/// Every rule, in the stable order findings of one asset are reported in.
pub const RULES: &[Rule] = &[
    Rule {
        id: ALT_MISSING,
        severity: Severity::Warning,
        explanation: "alt text was never set (null); Webflow treats the image as decorative \
                      (severity configurable)",
        catches: "Images whose alt text was never set (null in Webflow's API). Webflow \
                  then publishes the image as decorative, with an empty alt.",
        why: "A screen reader skips a decorative image entirely: if the image carries \
              information (a product, a chart, a person, text in the picture), that \
              information is lost. If it is only ornament, skipping it is right, which is \
              why this is a warning by default.",
        fix: "Describe what the image shows, as you would to someone on the phone, or \
              mark it decorative on purpose (wfa update ID --decorative) so the choice is \
              recorded.",
        source: "axe-core image-alt (an img needs an alt attribute); HTML_CodeSniffer \
                 WCAG2 H37 (img element missing an alt attribute); WCAG 2 success \
                 criterion 1.1.1 Non-text Content.",
    },
    Rule {
        id: ALT_EMPTY,
        severity: Severity::Error,
        explanation: "alt text is empty or only whitespace/invisible characters",
        catches: "Alt text that is \"\" or made only of spaces, line breaks, zero-width or \
                  other invisible characters.",
        why: "Screen readers treat an empty alt as \"decorative, skip this image\". Text \
              of only spaces is treated the same way or read as nothing, so the image \
              disappears for the listener.",
        fix: "Describe what the image shows. Leave it empty only for a purely \
              decorative image, and then use wfa update ID --decorative.",
        source: "axe-core image-alt with its alt-space-value check (alt made only of \
                 spaces fails); WAVE \"suspicious alternative text\" (alt containing only \
                 space characters); HTML_CodeSniffer H67.2 (img marked to be ignored by \
                 assistive technology).",
    },
    Rule {
        id: ALT_FILENAME,
        severity: Severity::Error,
        explanation: "alt text is a file name or looks like one (extension, camera, \
                      screenshot, stock, hash, slug)",
        catches: "The asset's own file name; anything ending in an image extension \
                  (.jpg, .png, .webp…); camera and phone names (IMG_1234, DSC_0001, \
                  PXL_20240101_…, 20240101_123456); messenger names (WhatsApp Image … at \
                  …, signal-2024-…, photo_2024-…); screenshot names in the OS languages \
                  (Screenshot, Bildschirmfoto, Capture d'écran, Captura de pantalla, \
                  Schermata, Schermafbeelding, スクリーンショット… with a date); stock \
                  downloads (shutterstock_123, iStock-123, GettyImages-123, pexels-…, \
                  AdobeStock_123); design tools' layer names (Frame 12, Group 5, Rectangle \
                  3, Artboard 1); UUIDs, hashes, generated IDs, slugs, and version or size \
                  suffixes (-v2, _final, @2x, -1024x768).",
        why: "A screen reader reads the name out character by character or as noise \
              (\"I M G underscore one two three four\"): the listener learns nothing about \
              the picture and has to sit through it.",
        fix: "Replace it with a short description of what the image shows. If the image \
              is decorative, make the alt text empty instead.",
        source: "WAVE \"suspicious alternative text\" (alt that is an image file name); \
                 WCAG failure F30 (text alternatives that are not alternatives, such as \
                 file names); camera, phone, messenger, OS, stock-site and design-tool \
                 naming defaults.",
    },
    Rule {
        id: ALT_REDUNDANT_PREFIX,
        severity: Severity::Warning,
        explanation: "alt text is framed by \"image of\", \"photo:\", \"… (picture)\"…; \
                      screen readers already announce an image",
        catches: "A word for image, photo, picture or graphic used as a label on the \
                  description: at the start, after an article or with a colon or dash \
                  (\"An image of…\", \"Photo: …\", \"This is a picture of…\", \"Bild von \
                  …\", \"Photo de …\", \"Foto di …\", \"画像：…\"); at the end (\"… image\", \
                  \"… - photo\", \"… (picture)\", \"…の写真\"); and credits (\"photo by …\"). \
                  Not flagged: the word as the subject (\"Picture window overlooking a \
                  lake\", \"Photographer adjusting a tripod\", \"Family photo album\"), and \
                  media that carry meaning (illustration, painting, drawing, diagram, \
                  chart, screenshot).",
        why: "Screen readers say \"image\" or \"graphic\" before reading the alt text, so \
              the listener hears \"image, image of a lake\": the same word twice, on every \
              picture of the page.",
        fix: "Drop the framing words and start with what matters: \"A lake at dawn\" \
              instead of \"Image of a lake at dawn\". Keep the medium only when it matters \
              (\"Watercolour painting of…\", \"Screenshot of the checkout page\"). Move \
              credits to a caption.",
        source: "eslint-plugin-jsx-a11y img-redundant-alt (the words image, photo, \
                 picture, with a words option for other languages); WAVE \"suspicious \
                 alternative text\" (begins with \"image of\" or \"graphic of\", ends with \
                 \"image\" or \"graphic\"). The ID keeps its old name: it now covers the end \
                 of the text too.",
    },
    Rule {
        id: ALT_PLACEHOLDER,
        severity: Severity::Error,
        explanation: "alt text is a placeholder, not a description: \"image\", \"logo 2\", \
                      \"button\", \"click here\", \"enter alt text\", \"test\"…",
        catches: "Text that describes nothing, in English, French, German, Spanish, \
                  Italian, Portuguese, Dutch and Japanese: the words for image, photo, \
                  picture, graphic, logo, icon — alone, numbered (\"Image 3\", \"foto_02\") \
                  or abbreviated (\"img\", \"pic\"); words that name a function or a shape \
                  (\"button\", \"arrow\", \"spacer\", \"banner\", \"bullet\", \"click \
                  here\", \"divider\", \"bouton\", \"Pfeil\"…); instructions left in place \
                  (\"Enter alt text\", \"Describe the image\", \"Texte alternatif\", \
                  \"Alternativtext eingeben\", \"代替テキストを入力\"); filler (\"lorem \
                  ipsum\", \"test\", \"asdf\", \"TBD\", \"xxx\", \"placeholder\", \"untitled\"); \
                  text of only punctuation or invisible characters; and the site's own \
                  placeholder words from the audit settings.",
        why: "The listener hears that there is an image and nothing of what it shows; \
              \"button\" or \"arrow\" does not even say where it leads. It is worse than \
              no alt text, because it looks done in every report.",
        fix: "Write what the image shows or, for a link or button, where it goes or what \
              it does (\"Next photo\", \"Search\"). If the image is decorative, make the \
              alt text empty.",
        source: "WAVE \"suspicious alternative text\" (alt that is image, graphic, photo, \
                 photograph, drawing, painting, artwork, logo, bullet, button, arrow, more, \
                 spacer, blank, chart, table, diagram, graph or *); WCAG failures F30 \
                 (placeholder text as an alternative) and F39 (\"spacer\", \"image\" on \
                 images that should be ignored).",
    },
    Rule {
        id: ALT_KEYWORD_STUFFING,
        severity: Severity::Warning,
        explanation: "alt text is a list of repeated keywords or hashtags, not a description",
        catches: "Lists of search keywords instead of a description: \"candy, sweets, \
                  candy shop, best candy, buy candy online\"; \"candy shop candy store best \
                  candy\"; three or more hashtags. Lists in a real description (\"Gummy \
                  bears, gummy worms and gummy rings in a bowl\") are not flagged.",
        why: "A screen reader reads every keyword, one after the other: the listener \
              waits through an advert and still does not know what the picture shows.",
        fix: "Write one sentence about what the image shows. A keyword that belongs \
              there will fit naturally; the rest belongs in the page text.",
        source: "Google Search Central image guidelines (avoid filling alt attributes \
                 with keywords); WCAG 2 success criterion 1.1.1 (the alternative must \
                 serve the same purpose as the image).",
    },
    Rule {
        id: ALT_TOO_LONG,
        severity: Severity::Warning,
        explanation: "alt text is longer than the limit (default 125 characters); screen \
                      readers read long text poorly",
        catches: "Alt text longer than the limit, 125 characters by default (max_chars \
                  in the audit settings, or --max-chars). Characters are counted after \
                  invisible ones are removed.",
        why: "Alt text is read in one go, with no way to skim, pause on a sentence or \
              jump back; some screen readers cut it into chunks. A long one holds the \
              listener up on every visit.",
        fix: "Keep what the image is for on this page in a sentence; move the details to \
              a caption or the page text, where everyone can read them.",
        source: "WAVE \"long alternative text\" alert (over 100 characters); the common \
                 125-character guidance for screen readers.",
    },
    Rule {
        id: ALT_DUPLICATE,
        severity: Severity::Warning,
        explanation: "the same alt text is on several images (default 3 or more); each \
                      image should say what it shows",
        catches: "The same alt text (ignoring case and spacing) on several different \
                  images of the site, 3 or more by default.",
        why: "Images that look different but sound the same: a listener cannot tell the \
              front of the box from the back, or one product from another.",
        fix: "Say what is different in each image (\"front\", \"side\", \"top view\", \
              the colour, the step). If they really are the same picture, one may be \
              decorative.",
        source: "axe-core image-redundant-alt and WAVE \"redundant alternative text\" \
                 (alt that repeats text already read nearby); for an asset library the \
                 nearest repetition is the same text on other images.",
    },
];

/// The rule with this ID.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

pub(super) fn rule_severity(id: &str) -> Severity {
    rule(id).map_or(Severity::Warning, |r| r.severity)
}

/// Settings of an audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditConfig {
    /// Severity of `alt-missing` (default warning: `null` may be intentionally
    /// decorative).
    pub missing_severity: Severity,
    /// `alt-too-long` above this many characters (default [`LONG_ALT_CHARS`]).
    pub max_chars: usize,
    /// `alt-duplicate` when at least this many image assets share a text
    /// (default 3; values below 2 act as 2).
    pub duplicate_min_assets: usize,
    /// Words (or phrases) that are placeholders on this site besides the built-in
    /// ones, e.g. `["bild", "todo"]`, from `placeholders = [...]` in the audit
    /// settings. Compared case-insensitively with the whole trimmed alt text by
    /// the `alt-placeholder` rule.
    pub extra_placeholders: Vec<String>,
    /// Severities set per rule (`[audit.severity]`, `--missing`); `None` turns
    /// the rule off. A rule not listed keeps its default (for `alt-missing`,
    /// [`AuditConfig::missing_severity`]). See [`AuditConfig::severity_of`].
    pub severities: BTreeMap<&'static str, Option<Severity>>,
    /// Reviewed exceptions (`[[audit.waive]]`): their findings are reported as
    /// waived and count toward nothing.
    pub waivers: Vec<Waiver>,
}

impl Default for AuditConfig {
    fn default() -> Self {
        Self {
            missing_severity: Severity::Warning,
            max_chars: LONG_ALT_CHARS,
            duplicate_min_assets: 3,
            extra_placeholders: Vec::new(),
            severities: BTreeMap::new(),
            waivers: Vec::new(),
        }
    }
}

/// One rule that one asset breaks.
///
/// `asset_id`, `display_name` and `alt_text` are exactly as Webflow sent them (so
/// scripts can match them): [`text::clean`] them before printing to a terminal.
/// `detail` is already clean.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub asset_id: String,
    pub display_name: String,
    pub rule: &'static str,
    pub severity: Severity,
    /// `None` when the alt text is `null`.
    pub alt_text: Option<String>,
    /// A one-line, actionable explanation for this asset.
    #[serde(skip)]
    pub detail: String,
    /// Set when a waiver covers this finding (its reason and where it was
    /// written); such findings are in [`Report::waived`], not
    /// [`Report::findings`]. Absent from JSON when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<Waived>,
}

/// Counts over a whole audit. `by_rule` and `by_severity` list every rule and
/// severity, with zero counts too, so that the JSON shape does not vary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Every asset audited, documents included.
    pub assets: usize,
    /// The image assets (the only ones the rules apply to).
    pub images: usize,
    /// The findings that count (waived ones excluded); `by_rule` and
    /// `by_severity` count these too.
    pub findings: usize,
    /// Findings covered by a waiver (absent from JSON when zero).
    #[serde(skip_serializing_if = "is_zero")]
    pub waived: usize,
    pub by_rule: BTreeMap<&'static str, usize>,
    pub by_severity: BTreeMap<Severity, usize>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The result of [`audit`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub summary: Summary,
    /// The findings that count, in asset order, then in [`RULES`] order within
    /// an asset. Rules turned off report nothing.
    pub findings: Vec<Finding>,
    /// Findings covered by a waiver, in the same order, each with its
    /// [`Finding::waived`] set (absent from JSON when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waived: Vec<Finding>,
    /// Waivers of audited assets that matched nothing (absent from JSON when
    /// empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stale_waivers: Vec<StaleWaiver>,
}

impl Report {
    /// The most severe finding's severity; `None` when there are no findings.
    /// Waived findings do not count.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}
