//! Locale coverage: for each image asset and each locale of the site,
//! whether its alt text is there, translated. Pure: the browser's coverage
//! view draws it and the rendered audit's "untranslated" rule shares its
//! definition of the same text.

use std::collections::HashMap;

use crate::webflow::Asset;
use crate::webflow::site::Locale;

/// An asset's alt text in one locale, as a translator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cover {
    /// Described, and (in a secondary locale) not the primary's text.
    Set,
    /// `""`: marked decorative on purpose.
    Decorative,
    /// A secondary locale with the primary's text, word for word.
    Untranslated,
    /// No alt text (`null`, or only spaces).
    Missing,
}

impl Cover {
    /// Whether a translator or an editor has something to do here.
    pub fn is_gap(self) -> bool {
        matches!(self, Cover::Untranslated | Cover::Missing)
    }
}

/// Whether `alt` in a secondary locale is the primary's text untranslated:
/// the same words (spaces around them aside), and not empty.
pub fn untranslated(primary: Option<&str>, alt: &str) -> bool {
    let alt = alt.trim();
    !alt.is_empty() && primary.is_some_and(|p| p.trim() == alt)
}

/// What `alt` (in a secondary locale when `primary` is given) is.
pub fn cover(alt: Option<&str>, primary: Option<Option<&str>>) -> Cover {
    match alt {
        None => Cover::Missing,
        Some("") => Cover::Decorative,
        Some(alt) if alt.trim().is_empty() => Cover::Missing,
        Some(alt) if primary.is_some_and(|p| untranslated(p, alt)) => Cover::Untranslated,
        Some(_) => Cover::Set,
    }
}

/// The image assets of a site, each with its alt text in every locale read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// The locales, primary first (as read); empty when the site has none.
    pub locales: Vec<Locale>,
    /// One row per image asset, in the primary listing's order.
    pub rows: Vec<Row>,
}

/// One image asset across the locales.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub asset: Asset,
    /// Per locale, in [`Coverage::locales`]' order: the alt text there
    /// (`None`: not set, or the asset is missing from that listing).
    pub alts: Vec<Option<String>>,
}

impl Row {
    /// The row's cell in locale `index` (0 is the primary).
    pub fn cover(&self, index: usize) -> Cover {
        let alt = self.alts.get(index).and_then(Option::as_deref);
        let primary = (index > 0).then(|| self.alts.first().and_then(Option::as_deref));
        cover(alt, primary)
    }

    /// Whether any locale has a gap.
    pub fn has_gap(&self) -> bool {
        (0..self.alts.len()).any(|i| self.cover(i).is_gap())
    }
}

impl Coverage {
    /// Builds the table from one listing per locale (`listings[i]` in
    /// `locales[i]`, primary first). Only images are kept: other files carry
    /// no alt text.
    pub fn new(locales: Vec<Locale>, listings: &[Vec<Asset>]) -> Self {
        let Some((primary, others)) = listings.split_first() else {
            return Self {
                locales,
                rows: Vec::new(),
            };
        };
        let by_id: Vec<HashMap<String, Option<&str>>> = others
            .iter()
            .map(|listing| {
                listing
                    .iter()
                    .map(|a| (key(&a.id), a.alt_text.as_deref()))
                    .collect()
            })
            .collect();
        let rows = primary
            .iter()
            .filter(|a| a.is_image())
            .map(|asset| {
                let id = key(&asset.id);
                let mut alts = vec![asset.alt_text.clone()];
                alts.extend(
                    by_id
                        .iter()
                        .map(|m| m.get(&id).copied().flatten().map(str::to_string)),
                );
                Row {
                    asset: asset.clone(),
                    alts,
                }
            })
            .collect();
        Self { locales, rows }
    }

    /// How many rows of locale `index` are in each state.
    pub fn counts(&self, index: usize) -> HashMap<Cover, usize> {
        let mut counts = HashMap::new();
        for row in &self.rows {
            *counts.entry(row.cover(index)).or_insert(0) += 1;
        }
        counts
    }
}

fn key(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webflow::model::test_image as image;

    fn locale(tag: &str) -> Locale {
        Locale {
            tag: tag.into(),
            ..Locale::default()
        }
    }

    #[test]
    fn each_cell_says_set_decorative_untranslated_or_missing() {
        let en = vec![
            image("a", Some("Gummy bears")),
            image("b", Some("Caramel")),
            image("c", Some("")),
            image("d", None),
            image("e", Some("Logo")),
        ];
        let fr = vec![
            image("a", Some("Oursons")),
            image("b", Some(" Caramel ")),
            image("c", Some("")),
            image("d", Some("Réglisse")),
            // "e" is missing from the French listing.
        ];
        let table = Coverage::new(vec![locale("en"), locale("fr")], &[en, fr]);
        let cells: Vec<(Cover, Cover)> = table
            .rows
            .iter()
            .map(|r| (r.cover(0), r.cover(1)))
            .collect();
        assert_eq!(
            cells,
            [
                (Cover::Set, Cover::Set),
                (Cover::Set, Cover::Untranslated),
                (Cover::Decorative, Cover::Decorative),
                (Cover::Missing, Cover::Set),
                (Cover::Set, Cover::Missing),
            ]
        );
        assert_eq!(table.counts(1)[&Cover::Set], 2);
        assert!(!table.rows[0].has_gap());
        assert!(table.rows[1].has_gap());
        assert!(!table.rows[2].has_gap());
    }

    #[test]
    fn only_images_are_rows_and_spaces_are_missing() {
        let mut pdf = image("p", Some("Menu"));
        pdf.content_type = "application/pdf".into();
        let table = Coverage::new(vec![locale("en")], &[vec![pdf, image("s", Some("  "))]]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].cover(0), Cover::Missing);
        assert!(Coverage::new(Vec::new(), &[]).rows.is_empty());
    }
}
