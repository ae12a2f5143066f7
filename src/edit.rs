//! What may be written back to Webflow: new alt texts and display names
//! checked before any request. Pure functions (no I/O), so the browser's
//! editor and `wfa update` refuse and warn about exactly the same things.
//!
//! The rules:
//! - One line: newlines, tabs and other control characters (C0, DEL, C1) are
//!   refused, as are bidi embeddings, overrides and isolates, which make text
//!   read differently from what it holds. Joiners and direction marks stay:
//!   emoji sequences and several scripts need them.
//! - Leading and trailing whitespace is trimmed.
//! - Text made only of invisible characters (zero-width spaces…) is refused:
//!   it describes nothing, and the audit counts it as empty.
//! - `""` (a decorative image) only when asked for explicitly (`allow_empty`;
//!   `wfa update --decorative`). Webflow's API takes a string, so `null`
//!   ("not set") can never be written back: `""` is the nearest.
//! - Longer than the audit's limit ([`audit::LONG_ALT_CHARS`]) is a warning,
//!   not a refusal, as are the audit's other findings ([`alt_text_findings`]).

use crate::audit::{self, AuditConfig, Finding};
use crate::text;
use crate::webflow::Asset;

/// A checked alt text, ready to send, with what the audit would say of it
/// whatever the asset (today: only `alt-too-long`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AltTextValue {
    /// Trimmed; `""` only when empty text was allowed.
    pub text: String,
    pub warnings: Vec<String>,
}

impl AltTextValue {
    /// `""`: the image is marked decorative.
    pub fn is_decorative(&self) -> bool {
        self.text.is_empty()
    }
}

/// Why a text cannot be written. Every variant is a usage error (exit 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{field} must be one line: it holds a line break (character {position})")]
    LineBreak {
        field: &'static str,
        position: usize,
    },
    #[error("{field} must not hold tabs (character {position})")]
    Tab {
        field: &'static str,
        position: usize,
    },
    #[error("{field} holds a control character (U+{code:04X}, character {position})")]
    Control {
        field: &'static str,
        code: u32,
        position: usize,
    },
    #[error(
        "{field} holds a bidi override or isolate (U+{code:04X}, character {position}), \
         which makes text read differently from what it holds"
    )]
    Bidi {
        field: &'static str,
        code: u32,
        position: usize,
    },
    #[error("{field} is only invisible characters: it would describe nothing")]
    Invisible { field: &'static str },
    #[error(
        "alt text is empty; to mark the image decorative, write \"\" explicitly with \
         --decorative (Webflow cannot be set back to null, \"not set\")"
    )]
    EmptyAltText,
    #[error("display name is empty")]
    EmptyDisplayName,
}

pub const ALT_TEXT: &str = "alt text";
pub const DISPLAY_NAME: &str = "display name";

/// Checks a new alt text: one line, trimmed, not invisible-only; `""` only
/// with `allow_empty`. Too long is a warning in the value.
pub fn alt_text(input: &str, allow_empty: bool) -> Result<AltTextValue, EditError> {
    let text = one_line(ALT_TEXT, input)?;
    if text.is_empty() {
        return if allow_empty {
            Ok(AltTextValue {
                text,
                warnings: Vec::new(),
            })
        } else {
            Err(EditError::EmptyAltText)
        };
    }
    let chars = text::char_count(&text);
    let mut warnings = Vec::new();
    if chars > audit::LONG_ALT_CHARS {
        warnings.push(format!(
            "alt text is {chars} characters, over the {} that screen readers handle well \
             (a warning: it will be written)",
            audit::LONG_ALT_CHARS
        ));
    }
    Ok(AltTextValue { text, warnings })
}

/// Checks a new display name: one line, trimmed, not empty or invisible-only.
pub fn display_name(input: &str) -> Result<String, EditError> {
    let name = one_line(DISPLAY_NAME, input)?;
    if name.is_empty() {
        return Err(EditError::EmptyDisplayName);
    }
    Ok(name)
}

/// The audit's per-asset findings for `asset` once its alt text is `value`:
/// the warnings to show before writing. A decorative `""` was asked for, so
/// `alt-empty` is left out.
pub fn alt_text_findings(
    asset: &Asset,
    value: &AltTextValue,
    config: &AuditConfig,
) -> Vec<Finding> {
    let mut after = asset.clone();
    after.alt_text = Some(value.text.clone());
    // A waived finding is a decision the team made: not a warning here.
    audit::check_asset(&after, config)
        .into_iter()
        .filter(|f| f.waived.is_none())
        .filter(|f| !(value.is_decorative() && f.rule == audit::ALT_EMPTY))
        .collect()
}

