//! The ranked filter of a site listing (`/`), on nucleo-matcher.
//!
//! The text typed is parsed with nucleo's pattern syntax: words separated by
//! spaces are atoms, and a row is kept only when every atom matches one of its
//! fields (the name as the list shows it, the original file name, the asset ID,
//! the alt text; each atom may match a different field):
//!
//! | atom      | matches                                   |
//! |-----------|-------------------------------------------|
//! | `caf`     | fuzzy: c, a, f in order                   |
//! | `'cafe`   | the substring `cafe` (no gaps)            |
//! | `^cafe`   | a field starting with `cafe`              |
//! | `.png$`   | a field ending with `.png`                |
//! | `^IMG_4821.jpg$` | a whole field                      |
//! | `!draft`  | no field contains `draft` (also `!^x`, `!x$`) |
//! | `a\ b`    | a space inside an atom                    |
//!
//! Case is smart (all-lowercase atoms ignore case, one capital makes the atom
//! case-sensitive) and so is normalization (`cafe` finds `café`, `café` does
//! not find `cafe`).
//!
//! **Tight fuzzy matches only.** nucleo accepts any subsequence; on a big
//! site a short fuzzy atom is a subsequence of most alt texts and hex IDs,
//! which is noise (`caf` is one of `Close-up of a shelf` and of
//! `…bec5287fa5`). So a fuzzy atom counts for a field only when its matched characters form
//! runs where each run after the first either follows a skip of at most
//! [`MAX_SKIP`] characters (`crml` finds `caramel`, `scrnsht` `Screenshot`) or
//! starts a word — after a space or punctuation, at a lower→upper case change
//! or where digits start (`caf` finds `coffee-and-fudge` and
//! `caramel … from`, not `candy-gift` nor `Close-up of a shelf`). The first run
//! may be anywhere, so any substring counts. The check runs on the alignment
//! nucleo finds best (which favours word starts and runs), not on every
//! possible one. Atoms with an explicit kind (`'`, `^`, `$`) count whenever
//! they match.
//!
//! **Order.** A row's score is the sum, over its atoms, of the atom's best
//! field score. Rows are ordered by score, best first; equal scores keep the
//! chosen sort key (`s`), then site order — see `AssetList::rebuild_view`.
//!
//! **The matcher.** `Matcher` holds ~135 KB of scratch memory. Creating one
//! is cheap (1.4 µs in `benches/filter.rs`: the memory is allocated, not
//! touched), so this is not about the constructor: one is kept per thread
//! (`SCRATCH`) and reused by every rebuild and every frame so its pages stay
//! warm, and it lives outside `App` because it is scratch, not state — `App`
//! stays plain data (its `Clone`/`Debug` derives need nothing special) and
//! rendering, which takes `&App`, computes highlights without a `RefCell` in
//! the state. Both run on the UI thread and never nest; should they ever, a
//! fresh matcher is used rather than panicking on the `RefCell`.
//!
//! **Highlights** are computed at render time for the visible rows only
//! ([`Query::highlights`]), so drawing stays O(visible rows) and the view holds
//! no per-row match data.

use std::borrow::Cow;
use std::cell::RefCell;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::Entry;
use crate::source::listing::name_key_display_str;
use crate::text::{clean, decode_file_name};

/// Characters a fuzzy match may skip inside a word (dropped vowels, a
/// doubled letter); a longer skip must land on the start of a word.
pub const MAX_SKIP: u32 = 2;

/// A parsed, non-empty filter.
#[derive(Debug, Clone)]
pub struct Query {
    pattern: Pattern,
}

impl Query {
    /// Parses `text` (see the module docs); `None` when it holds no atom
    /// (empty, only spaces, or a lone `!`/`^`).
    pub fn parse(text: &str) -> Option<Query> {
        let pattern = Pattern::parse(text, CaseMatching::Smart, Normalization::Smart);
        (!pattern.atoms.is_empty()).then_some(Query { pattern })
    }

