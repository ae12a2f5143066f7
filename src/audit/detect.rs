//! Detectors over one present, cleaned and trimmed alt text: file names
//! (cameras, phones, messengers, screenshots, stock sites, design tools, hashes,
//! versions, the asset's own name), placeholders and non-descriptions, redundant
//! phrasing and keyword stuffing. Pure string functions over the word lists of
//! [`super::words`]; `check_asset` decides what they mean.
//!
//! The text is read as words (letters and digits; inner hyphens kept,
//! apostrophes and underscores cutting) and punctuation marks, so a rule looks
//! at what stands where ("An image of …", "… (photo)") instead of matching
//! whole strings.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::text;
use crate::webflow::Asset;

use super::words;

/// The text rules' verdicts for one alt text, with the suppressions applied.
pub(super) struct TextChecks {
    /// The cleaned, trimmed text, lowercased (computed once).
    pub(super) lower: String,
    pub(super) chars: usize,
    pub(super) file_name: Option<FileNameReason>,
    pub(super) redundant: Option<Redundant>,
    pub(super) placeholder: bool,
    pub(super) stuffing: Option<Stuffing>,
}

impl TextChecks {
    /// `t` is the cleaned, trimmed, non-empty alt text; `extra` the site's own
    /// placeholder words.
    pub(super) fn run(asset: &Asset, t: &str, extra: &[String]) -> Self {
        let lower = t.to_lowercase();
        let toks = tokens(&lower);
        // Names cameras, phones, tools and stock sites give files are file names
        // even when made of placeholder words ("IMG_1234", "Frame 12").
        let strong = machine_file_name(t, &lower, &toks)
            .map(|reason| own_name(asset, &lower).unwrap_or(reason));
        let placeholder = strong.is_none() && is_placeholder(&lower, &toks, extra);
        // A placeholder ("logo", "image 1") is reported as such, not as a file name.
        let file_name = if placeholder {
            None
        } else {
            strong.or_else(|| file_name_reason(asset, t, &lower, &toks))
        };
        // A text that is already an error is fixed whole: no second finding.
        let plain = !placeholder && file_name.is_none();
        Self {
            chars: text::char_count(t),
            redundant: if plain {
                redundant(&lower, &toks)
            } else {
                None
            },
            stuffing: if plain {
                keyword_stuffing(&lower, &toks)
            } else {
                None
            },
            placeholder,
            file_name,
            lower,
        }
    }
}

// --- words and tokens ------------------------------------------------------------

const MEDIA: u32 = 1;
const FUNCTION: u32 = 1 << 1;
const FILLER: u32 = 1 << 2;
const INSTRUCTION: u32 = 1 << 3;
const GENERIC: u32 = 1 << 4;
const REDUNDANT: u32 = 1 << 5;
const LEAD: u32 = 1 << 6;
const CONNECTOR: u32 = 1 << 7;
const OBJECT: u32 = 1 << 8;
const SEO: u32 = 1 << 9;
const SCREENSHOT: u32 = 1 << 10;
const MACHINE: u32 = 1 << 11;
const STOCK: u32 = 1 << 12;
const DESIGN: u32 = 1 << 13;
const VERSION: u32 = 1 << 14;
const GRAMMAR: u32 = 1 << 15;

/// A word that, alone, is no description.
const CORE: u32 = MEDIA | FUNCTION | FILLER | INSTRUCTION;

/// FNV-1a: the word lists are fixed and the keys short, so a simple hash beats
/// the default (SipHash) by several times on the audit's hot path.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type WordMap = HashMap<&'static str, u32, BuildHasherDefault<Fnv>>;

/// Every listed word with the lists it is in.
static WORDS: LazyLock<WordMap> = LazyLock::new(|| {
    let lists: [(&[&str], u32); 16] = [
        (words::MEDIA, MEDIA),
        (words::FUNCTION, FUNCTION),
        (words::FILLER, FILLER),
        (words::INSTRUCTION, INSTRUCTION),
        (words::GENERIC, GENERIC),
        (words::REDUNDANT_MEDIA, REDUNDANT),
        (words::LEADS, LEAD),
        (words::CONNECTORS, CONNECTOR),
        (words::OBJECT_BEFORE_MEDIA, OBJECT),
        (words::SEO, SEO),
        (words::SCREENSHOT_WORDS, SCREENSHOT),
        (words::MACHINE_WORDS, MACHINE),
        (words::STOCK_SITES, STOCK),
        (words::DESIGN_DEFAULTS, DESIGN),
        (words::VERSION_SUFFIXES, VERSION),
        (words::GRAMMAR, GRAMMAR),
    ];
    let mut map = WordMap::with_capacity_and_hasher(1200, Default::default());
    for (list, class) in lists {
        for w in list {
            *map.entry(*w).or_insert(0) |= class;
        }
    }
    map
});

/// The lists `w` (lowercase) is in.
fn class(w: &str) -> u32 {
    WORDS.get(w).copied().unwrap_or(0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok<'a> {
    /// Letters and digits, inner hyphens included; a slice of the lowercase text.
    Word(&'a str, usize),
    /// Any other visible character, with its byte offset.
    Punct(char, usize),
}

impl<'a> Tok<'a> {
    fn word(self) -> Option<&'a str> {
        match self {
            Tok::Word(w, _) => Some(w),
            Tok::Punct(..) => None,
        }
    }

    fn punct(self) -> Option<char> {
        match self {
            Tok::Punct(c, _) => Some(c),
            Tok::Word(..) => None,
        }
    }

    /// The byte offset just past the token.
    fn end(self) -> usize {
        match self {
            Tok::Word(w, at) => at + w.len(),
            Tok::Punct(c, at) => at + c.len_utf8(),
        }
    }
}

/// Whether `c` is part of a word (apostrophes and underscores cut words).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_blank_char(c)
}

