//! The text of `wfa audit --explain RULE`: a rule's [`Rule`] fields as plain
//! text, wrapped for a terminal.

use super::rules::{RULES, Rule};

/// Columns the explanation is wrapped to.
const WIDTH: usize = 80;

/// The explanation of the rule with this ID (case-insensitive, surrounding
/// spaces ignored): what it catches, why it matters to someone using a screen
/// reader, how to fix it and its source, as plain text wrapped to 80 columns
/// and ending in a newline. `None` for an unknown ID.
pub fn explain(id: &str) -> Option<String> {
    let id = id.trim();
    let rule = RULES.iter().find(|r| r.id.eq_ignore_ascii_case(id))?;
    Some(format_rule(rule))
}

fn format_rule(rule: &Rule) -> String {
    let mut out = String::with_capacity(1024);
    out.push_str(&format!(
        "{} (default severity: {})\n",
        rule.id, rule.severity
    ));
    wrap_into(&mut out, rule.explanation, "", "");
    for (title, body) in [
        ("What it catches", rule.catches),
        ("Why it matters", rule.why),
        ("How to fix it", rule.fix),
        ("Source", rule.source),
    ] {
        out.push('\n');
        out.push_str(title);
        out.push_str(":\n");
        wrap_into(&mut out, body, "  ", "  ");
    }
    out
}

/// Terminal columns of `s`: East Asian wide characters (kana, kanji,
/// full-width forms) take two.
fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if matches!(c, '\u{1100}'..='\u{115f}' | '\u{2e80}'..='\u{a4cf}'
                | '\u{ac00}'..='\u{d7a3}' | '\u{f900}'..='\u{faff}'
                | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ff60}'
                | '\u{ffe0}'..='\u{ffe6}')
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Appends `text` wrapped to [`WIDTH`] terminal columns, the
/// first line starting with `first`, the others with `rest`. A word longer
/// than a line stands on its own line.
fn wrap_into(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = String::from(first);
    let mut len = columns(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        let n = columns(word);
        if !empty && len + 1 + n > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clear();
            line.push_str(rest);
            len = columns(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += n;
        empty = false;
    }
    if !empty {
        out.push_str(&line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_explains_itself_within_80_columns() {
        for rule in RULES {
            let text = explain(rule.id).unwrap();
            assert!(text.starts_with(rule.id), "{text}");
            for section in [
                "What it catches:",
                "Why it matters:",
                "How to fix it:",
                "Source:",
            ] {
                assert!(text.contains(section), "{}: {section}", rule.id);
            }
            for line in text.lines() {
                assert!(columns(line) <= WIDTH, "{}: {line:?}", rule.id);
                assert!(!line.ends_with(' '), "{line:?}");
            }
            assert!(text.ends_with('\n'));
        }
        assert_eq!(explain(" ALT-PLACEHOLDER "), explain("alt-placeholder"));
        assert_eq!(explain("alt-nonsense"), None);
    }

    #[test]
    fn wrapping_keeps_every_word() {
        let mut out = String::new();
        let text = "word ".repeat(50);
        wrap_into(&mut out, &text, "  ", "  ");
        assert_eq!(out.split_whitespace().count(), 50);
        assert!(out.lines().all(|l| l.len() <= WIDTH && l.starts_with("  ")));
        let mut long = String::new();
        wrap_into(&mut long, &"x".repeat(100), "", "");
        assert_eq!(long, format!("{}\n", "x".repeat(100)));
        assert_eq!(columns("画像：a"), 7);
    }
}