    /// The entry's score, or `None` when it does not match.
    pub fn score(&self, entry: &Entry) -> Option<u32> {
        with_scratch(|scratch| self.score_with(scratch, entry))
    }

    /// Scores `rows` (index and entry) and returns the matching ones with their
    /// scores, in the order given; one borrow of the matcher for the lot.
    pub fn rank<'e>(
        &self,
        rows: impl IntoIterator<Item = (usize, &'e Entry)>,
    ) -> Vec<(usize, u32)> {
        with_scratch(|scratch| {
            rows.into_iter()
                .filter_map(|(i, entry)| Some((i, self.score_with(scratch, entry)?)))
                .collect()
        })
    }

    /// Which characters of `text` the atoms match, for highlighting: sorted,
    /// distinct `char` indices (see [`haystack`]). Atoms that
    /// do not match `text` (they matched another field) and fuzzy atoms under
    /// the quality floor add nothing.
    pub fn highlights(&self, text: &str) -> Vec<u32> {
        with_scratch(|scratch| {
            let Scratch {
                matcher,
                bufs,
                indices,
            } = scratch;
            let haystack = haystack(text, &mut bufs[0]);
            let mut hits = Vec::new();
            for atom in self.pattern.atoms.iter().filter(|a| !a.negative) {
                if atom_score(atom, haystack, matcher, indices).is_some() {
                    hits.extend_from_slice(indices);
                }
            }
            hits.sort_unstable();
            hits.dedup();
            hits
        })
    }

    fn score_with(&self, scratch: &mut Scratch, entry: &Entry) -> Option<u32> {
        let Scratch {
            matcher,
            bufs: [id_buf, name_buf, file_buf, alt_buf],
            indices,
        } = scratch;
        // Declared before `fields`, which borrows them.
        let name: Cow<'_, str>;
        let file: Cow<'_, str>;
        let mut fields: [Option<Utf32Str<'_>>; 4] = [None; 4];
        fields[0] = Some(haystack(entry.id().as_str(), id_buf));
        if let Some(asset) = entry.asset() {
            name = shown_name(&asset.display_name);
            fields[1] = Some(haystack(&name, name_buf));
            file = decode_file_name(&asset.original_file_name);
            // Usually the same as the name: match it once.
            if file != name {
                fields[2] = Some(haystack(&file, file_buf));
            }
            if let Some(alt) = asset.alt_text.as_deref() {
                fields[3] = Some(haystack(alt, alt_buf));
            }
        }
        let mut total = 0u32;
        for atom in &self.pattern.atoms {
            if atom.negative {
                // `score` is `None` where a negative atom's text is found.
                if fields
                    .iter()
                    .flatten()
                    .any(|&field| atom.score(field, matcher).is_none())
                {
                    return None;
                }
                continue;
            }
            let best = fields
                .iter()
                .flatten()
                .filter_map(|&field| atom_score(atom, field, matcher, indices))
                .max()?;
            total += u32::from(best);
        }
        Some(total)
    }
}

/// `text` for the matcher, one element per `char`, so that match indices are
/// `char` indices. (nucleo's `Utf32Str::new` keeps one `char` per grapheme
/// cluster, but falls back to the raw bytes when those are all ASCII — as in
/// `e` + a combining accent — which would make its indices byte offsets.)
fn haystack<'a>(text: &'a str, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    if text.is_ascii() {
        Utf32Str::Ascii(text.as_bytes())
    } else {
        buf.clear();
        buf.extend(text.chars());
        Utf32Str::Unicode(buf)
    }
}

/// A positive atom's score in `field`, when it matches there tightly enough
/// (see the module docs); its matched positions are left in `indices`.
fn atom_score(
    atom: &Atom,
    field: Utf32Str<'_>,
    matcher: &mut Matcher,
    indices: &mut Vec<u32>,
) -> Option<u16> {
    indices.clear();
    let score = atom.indices(field, matcher, indices)?;
    if atom.kind == AtomKind::Fuzzy {
        let tight = indices.windows(2).all(|pair| {
            let skipped = pair[1] - pair[0] - 1;
            skipped <= MAX_SKIP || word_start(field, pair[1])
        });
        if !tight {
            return None;
        }
    }
    Some(score)
}