/// Characters that show nothing yet are not removed by [`text::clean`]
/// (Braille blank, Hangul fillers, soft hyphen, combining grapheme joiner…).
fn is_blank_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{ad}'
                | '\u{34f}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180e}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{ffa0}'
                | '\u{fe00}'..='\u{fe0f}'
        )
}

/// Splits `lower` into words and punctuation marks. A hyphen between two word
/// characters stays in the word ("close-up", "foto-02"); apostrophes and
/// underscores cut words.
pub(super) fn tokens(lower: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::with_capacity(16);
    let mut start: Option<usize> = None;
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII without decoding (most alt text); other characters decoded.
        let (c, len) = if bytes[i] < 0x80 {
            (char::from(bytes[i]), 1)
        } else {
            let c = lower[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        let word = if len == 1 {
            c.is_ascii_alphanumeric()
        } else {
            is_word_char(c)
        };
        if word {
            start.get_or_insert(i);
        } else if c == '-' && start.is_some() && next_is_word(lower, i + 1) {
            // "close-up": the hyphen stays in the word.
        } else {
            if let Some(s) = start.take() {
                out.push(Tok::Word(&lower[s..i], s));
            }
            // Apostrophes cut words ("l'image", "here's") but mark nothing.
            let blank = if len == 1 {
                c.is_ascii_whitespace() || c.is_ascii_control()
            } else {
                is_blank_char(c)
            };
            if !blank && !matches!(c, '\'' | '’' | 'ʼ') {
                out.push(Tok::Punct(c, i));
            }
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(Tok::Word(&lower[s..], s));
    }
    out
}

/// Whether the character at byte `i` of `s` is a word character.
fn next_is_word(s: &str, i: usize) -> bool {
    s.get(i..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(is_word_char)
}

fn words_of<'a>(toks: &'a [Tok<'a>]) -> impl Iterator<Item = &'a str> + 'a {
    toks.iter().filter_map(|t| t.word())
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the text has Japanese (or other CJK) characters.
fn has_cjk(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(is_cjk)
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'   // hiragana, katakana
        | '\u{3400}'..='\u{4dbf}' // CJK extension A
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        | '\u{ff66}'..='\u{ff9f}' // half-width katakana
    )
}

// --- placeholders ------------------------------------------------------------------

/// Whether the whole text is a placeholder or no description at all: only
/// punctuation or invisible characters; "lorem ipsum…"; a site's own
/// placeholder word; or made only of words that name an image, a function, a
/// shape, filler or an instruction, with articles, generic qualifiers and
/// numbers ("Image 3", "foto_02", "Our company logo", "Click here", "Enter
/// alt text", "Bild beschreiben", "商品画像").
pub(super) fn is_placeholder(lower: &str, toks: &[Tok<'_>], extra: &[String]) -> bool {
    // Only punctuation, symbols of punctuation's kind, or blank characters. An
    // emoji is something.
    if !toks.iter().any(|t| match *t {
        Tok::Word(..) => true,
        Tok::Punct(c, _) => !is_punctuation_like(c),
    }) {
        return true;
    }
    if !extra.is_empty() {
        let norm = normalized(toks, lower);
        if extra.iter().any(|e| {
            let e = e.trim();
            !e.is_empty()
                && (eq_lower(&norm, e)
                    || norm.get(..e.len()).is_some_and(|head| {
                        eq_lower(head, e)
                            && norm[e.len()..]
                                .trim_start_matches([' ', '-', '_', '#'])
                                .bytes()
                                .all(|b| b.is_ascii_digit())
                    }))
        }) {
            return true;
        }
    }
    // "spacer.gif" is a file name.
    if lower.as_bytes()[lower.len().saturating_sub(6)..].contains(&b'.')
        && FILE_EXTENSIONS.iter().any(|ext| {
            lower
                .strip_suffix(ext)
                .is_some_and(|stem| !stem.trim().is_empty())
        })
    {
        return false;
    }
    let n_words = toks.iter().filter(|t| t.word().is_some()).count();
    let first = toks.iter().find_map(|t| t.word()).unwrap_or_default();
    if matches!(first, "lorem" | "dolor" | "lipsum") {
        let trimmed = lower.trim_start_matches(|c: char| !is_word_char(c));
        if words::LOREM.iter().any(|l| trimmed.starts_with(l)) {
            return true;
        }
    }
    if n_words > 8 || lower.len() > 120 {
        return false;
    }
    if lower.len() <= 6
        && matches!(
            normalized(toks, lower).as_str(),
            "n/a" | "n.a." | "n. a." | "k.a." | "k. a."
        )
    {
        return true;
    }
    let mut core = false;
    for w in words_of(toks) {
        // Numbers and sizes: "Image 3", "1x1 pixel".
        if is_number(w)
            || w.split_once('x')
                .is_some_and(|(a, b)| is_number(a) && is_number(b))
        {
            continue;
        }
        match non_content(w) {
            Some(is_core) => core |= is_core,
            None => return false,
        }
    }
    core
}

/// `Some(true)` for a word that alone is no description, `Some(false)` for one
/// that adds nothing (article, generic qualifier), `None` for a content word.
fn non_content(w: &str) -> Option<bool> {
    let c = class(w);
    if c & CORE != 0 {
        return Some(true);
    }
    if c & (GENERIC | GRAMMAR) != 0 {
        return Some(false);
    }
    if w.len() == 1 && w.is_ascii() {
        // A stray letter ("n°3", "x").
        return Some(false);
    }
    // "image3", "foto-02", "bild1".
    let stem = w.trim_end_matches(|c: char| c.is_ascii_digit());
    let stem = stem.strip_suffix('-').unwrap_or(stem);
    if stem.len() < w.len() && !stem.is_empty() {
        return non_content(stem);
    }
    // "hero-banner", "alt-tekst".
    if w.contains('-') {
        let mut core = false;
        for part in w.split('-') {
            core |= non_content(part)?;
        }
        return Some(core);
    }
    if is_keyboard_mash(w) {
        return Some(true);
    }
    if has_cjk(w) {
        return ja_placeholder(w).then_some(true);
    }
    // Compounds: "produktbild", "teamfoto", "achtergrondafbeelding".
    for suffix in [
        "afbeelding",
        "bilder",
        "bild",
        "fotos",
        "foto",
        "grafik",
        "logo",
        "banner",
    ] {
        if let Some(head) = w.strip_suffix(suffix)
            && head.len() >= 3
        {
            let head = head.strip_suffix(['s', '-']).unwrap_or(head);
            if class(head) & (CORE | GENERIC) != 0 {
                return Some(true);
            }
        }
    }
    None
}

/// "asdf", "qwerty", "xxxx", "aaaa": a keyboard row or one repeated letter.
fn is_keyboard_mash(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() >= 3 && b.iter().all(|&c| c == b[0] && c.is_ascii_alphabetic()) {
        return true;
    }
    b.len() >= 4
        && b.iter().all(u8::is_ascii_lowercase)
        && [
            "qwertyuiop",
            "asdfghjkl",
            "zxcvbnm",
            "azertyuiop",
            "qwertzuiop",
        ]
        .iter()
        .any(|row| row.contains(w))
}

/// Japanese: the text is made only of placeholder words, digits and
/// punctuation ("画像1", "商品画像", "代替テキストを入力").
fn ja_placeholder(w: &str) -> bool {
    let mut rest = w;
    let mut core = false;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let Some(word) = words::JA_PLACEHOLDER
            .iter()
            .filter(|p| rest.starts_with(**p))
            .max_by_key(|p| p.len())
        else {
            return false;
        };
        core |= !matches!(
            *word,
            "の" | "を" | "は" | "に" | "して" | "する" | "ください" | "下さい" | "です"
        );
        rest = &rest[word.len()..];
    }
    core
}

/// Punctuation, arrows, bullets and box-drawing marks: characters that say
/// nothing about a picture (WAVE counts `*` as suspicious alt text).
fn is_punctuation_like(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{a1}'..='\u{bf}'       // ¡ ¢ … ¿ (Latin-1 punctuation and signs)
            | '\u{2010}'..='\u{205e}' // dashes, quotes, bullets, ‰, ※
            | '\u{2190}'..='\u{21ff}' // arrows
            | '\u{2500}'..='\u{25ff}' // box drawing, blocks, geometric shapes
            | '\u{2600}'..='\u{2606}' | '\u{2610}'..='\u{2612}'
            | '\u{3000}'..='\u{303f}' // CJK punctuation
            | '\u{30fb}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}'
            | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}'
        )
}

/// The words and inner punctuation of the text, single-spaced, without
/// surrounding punctuation: `"[Logo]!"` → `logo`.
fn normalized(toks: &[Tok<'_>], lower: &str) -> String {
    let first = toks.iter().position(|t| t.word().is_some());
    let last = toks.iter().rposition(|t| t.word().is_some());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let mut out = String::with_capacity(lower.len());
    let mut prev_end = None;
    for t in &toks[first..=last] {
        let at = match *t {
            Tok::Word(_, at) | Tok::Punct(_, at) => at,
        };
        if let Some(end) = prev_end
            && at > end
        {
            out.push(' ');
        }
        out.push_str(&lower[at..t.end()]);
        prev_end = Some(t.end());
    }
    out
}

// --- redundant phrasing --------------------------------------------------------------

/// Where a word screen readers already say frames the description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Redundant {
    /// "An image of …", "Photo: …", "[Bild] …", "画像：…" (the opening as written,
    /// lowercase).
    Start(String),
    /// "… image", "… (photo)", "…の写真".
    End(String),
    /// "…, photo by Jane Doe", "… | image courtesy of …".
    Credit(String),
}

impl Redundant {
    pub(super) fn detail(&self) -> String {
        match self {
            Redundant::Start(p) => format!(
                "starts with \"{p}\": screen readers already announce an image; describe what \
                 it shows"
            ),
            Redundant::End(p) => format!(
                "ends with \"{p}\": screen readers already announce an image; describe what it \
                 shows"
            ),
            Redundant::Credit(p) => format!(
                "has a credit (\"{p}\"): screen readers already announce an image, and credits \
                 belong in a caption"
            ),
        }
    }
}

const OPENING: [char; 8] = ['(', '[', '{', '【', '（', '［', '「', '«'];
const CLOSING: [char; 8] = [')', ']', '}', '】', '）', '］', '」', '»'];
/// Marks that set a label off from what follows or precedes it.
const SEPARATORS: [char; 11] = [':', '-', '–', '—', '|', '/', '·', '•', '：', '｜', '~'];

/// Redundant phrasing, where the medium is a label on the description rather
/// than its subject: "Picture window overlooking a lake" and "Family photo
/// album" are not flagged; "An image of a lake", "Photo: a lake", "Lake at
/// dawn (photo)" and "Lake at dawn image" are.
pub(super) fn redundant(lower: &str, toks: &[Tok<'_>]) -> Option<Redundant> {
    if has_cjk(lower)
        && let Some(r) = ja_redundant(lower)
    {
        return Some(r);
    }
    redundant_start(lower, toks)
        .or_else(|| redundant_end(lower, toks))
        .or_else(|| credit(lower, toks))
}

fn is_redundant_word(t: Option<&Tok<'_>>) -> bool {
    t.and_then(|t| t.word())
        .is_some_and(|w| class(w) & REDUNDANT != 0)
}

fn has_word_after(toks: &[Tok<'_>], i: usize) -> bool {
    toks.get(i..)
        .is_some_and(|r| r.iter().any(|t| t.word().is_some()))
}

fn redundant_start(lower: &str, toks: &[Tok<'_>]) -> Option<Redundant> {
    let mut i = 0;
    // "[Photo] Two cats", "(Bild) …".
    if let Some(open) = toks.first().and_then(|t| t.punct())
        && OPENING.contains(&open)
    {
        if is_redundant_word(toks.get(1))
            && toks
                .get(2)
                .and_then(|t| t.punct())
                .is_some_and(|c| CLOSING.contains(&c))
            && has_word_after(toks, 3)
        {
            return Some(Redundant::Start(lower[..toks[2].end()].to_string()));
        }
        return None;
    }
    // Leads: "This is a", "An", "Close-up", "Hero"… (at most four words).
    while i < 4
        && toks
            .get(i)
            .and_then(|t| t.word())
            .is_some_and(|w| class(w) & LEAD != 0)
    {
        if is_redundant_word(toks.get(i)) && start_after_media(toks, i).is_some() {
            break;
        }
        i += 1;
    }
    if !is_redundant_word(toks.get(i)) {
        return None;
    }
    let at = match toks[i] {
        Tok::Word(_, at) | Tok::Punct(_, at) => at,
    };
    if words::IDIOMS
        .iter()
        .any(|idiom| lower[at..].starts_with(idiom))
    {
        return None;
    }
    let end = start_after_media(toks, i)?;
    Some(Redundant::Start(lower[..end].to_string()))
}

/// After the media word at `i`: the end of "of"/"showing"/":"… when a
/// description follows.
fn start_after_media(toks: &[Tok<'_>], i: usize) -> Option<usize> {
    let mut j = i + 1;
    // "Image 3: …", "Photo #2 - …".
    while toks
        .get(j)
        .is_some_and(|t| t.word().is_some_and(is_number) || t.punct() == Some('#'))
    {
        j += 1;
    }
    match toks.get(j)? {
        Tok::Word(w, _) if class(w) & CONNECTOR != 0 => {
            // "of:" — the mark belongs to the opening.
            has_word_after(toks, j + 1).then_some(toks[j].end())
        }
        Tok::Punct(c, _) if (SEPARATORS.contains(c) || *c == ',') && j == i + 1 => {
            has_word_after(toks, j + 1).then_some(toks[j].end())
        }
        _ => None,
    }
}

fn redundant_end(lower: &str, toks: &[Tok<'_>]) -> Option<Redundant> {
    // Skip closing sentence punctuation.
    let mut k = toks.len();
    while k > 0
        && toks[k - 1]
            .punct()
            .is_some_and(|c| matches!(c, '.' | '!' | '…' | '。' | '！'))
    {
        k -= 1;
    }
    // "… – Bild 4", "… - photo #2".
    let mut n = k;
    while n > 1 && toks[n - 1].word().is_some_and(is_number) {
        n -= 1;
        if n > 1 && toks[n - 1].punct() == Some('#') {
            n -= 1;
        }
    }
    if n < k && is_redundant_word(toks.get(n - 1)) {
        k = n;
    }
    let toks = &toks[..k];
    let last = toks.len().checked_sub(1)?;
    // "… (photo)", "… [image]".
    if toks[last].punct().is_some_and(|c| CLOSING.contains(&c))
        && last >= 2
        && is_redundant_word(toks.get(last - 1))
        && toks[last - 2].punct().is_some_and(|c| OPENING.contains(&c))
        && toks[..last - 2].iter().any(|t| t.word().is_some())
    {
        let at = match toks[last - 2] {
            Tok::Punct(_, at) | Tok::Word(_, at) => at,
        };
        return Some(Redundant::End(lower[at..toks[last].end()].to_string()));
    }
    let w = toks[last].word()?;
    if !is_end_media(w) || last == 0 {
        return None;
    }
    match toks[last - 1] {
        // "Lake at dawn - photo", "Lake at dawn | image".
        Tok::Punct(c, _) if SEPARATORS.contains(&c) || c == ',' => toks[..last - 1]
            .iter()
            .any(|t| t.word().is_some())
            .then(|| Redundant::End(w.to_string())),
        Tok::Word(before, _) => {
            let object = class(before) & (OBJECT | GRAMMAR) != 0
                || before.ends_with("ing")
                || class(before) & (MEDIA | GENERIC) != 0 && last == 1;
            (!object).then(|| Redundant::End(w.to_string()))
        }
        _ => None,
    }
}

/// Media words flagged at the end of a text (singular: "… taking photos" is an
/// activity, not a label).
fn is_end_media(w: &str) -> bool {
    matches!(
        w,
        "image"
            | "picture"
            | "photo"
            | "photograph"
            | "pic"
            | "img"
            | "graphic"
            | "bild"
            | "foto"
            | "imagen"
            | "immagine"
            | "imagem"
            | "afbeelding"
    )
}

/// "photo by …", "image courtesy of …", "photo credit" after other words.
fn credit(lower: &str, toks: &[Tok<'_>]) -> Option<Redundant> {
    for (i, pair) in toks.windows(2).enumerate() {
        let Some(media) = pair[0].word() else {
            continue;
        };
        let credit = match pair[1] {
            Tok::Word(next, _) => {
                i > 0 && matches!(next, "by" | "credit" | "credits" | "courtesy" | "par")
            }
            Tok::Punct(c, _) => c == '©',
        };
        if credit && class(media) & REDUNDANT != 0 && has_word_after(toks, i + 2) {
            let at = match pair[0] {
                Tok::Word(_, at) | Tok::Punct(_, at) => at,
            };
            return Some(Redundant::Credit(lower[at..pair[1].end()].to_string()));
        }
    }
    None
}

/// Japanese: "画像：…", "【写真】…" at the start, "…の写真" at the end.
fn ja_redundant(lower: &str) -> Option<Redundant> {
    let t = lower.trim();
    for m in words::JA_REDUNDANT_MEDIA {
        // 【画像】…
        if let Some(open) = t.chars().next()
            && OPENING.contains(&open)
            && let Some(rest) = t[open.len_utf8()..].strip_prefix(m)
            && let Some(close) = rest.chars().next()
            && CLOSING.contains(&close)
            && !rest[close.len_utf8()..].trim().is_empty()
        {
            return Some(Redundant::Start(
                t[..open.len_utf8() + m.len() + close.len_utf8()].to_string(),
            ));
        }
        // 画像：…
        if let Some(rest) = t.strip_prefix(m)
            && let Some(sep) = rest.chars().next()
            && (SEPARATORS.contains(&sep) || sep == ' ' || sep == '\u{3000}')
            && !rest[sep.len_utf8()..].trim().is_empty()
        {
            return Some(Redundant::Start(
                t[..m.len() + sep.len_utf8()].trim().to_string(),
            ));
        }
        // …の写真(です)
        let body = t.trim_end_matches(['。', '.', '！', '!', ' ']);
        let body = body.strip_suffix("です").unwrap_or(body);
        if let Some(head) = body.strip_suffix(m)
            && let Some(head) = head.strip_suffix('の')
            && !head.trim().is_empty()
        {
            return Some(Redundant::End(format!("の{m}")));
        }
    }
    None
}

// --- keyword stuffing ---------------------------------------------------------------

/// Why a text reads as a keyword list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stuffing {
    /// The keyword the list repeats.
    Repeated(String),
    /// How many hashtags.
    Hashtags(usize),
}

impl Stuffing {
    pub(super) fn detail(&self) -> String {
        let what = match self {
            Stuffing::Repeated(w) => {
                format!("a list of keywords (\"{}\" repeated)", text::shorten(w, 30))
            }
            Stuffing::Hashtags(n) => format!("{n} hashtags"),
        };
        format!(
            "{what}, not a description: screen readers read every word; say in a sentence \
             what the image shows"
        )
    }
}

/// A list of keywords instead of a description: "candy, sweets, candy shop,
/// best candy, buy candy online"; "#candy #sweets #shop"; "candy shop candy
/// store best candy". Lists in
/// descriptions ("Gummy bears, gummy worms and gummy rings in a bowl") have
/// articles and prepositions; keyword lists do not.
pub(super) fn keyword_stuffing(lower: &str, toks: &[Tok<'_>]) -> Option<Stuffing> {
    let hashtags = toks
        .windows(2)
        .filter(|p| p[0].punct() == Some('#') && p[1].word().is_some_and(|w| !is_number(w)))
        .count();
    if hashtags >= 3 {
        return Some(Stuffing::Hashtags(hashtags));
    }
    // Two articles or prepositions make a sentence (most descriptions stop
    // here, after a word or two).
    let grammar = words_of(toks)
        .filter(|w| class(w) & GRAMMAR != 0)
        .take(2)
        .count();
    let cjk = has_cjk(lower);
    if grammar >= 2 && !cjk {
        return None;
    }

    // Items between commas, semicolons, pipes, slashes, bullets.
    let is_item_sep = |c: char| {
        matches!(
            c,
            ',' | ';' | '|' | '/' | '·' | '•' | '、' | '，' | '；' | '｜'
        )
    };
    let separators = toks
        .iter()
        .filter(|t| t.punct().is_some_and(is_item_sep))
        .count();
    let items: Vec<&str> = if separators < 2 {
        Vec::new()
    } else {
        lower
            .split(is_item_sep)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    };
    if items.len() >= 3 {
        let sizes: Vec<usize> = items.iter().map(|i| i.split_whitespace().count()).collect();
        let short = sizes.iter().filter(|&&n| n <= 4).count();
        if short * 4 >= items.len() * 3 && sizes.iter().all(|&n| n <= 7) && grammar <= 1 {
            if let Some(word) = repeated_across(&items, 3) {
                return Some(Stuffing::Repeated(word));
            }
            let seo = words_of(toks).filter(|w| class(w) & SEO != 0).count();
            if seo >= 2
                && let Some(word) = repeated_across(&items, 2)
            {
                return Some(Stuffing::Repeated(word));
            }
        }
        // Japanese lists: an item inside two others (キャンディ, キャンディ通販…).
        if cjk {
            for item in &items {
                if item.chars().count() >= 2
                    && items.iter().filter(|other| other.contains(item)).count() >= 3
                {
                    return Some(Stuffing::Repeated((*item).to_string()));
                }
            }
        }
    }
    // No separators: one keyword making up two words in five, among others,
    // and no grammar at all ("candy shop candy store best candy").
    let n = words_of(toks).count();
    if n >= 5 && grammar == 0 {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for w in words_of(toks).filter(|w| is_keyword(w)) {
            let stem = stem(w);
            match counts.iter_mut().find(|(s, _)| *s == stem) {
                Some((_, c)) => *c += 1,
                None => counts.push((stem, 1)),
            }
        }
        let distinct = counts.len();
        if let Some((w, c)) = counts.into_iter().max_by_key(|&(_, c)| c)
            && distinct >= 2
            && c >= 3
            && c * 5 >= n * 2
        {
            return Some(Stuffing::Repeated(w.to_string()));
        }
    }
    None
}

/// A word a keyword list could repeat: 3 letters or more, not a number, not an
/// article or preposition.
fn is_keyword(w: &str) -> bool {
    w.chars().count() >= 3 && !is_number(w) && class(w) & (GRAMMAR | GENERIC) == 0
}

/// Plural and singular count as one keyword.
fn stem(w: &str) -> &str {
    w.strip_suffix("es")
        .filter(|s| s.len() >= 3 && s.ends_with(['s', 'x', 'z', 'h']))
        .or_else(|| {
            w.strip_suffix('s')
                .filter(|s| s.len() >= 3 && !s.ends_with('s'))
        })
        .unwrap_or(w)
}

/// A keyword found in at least `min` of the items.
fn repeated_across(items: &[&str], min: usize) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for item in items {
        let mut seen: Vec<&str> = Vec::new();
        for w in item
            .split(|c: char| !is_word_char(c) && c != '-')
            .filter(|w| is_keyword(w))
        {
            let s = stem(w);
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        for s in seen {
            match counts.iter_mut().find(|(k, _)| *k == s) {
                Some((_, c)) => *c += 1,
                None => counts.push((s, 1)),
            }
        }
    }
    counts
        .into_iter()
        .filter(|&(_, c)| c >= min)
        .max_by_key(|&(_, c)| c)
        .map(|(w, _)| w.to_string())
}

// --- file names ----------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileNameReason {
    OwnFileName,
    OwnFileStem,
    Extension(&'static str),
    Camera,
    Screenshot,
    Messenger,
    Stock,
    DesignTool,
    Version,
    WebflowName,
    Hash,
    Slug,
}

impl FileNameReason {
    pub(super) fn detail(self) -> String {
        let what = match self {
            FileNameReason::OwnFileName => "is the asset's file name",
            FileNameReason::OwnFileStem => "is the asset's file name without its extension",
            FileNameReason::Extension(ext) => {
                return format!(
                    "ends in \"{ext}\" like a file name: describe what the image shows instead"
                );
            }
            FileNameReason::Camera => {
                "looks like a camera's or phone's file name (IMG_1234, DSC…, a date and time)"
            }
            FileNameReason::Screenshot => "looks like a screenshot's default file name",
            FileNameReason::Messenger => {
                "looks like a file name from a messenger (WhatsApp, Signal, Telegram…)"
            }
            FileNameReason::Stock => "looks like a stock photo's download name",
            FileNameReason::DesignTool => {
                "looks like a design tool's default layer name (Frame 12, Group 5…)"
            }
            FileNameReason::Version => {
                "looks like a file name with a version or size (-v2, _final, @2x, -1024x768)"
            }
            FileNameReason::WebflowName => "looks like a Webflow asset name (ID prefix)",
            FileNameReason::Hash => "looks like a generated ID or hash",
            FileNameReason::Slug => "looks like a file-name slug (words joined by - or _)",
        };
        format!("{what}: describe what the image shows instead")
    }
}

pub(super) const FILE_EXTENSIONS: [&str; 18] = [
    ".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif",
    ".tiff", ".heic", ".heif", ".ico", ".psd", ".dng", ".pdf",
];

/// Names that devices, apps, stock sites and design tools give files: camera
/// and phone names, dates and times from messengers and screenshots (in the OS
/// languages), stock downloads, design tools' layer names and version or size
/// suffixes. These win over the placeholder rule ("IMG_1234", "Frame 12").
pub(super) fn machine_file_name(t: &str, lower: &str, toks: &[Tok<'_>]) -> Option<FileNameReason> {
    // "Copy of IMG_2045" (Google Drive, Canva).
    if let Some(rest) = lower.strip_prefix("copy of ")
        && let Some(rest_t) = t.get(8..)
        && rest_t.len() == rest.len()
    {
        return machine_file_name(rest_t, rest, &tokens(rest));
    }
    if is_camera_name(t) || is_panasonic_name(lower) {
        return Some(FileNameReason::Camera);
    }
    // Every name below has at most 14 words ("Captura de pantalla 2024-01-22 a
    // las 9.41.03"): longer texts are descriptions.
    if words_of(toks).nth(14).is_some() {
        return None;
    }
    let digits = lower.bytes().filter(u8::is_ascii_digit).count();
    let single = !t.contains(char::is_whitespace);
    // Without digits only "Mask group" and one-word versions ("banner_final")
    // are left: skip the rest for ordinary descriptions.
    if digits == 0 && !single && words_of(toks).nth(2).is_some() {
        return None;
    }
    let words: Vec<&str> = words_of(toks).collect();
    let first = *words.first()?;

    // Design tools: "Frame 12", "Group 5 copy", "Mask group", "Artboard 1".
    if words.len() <= 4
        && class(first) & DESIGN != 0
        && words[1..]
            .iter()
            .any(|w| is_number(w) || class(w) & DESIGN != 0)
        && words[1..]
            .iter()
            .all(|w| is_number(w) || class(w) & DESIGN != 0 || *w == "copy")
    {
        return Some(FileNameReason::DesignTool);
    }

    // Stock sites: "shutterstock_123456", "iStock-1234", "pexels-jane-doe-123456",
    // "Pexels Photo 1108099" (not "Shutterstock's office in New York, 2019").
    let stock = |w: &str| class(w) & STOCK != 0 || w.split('-').any(|p| class(p) & STOCK != 0);
    if (single && digits >= 3 && words.iter().any(|w| stock(w)))
        || (stock(first) && words.len() <= 4 && words.iter().any(|w| w.len() >= 5 && is_number(w)))
    {
        return Some(FileNameReason::Stock);
    }

    // Dates, times and counters with only machine words around them:
    // "Screenshot 2024-03-20 at 9.03.24 PM", "Bildschirmfoto … um …",
    // "WhatsApp Image 2024-01-01 at 12.00.00", "20240101_123456",
    // "signal-2024-01-01-120000", "FB_IMG_1704067200000", "スクリーンショット 2024-…".
    let mut screenshot = false;
    let mut messenger = false;
    let mut unknown = 0;
    for w in words.iter().flat_map(|w| w.split('-')) {
        if is_number(w) || is_time_word(w) {
            continue;
        }
        // "mmexport1699999999999", "IMG20240101".
        let w = match w.trim_end_matches(|c: char| c.is_ascii_digit()) {
            stem if stem.len() < w.len() && w.len() - stem.len() >= 6 => stem,
            _ => w,
        };
        let c = class(w);
        if c & SCREENSHOT != 0 && !matches!(w, "d" | "de") {
            screenshot = true;
        } else if c & MACHINE != 0 {
            messenger |= matches!(
                w,
                "whatsapp"
                    | "signal"
                    | "telegram"
                    | "fb"
                    | "received"
                    | "messenger"
                    | "snapchat"
                    | "mmexport"
                    | "wechat"
                    | "viber"
                    | "line"
            );
        } else if c & SCREENSHOT == 0 {
            unknown += 1;
            if unknown > 1 {
                break;
            }
        }
    }
    if unknown == 0 || (unknown == 1 && screenshot && digits >= 8) {
        if screenshot && digits >= 1 {
            return Some(FileNameReason::Screenshot);
        }
        if digits >= 6 {
            return Some(if messenger {
                FileNameReason::Messenger
            } else {
                FileNameReason::Camera
            });
        }
    }

    // One token with a version or size suffix: "hero-v2", "banner_final",
    // "logo@2x", "team-1024x768", "photo-edited".
    if !t.contains(char::is_whitespace) && t.contains(['-', '_', '@', '.']) {
        let stem = strip_extension(lower).unwrap_or(lower);
        if stem.contains('@') && stem.rsplit('@').next().is_some_and(is_scale) {
            return Some(FileNameReason::Version);
        }
        let parts: Vec<&str> = stem
            .split(['-', '_', '.', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() >= 2
            && let Some(last) = parts.last()
        {
            // Two words joined by a hyphen may be a word ("all-new",
            // "extra-large", "semi-final"): only unmistakable suffixes there.
            let unmistakable = is_version(last)
                || is_size(last)
                || is_scale(last)
                || matches!(
                    *last,
                    "copy"
                        | "edited"
                        | "min"
                        | "scaled"
                        | "resized"
                        | "compressed"
                        | "optimized"
                        | "optimised"
                        | "retina"
                        | "export"
                        | "cropped"
                        | "hires"
                        | "lowres"
                        | "orig"
                        | "finalfinal"
                );
            let listed = class(last) & VERSION != 0;
            if unmistakable || (listed && (parts.len() >= 3 || stem.contains('_'))) {
                return Some(FileNameReason::Version);
            }
        }
        if parts.iter().any(|p| is_size(p)) {
            return Some(FileNameReason::Version);
        }
    }
    None
}

/// Panasonic and Olympus cameras: `P1010023`, `P5120044` (one word).
fn is_panasonic_name(lower: &str) -> bool {
    lower.len() == 8 && lower.starts_with('p') && is_number(&lower[1..])
}

/// "12", "12h30", "am", "pm", "h": parts of a time.
fn is_time_word(w: &str) -> bool {
    matches!(w, "am" | "pm" | "h")
        || (w.contains('h') && w.split('h').all(|p| p.is_empty() || is_number(p)))
}

/// `v2`, `v10`, `v2a`.
fn is_version(w: &str) -> bool {
    w.strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.as_bytes()[0].is_ascii_digit() && n.len() <= 4)
}

/// `1024x768`, `800w`, `300px`.
fn is_size(w: &str) -> bool {
    if let Some((a, b)) = w.split_once('x') {
        return a.len() >= 2 && b.len() >= 2 && is_number(a) && is_number(b);
    }
    ["w", "px"].iter().any(|s| {
        w.strip_suffix(s)
            .is_some_and(|n| n.len() >= 3 && is_number(n))
    })
}

/// `2x`, `3x` (retina scale).
fn is_scale(w: &str) -> bool {
    w.strip_suffix('x')
        .is_some_and(|n| n.len() == 1 && is_number(n))
}

/// Why `t` (cleaned, trimmed; `lower` is its lowercase) looks like a file name,
/// besides [`machine_file_name`].
pub(super) fn file_name_reason(
    asset: &Asset,
    t: &str,
    lower: &str,
    toks: &[Tok<'_>],
) -> Option<FileNameReason> {
    if let Some(reason) = own_name(asset, lower) {
        return Some(reason);
    }
    // Every extension is a dot and 3 to 4 letters.
    let tail = &lower.as_bytes()[lower.len().saturating_sub(5)..];
    if tail.contains(&b'.')
        && let Some(ext) = FILE_EXTENSIONS.iter().find(|ext| {
            lower
                .strip_suffix(**ext)
                .is_some_and(|stem| stem.ends_with(|c: char| !c.is_whitespace()))
        })
    {
        return Some(FileNameReason::Extension(ext));
    }
    let single_token = !t.contains(char::is_whitespace);
    if t.len() > 25 && t.as_bytes()[24] == b'_' && is_hex(&t[..24]) {
        return Some(FileNameReason::WebflowName);
    }
    if single_token && ((t.len() >= 16 && is_hex(t)) || is_uuid(t) || is_random_id(t)) {
        return Some(FileNameReason::Hash);
    }
    // Long numbers alone: "1704067200000".
    if toks.len() == 1 && toks[0].word().is_some_and(|w| w.len() >= 8 && is_number(w)) {
        return Some(FileNameReason::Hash);
    }
    if single_token
        && (is_slug_of_stem(asset, t, lower)
            || is_generic_slug(t, lower)
            || is_media_variant(t, lower))
    {
        return Some(FileNameReason::Slug);
    }
    None
}

/// A generated ID: 12 or more letters and digits (and `-`/`_`), with digits and
/// letters alternating often ("aB3kX9pQ2mZ7", "x1y2z3w4v5u6").
fn is_random_id(t: &str) -> bool {
    if t.len() < 12
        || !t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return false;
    }
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    let letters = t.bytes().filter(u8::is_ascii_alphabetic).count();
    let switches = t
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())
        .count();
    digits >= 4 && letters >= 2 && switches >= 6
}

/// A file-like variant of a media word: words joined by `_` ("logo_dark",
/// "team_photo"), or a lowercase image word joined by `-` to another
/// ("logo-white", "hero-final").
fn is_media_variant(t: &str, lower: &str) -> bool {
    let parts = || lower.split(['-', '_']).filter(|p| !p.is_empty());
    if parts().count() < 2 || !parts().all(|p| p.chars().all(char::is_alphanumeric)) {
        return false;
    }
    if lower.contains('_') {
        return parts()
            .filter(|p| p.chars().any(char::is_alphabetic))
            .count()
            >= 2;
    }
    !t.contains(char::is_uppercase)
        && parts()
            .next()
            .is_some_and(|first| class(first) & (MEDIA | FUNCTION) != 0)
}

/// One lowercase token of three or more words joined by `-` with no article
/// or preposition among them ("red-velvet-cake-slice"), unlike hyphenated
/// words ("state-of-the-art", "mother-in-law").
fn is_generic_slug(t: &str, lower: &str) -> bool {
    if t.contains(char::is_uppercase) || lower.len() < 14 || !lower.contains('-') {
        return false;
    }
    let parts: Vec<&str> = lower.split('-').collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| p.len() >= 2 && p.chars().all(char::is_alphanumeric))
        && !parts
            .iter()
            .any(|p| class(p) & GRAMMAR != 0 || matches!(*p, "to" | "up" | "by" | "in" | "on"))
}

pub(super) fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(super) fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `lower` equals one of the asset's own names (as sent, percent-decoded, without
/// the `<id>_` prefix of display names), with or without extension.
pub(super) fn own_name(asset: &Asset, lower: &str) -> Option<FileNameReason> {
    let original = decode(&asset.original_file_name);
    let display = decode(&asset.display_name);
    // The decoded forms only when decoding changed something.
    let decoded = |cow: &Cow<'_, str>| matches!(cow, Cow::Owned(_));
    let display_stripped = strip_id_prefix(&asset.display_name);
    let names = [
        Some(asset.original_file_name.as_str()),
        decoded(&original).then_some(&*original),
        Some(asset.display_name.as_str()),
        decoded(&display).then_some(&*display),
        (display_stripped.len() < asset.display_name.len()).then_some(display_stripped),
        decoded(&display).then(|| strip_id_prefix(&display)),
    ];
    let names = || names.iter().flatten();
    if names().any(|n| eq_lower(lower, n)) {
        return Some(FileNameReason::OwnFileName);
    }
    if names()
        .filter_map(|n| strip_extension(n))
        .any(|stem| eq_lower(lower, stem))
    {
        return Some(FileNameReason::OwnFileStem);
    }
    None
}

/// [`text::decode_file_name`], skipped when there is nothing to decode.
pub(super) fn decode(name: &str) -> Cow<'_, str> {
    if name.contains('%') {
        text::decode_file_name(name)
    } else {
        Cow::Borrowed(name)
    }
}

/// `lower` (already lowercase) equals `name` case-insensitively.
pub(super) fn eq_lower(lower: &str, name: &str) -> bool {
    let name = name.trim();
    // An ASCII name lowercases to ASCII of the same length.
    if name.is_ascii() {
        return lower.len() == name.len() && lower.eq_ignore_ascii_case(name);
    }
    lower.chars().eq(name.chars().flat_map(char::to_lowercase))
}

/// `name` without Webflow's `<24-hex-id>_` prefix.
pub(super) fn strip_id_prefix(name: &str) -> &str {
    match name.get(..25) {
        Some(head) if head.ends_with('_') && is_hex(&head[..24]) => &name[25..],
        _ => name,
    }
}

/// `name` without a short alphanumeric extension (`photo.jpeg` → `photo`).
pub(super) fn strip_extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.trim().rsplit_once('.')?;
    let ok = (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && stem.ends_with(|c: char| !c.is_whitespace());
    ok.then_some(stem)
}

/// Camera and phone defaults: `IMG_1234`, `IMG-1234`, `DSC01234`, `DSCN0042`,
/// `_DSC1234`, `PXL_20230101_…`, `DJI_0042`, `GOPR0042`, `SAM_1234`,
/// `CIMG1234`, `IMGP1234`… (the first word of the text).
pub(super) fn is_camera_name(t: &str) -> bool {
    const PREFIXES: [&str; 15] = [
        "MVIMG", "IMGP", "IMG", "PANO", "PXL", "DSCN", "DSCF", "DSC", "DJI", "GOPR", "VID", "CIMG",
        "HPIM", "MVI", "SAM",
    ];
    let token = t.split_whitespace().next().unwrap_or_default();
    let token = token.strip_prefix('_').unwrap_or(token);
    if !token.starts_with([
        'M', 'm', 'I', 'i', 'P', 'p', 'D', 'd', 'G', 'g', 'V', 'v', 'C', 'c', 'H', 'h', 'S', 's',
    ]) {
        return false;
    }
    PREFIXES.iter().any(|p| {
        let Some(head) = token.get(..p.len()) else {
            return false;
        };
        if !head.eq_ignore_ascii_case(p) {
            return false;
        }
        let rest = &token[p.len()..];
        let rest = rest.strip_prefix(['_', '-']).unwrap_or(rest);
        let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        rest.len() - after.len() >= 3 && !after.starts_with(char::is_alphanumeric)
    })
}

/// A single token joined by `-`/`_` that is machine-made rather than a hyphenated
/// word ("Coca-Cola", "T-shirt"): mostly made of the file stem's words, or three
/// or more parts with digits or underscores (`summer-sale-2024-hero`).
pub(super) fn is_slug_of_stem(asset: &Asset, t: &str, lower: &str) -> bool {
    if !lower.contains(['-', '_']) {
        return false;
    }
    let is_sep = |c: char| matches!(c, '-' | '_' | '.');
    let parts = lower.split(is_sep).filter(|p| !p.is_empty()).count();
    if parts < 2 {
        return false;
    }
    let has_digit = lower.contains(|c: char| c.is_ascii_digit());
    let has_underscore = lower.contains('_');
    let all_lower = !t.contains(char::is_uppercase);
    if parts >= 3 && (has_digit || has_underscore) {
        return true;
    }
    if !(all_lower || has_digit || has_underscore || parts >= 3) {
        return false;
    }
    let original = decode(&asset.original_file_name);
    let display = decode(&asset.display_name);
    [&*original, strip_id_prefix(&display)].iter().any(|name| {
        let stem = strip_extension(name).unwrap_or(name);
        let stem_parts = || {
            stem.split(|c: char| is_sep(c) || c.is_whitespace())
                .filter(|p| !p.is_empty())
        };
        let shared = lower
            .split(is_sep)
            .filter(|p| !p.is_empty())
            .filter(|p| stem_parts().any(|s| eq_lower(p, s)))
            .count();
        shared * 2 >= parts
    })
}