/// Refuses line breaks, tabs, controls and bidi overrides; trims; refuses
/// text that is only invisible characters. Returns `""` for blank input.
fn one_line(field: &'static str, input: &str) -> Result<String, EditError> {
    for (i, c) in input.chars().enumerate() {
        let position = i + 1;
        match c {
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                return Err(EditError::LineBreak { field, position });
            }
            '\t' => return Err(EditError::Tab { field, position }),
            c if c.is_control() => {
                return Err(EditError::Control {
                    field,
                    code: c.into(),
                    position,
                });
            }
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                return Err(EditError::Bidi {
                    field,
                    code: c.into(),
                    position,
                });
            }
            _ => {}
        }
    }
    let trimmed = input.trim();
    // The same test as `Asset::alt_state`: what is left once every
    // invisible character is gone.
    if !trimmed.is_empty()
        && !trimmed
            .chars()
            .any(|c| !text::is_unsafe(c) && !c.is_whitespace())
    {
        return Err(EditError::Invisible { field });
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> Asset {
        serde_json::from_value(serde_json::json!({
            "id": "63e5889e7fe4eafa7384cea4",
            "contentType": "image/png",
            "size": 1,
            "siteId": "63e5889e7fe4eafa7384ce00",
            "hostedUrl": "https://example.com/a.png",
            "originalFileName": "Candy-Wrapper.png",
            "displayName": "Candy-Wrapper.png",
            "lastUpdated": "2023-03-01T23:42:57.862Z",
            "createdOn": "2023-03-01T23:42:57.862Z",
            "variants": [],
            "altText": null
        }))
        .unwrap()
    }

    #[test]
    fn plain_text_is_trimmed() {
        let v = alt_text("  A red candy wrapper \u{a0}", false).unwrap();
        assert_eq!(v.text, "A red candy wrapper");
        assert!(v.warnings.is_empty());
    }

    #[test]
    fn line_breaks_are_refused() {
        for input in ["a\nb", "a\r\nb", "a\u{2028}b", "a\u{85}b", "trailing\n"] {
            assert!(
                matches!(alt_text(input, false), Err(EditError::LineBreak { .. })),
                "{input:?}"
            );
        }
        assert_eq!(
            alt_text("ab\nc", false),
            Err(EditError::LineBreak {
                field: ALT_TEXT,
                position: 3
            })
        );
    }

    #[test]
    fn tabs_and_controls_are_refused() {
        assert!(matches!(
            alt_text("a\tb", false),
            Err(EditError::Tab { .. })
        ));
        for input in ["a\u{1b}[31mb", "a\u{7}", "a\u{7f}", "a\u{9b}b", "\u{0}"] {
            assert!(
                matches!(alt_text(input, false), Err(EditError::Control { .. })),
                "{input:?}"
            );
        }
    }

    #[test]
    fn bidi_overrides_are_refused_but_joiners_stay() {
        assert!(matches!(
            alt_text("abc\u{202e}def", false),
            Err(EditError::Bidi { code: 0x202e, .. })
        ));
        assert!(matches!(
            alt_text("a\u{2066}b", false),
            Err(EditError::Bidi { .. })
        ));
        // A family emoji (ZWJ sequence) and a ZWNJ in Persian are real text.
        let family = "Family \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(alt_text(family, false).unwrap().text, family);
        assert!(
            alt_text(
                "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}",
                false
            )
            .is_ok()
        );
    }

    #[test]
    fn invisible_only_is_refused_even_when_empty_is_allowed() {
        for input in ["\u{200b}", " \u{200b}\u{feff} ", "\u{2060}"] {
            assert_eq!(
                alt_text(input, true),
                Err(EditError::Invisible { field: ALT_TEXT }),
                "{input:?}"
            );
        }
    }

    #[test]
    fn empty_only_when_asked_for() {
        assert_eq!(alt_text("", false), Err(EditError::EmptyAltText));
        assert_eq!(alt_text("   ", false), Err(EditError::EmptyAltText));
        let v = alt_text("", true).unwrap();
        assert!(v.is_decorative());
        assert_eq!(alt_text("  ", true).unwrap().text, "");
        assert!(EditError::EmptyAltText.to_string().contains("--decorative"));
        assert!(EditError::EmptyAltText.to_string().contains("null"));
    }

    #[test]
    fn too_long_is_a_warning_not_a_refusal() {
        let at_limit = "a".repeat(audit::LONG_ALT_CHARS);
        assert!(alt_text(&at_limit, false).unwrap().warnings.is_empty());
        let long = "é".repeat(audit::LONG_ALT_CHARS + 1);
        let v = alt_text(&long, false).unwrap();
        assert_eq!(v.text, long);
        assert_eq!(v.warnings.len(), 1);
        assert!(v.warnings[0].contains("126 characters"), "{:?}", v.warnings);
    }

    #[test]
    fn display_names_follow_the_same_line_rules() {
        assert_eq!(display_name("  hero.png ").unwrap(), "hero.png");
        assert_eq!(display_name(""), Err(EditError::EmptyDisplayName));
        assert_eq!(display_name(" "), Err(EditError::EmptyDisplayName));
        assert!(matches!(
            display_name("a\nb"),
            Err(EditError::LineBreak {
                field: DISPLAY_NAME,
                ..
            })
        ));
        assert!(matches!(display_name("a\tb"), Err(EditError::Tab { .. })));
        assert!(matches!(
            display_name("\u{200b}"),
            Err(EditError::Invisible { .. })
        ));
    }

    #[test]
    fn findings_are_the_audits_on_the_new_text() {
        let asset = image();
        let v = alt_text("Candy-Wrapper.png", false).unwrap();
        let rules: Vec<_> = alt_text_findings(&asset, &v, &AuditConfig::default())
            .iter()
            .map(|f| f.rule)
            .collect();
        assert!(rules.contains(&audit::ALT_FILENAME), "{rules:?}");
        let good = alt_text("A red candy wrapper on a table", false).unwrap();
        assert!(alt_text_findings(&asset, &good, &AuditConfig::default()).is_empty());
        let decorative = alt_text("", true).unwrap();
        assert!(alt_text_findings(&asset, &decorative, &AuditConfig::default()).is_empty());
        let long = alt_text(&"word ".repeat(40), false).unwrap();
        let rules: Vec<_> = alt_text_findings(&asset, &long, &AuditConfig::default())
            .iter()
            .map(|f| f.rule)
            .collect();
        assert_eq!(rules, [audit::ALT_TOO_LONG]);
    }
}