/// Whether the character at `i` starts a word: the first of the field, a
/// letter or digit after anything else, an upper-case letter after a
/// lower-case one, a digit after a non-digit.
fn word_start(field: Utf32Str<'_>, i: u32) -> bool {
    if i == 0 {
        return true;
    }
    let (before, c) = (field.get(i - 1), field.get(i));
    (!before.is_alphanumeric() && c.is_alphanumeric())
        || (before.is_lowercase() && c.is_uppercase())
        || (!before.is_numeric() && c.is_numeric())
}

/// A display name as the list shows it: percent-decoded, without the
/// `<objectId>_` prefix Webflow adds, cleaned of terminal controls. Borrowed
/// when nothing had to change (the common case), so filtering 100,000 rows
/// allocates little.
pub fn shown_name(display_name: &str) -> Cow<'_, str> {
    match decode_file_name(display_name) {
        Cow::Borrowed(decoded) => clean(name_key_display_str(decoded)),
        Cow::Owned(decoded) => Cow::Owned(clean(name_key_display_str(&decoded)).into_owned()),
    }
}

/// The matcher, the buffers for non-ASCII fields (one per field, as the
/// fields of a row are held at once) and one for match positions.
struct Scratch {
    matcher: Matcher,
    bufs: [Vec<char>; 4],
    indices: Vec<u32>,
}

impl Scratch {
    fn new() -> Self {
        Self {
            matcher: Matcher::new(Config::DEFAULT),
            bufs: Default::default(),
            indices: Vec::new(),
        }
    }
}

thread_local! {
    /// The UI thread's matcher, reused by every rebuild and frame.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        // Re-entered (never in practice): a fresh matcher beats a panic.
        Err(_) => f(&mut Scratch::new()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(query: &str, text: &str) -> Vec<u32> {
        Query::parse(query).unwrap().highlights(text)
    }

    #[test]
    fn fuzzy_atoms_must_match_tightly() {
        assert_eq!(hits("caf", "cafe.jpg"), [0, 1, 2]);
        assert_eq!(hits("caf", "coffee-and-fudge"), [0, 7, 11]);
        assert_eq!(hits("crml", "caramel"), [0, 2, 4, 6]);
        assert_eq!(hits("caf", "decaf"), [2, 3, 4]);
        assert!(hits("caf", "candy-gift").is_empty());
        assert!(hits("caf", "Close-up of a shelf").is_empty());
        assert!(hits("caf", "63938b302ea6bec5287fa5").is_empty());
        // camelCase and digits start words.
        assert_eq!(hits("cf", "candyFront"), [0, 5]);
        assert_eq!(hits("i48", "IMG_4821"), [0, 4, 5]);
    }

    #[test]
    fn every_atom_highlights_and_negatives_do_not() {
        assert_eq!(hits("jar fr !side", "candy-jar-front"), [6, 7, 8, 10, 11]);
        assert_eq!(hits("^can", "candy"), [0, 1, 2]);
        assert!(hits("^jar", "candy-jar").is_empty());
    }

    #[test]
    fn indices_count_chars() {
        // `é` as e + combining acute is two chars: `f` is the fourth.
        assert_eq!(hits("cf", "ce\u{301}f"), [0, 3]);
        assert_eq!(hits("caf", "Café-menu"), [0, 1, 2]);
        assert_eq!(hits("cafe", "Cafe\u{301}-menu"), [0, 1, 2, 3]);
    }

    #[test]
    fn empty_text_is_no_query() {
        assert!(Query::parse("").is_none());
        assert!(Query::parse("   ").is_none());
        assert!(Query::parse("!").is_none());
    }

    #[test]
    fn shown_name_drops_the_id_prefix_and_decodes() {
        assert_eq!(
            shown_name("682c6374f0100f20fc67b7df_candy%20jar.jpg"),
            "candy jar.jpg"
        );
        assert!(matches!(shown_name("plain.png"), Cow::Borrowed(_)));
    }
}
