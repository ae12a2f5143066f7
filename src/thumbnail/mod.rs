//! Thumbnails: which file to fetch, fetching it without the token, and decoding
//! it safely off the UI thread.
//!
//! A preview should cost little network: Webflow's responsive variants
//! (`-p-500`, `-p-800`, …) are usually a fraction of the original, so the
//! smallest variant that still covers the preview pane is fetched. Files are
//! public and live on other hosts, so the downloader is a separate HTTP client
//! that never holds the API token. Downloaded files are kept in the file store
//! (`store::files`, through `lookup::FileCache`), which also answers
//! `--offline` previews.
//!
//! SVGs are rasterised by resvg (module `svg`), with no fonts and no external
//! references, so a hostile SVG can neither read local files nor make
//! requests, and with its work bounded before it starts.

mod svg;

use std::io::Cursor;
use std::time::Duration;

use image::{DynamicImage, ImageReader, Limits};

use crate::source::lookup::FileCache;
use crate::text;
use crate::webflow::Asset;
use crate::webflow::client::{BodyError, read_capped};

pub use svg::{
    MAX_CSS_MATCHES, MAX_ENTITY_EXPANSION, MAX_RENDER_WORK, MAX_SVG_BYTES, MAX_SVG_DEPTH,
    MAX_SVG_ELEMENTS, SVG_THREAD,
};

/// Largest file downloaded for a preview.
pub const DEFAULT_MAX_DOWNLOAD: u64 = 20 * 1024 * 1024;
/// Decoding refuses images wider or taller than this (Webflow's own upload cap
/// is 4 MB, far below what such an image would need)…
pub const MAX_DIMENSION: u32 = 12_000;
/// …and refuses to allocate more than this for the decoded pixels.
pub const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// The file chosen for a preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub url: String,
    /// Index into `asset.variants`; `None` for the original.
    pub variant: Option<usize>,
}

/// What can be shown for an asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    Image(Choice),
    /// Nothing to decode: a label saying what the asset is.
    Placeholder(String),
}

/// Decides what to preview for `asset` in a pane of `want` pixels: every
/// image, SVG included, is fetched and decoded; documents get a label.
///
/// Webflow makes no responsive variants of an SVG, so `choose` falls back to
/// the original, which `decode_fit` rasterises at the pane's size.
pub fn plan(asset: &Asset, want: (u32, u32)) -> Plan {
    let content_type = asset.content_type.trim().to_ascii_lowercase();
    if !content_type.starts_with("image/") {
        return Plan::Placeholder(format!(
            "{} · {}\nNo preview for documents.",
            text::clean(&asset.content_type),
            text::size_both(asset.size)
        ));
    }
    Plan::Image(choose(asset, want))
}

/// The smallest variant that covers what the pane will show of the image, so
/// it needs no upscaling; variants with an `error` are skipped; the original
/// when none is big enough.
///
/// The image is fitted into the pane keeping its aspect ratio, so a wide
/// image in a tall pane needs only the pane's width, and a tall one only
/// `height × aspect`. The aspect comes from any variant with both dimensions.
pub fn choose(asset: &Asset, want: (u32, u32)) -> Choice {
    let usable: Vec<(usize, u32)> = asset
        .variants
        .iter()
        .enumerate()
        .filter(|(_, v)| v.error.is_none() && !v.hosted_url.is_empty())
        .filter_map(|(i, v)| v.width.filter(|w| *w > 0).map(|w| (i, w)))
        .collect();
    let aspect = asset
        .variants
        .iter()
        .find_map(|v| match (v.width, v.height) {
            (Some(w), Some(h)) if w > 0 && h > 0 => Some(f64::from(w) / f64::from(h)),
            _ => None,
        });
    let needed_width = match aspect {
        Some(aspect) => (f64::from(want.1) * aspect).ceil().min(f64::from(want.0)) as u32,
        None => want.0,
    };
    let best = usable
        .iter()
        .filter(|(_, w)| *w >= needed_width)
        .min_by_key(|(_, w)| *w);
    match best {
        Some(&(i, _)) => Choice {
            url: asset.variants[i].hosted_url.clone(),
            variant: Some(i),
        },
        None => Choice {
            url: asset.hosted_url.clone(),
            variant: None,
        },
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThumbError {
    #[error("the file URL {0:?} cannot be fetched (only http and https)")]
    BadUrl(String),
    #[error("the file is larger than {} and was not downloaded", text::human_size(*.0))]
    TooLarge(u64),
    #[error("downloading the file failed: {0}")]
    Download(String),
    #[error("the file host answered HTTP {0}")]
    Status(u16),
    #[error("the image is too large to decode safely ({0}); open it in the browser instead")]
    Bomb(String),
    #[error("the image could not be decoded: {0}")]
    Decode(String),
    #[error(
        "not in the cache (offline): this file was never downloaded; preview it once without --offline"
    )]
    NotCached,
    /// The decoding task ended without an answer.
    #[error("decoding stopped unexpectedly")]
    Stopped,
}

/// Fetches public files (variants and originals) with a size cap and a
/// deadline, through the file store when it has one: a stored file is not
/// downloaded again, and offline nothing is downloaded at all.
#[derive(Debug, Clone)]
pub struct Downloader {
    http: reqwest::Client,
    max_bytes: u64,
    /// `None`: no store, every file is downloaded (demo mode, tests).
    files: Option<FileCache>,
}

impl Downloader {
    pub fn new(timeout: Duration, max_bytes: u64, files: Option<FileCache>) -> Self {
        // No default headers and no token: this client only ever talks to
        // file hosts.
        let http = reqwest::Client::builder()
            .user_agent(concat!("wfa/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(5))
            .timeout(timeout)
            .build()
            .unwrap_or_default();
        Self {
            http,
            max_bytes,
            files,
        }
    }

    /// The file's bytes: from the file store when it has them; otherwise
    /// downloaded (and kept), except offline, where a miss is
    /// [`ThumbError::NotCached`] and nothing is sent.
    pub async fn fetch(&self, url: &str) -> Result<Vec<u8>, ThumbError> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|_| ThumbError::BadUrl(text::clean(url).into_owned()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ThumbError::BadUrl(text::clean(url).into_owned()));
        }
        // The store is keyed by the URL as parsed (no stray whitespace, one
        // spelling per URL).
        let key = parsed.as_str().to_string();
        if let Some(files) = &self.files {
            if let Some(bytes) = files.cached(&key).await {
                return Ok(bytes);
            }
            if files.is_offline() {
                return Err(ThumbError::NotCached);
            }
        }
        let response = self
            .http
            .get(parsed)
            .send()
            .await
            .map_err(|e| ThumbError::Download(text::clean(&e.to_string()).into_owned()))?;
        if !response.status().is_success() {
            return Err(ThumbError::Status(response.status().as_u16()));
        }
        let bytes = read_capped(response, self.max_bytes)
            .await
            .map_err(|e| match e {
                BodyError::TooLarge => ThumbError::TooLarge(self.max_bytes),
                BodyError::Transport(e) => {
                    ThumbError::Download(text::clean(&e.to_string()).into_owned())
                }
            })?;
        if let Some(files) = &self.files {
            files.keep(&key, &bytes).await;
        }
        Ok(bytes)
    }
}

/// Decodes with limits (a decompression bomb is refused, not allocated) and
/// downscales to fit `max` pixels with an area-averaging (smoothing) filter. CPU-bound: call it
/// from `spawn_blocking`.
///
/// The format comes from the bytes, never from the URL or content type (the
/// demo's `Vectors-Wrapper.svg` is a PNG). An SVG is rasterised to fit `max`
/// exactly, keeping its aspect ratio, as RGBA with its transparency; the
/// `svg` module says what it may and may not do. Compressed SVG (`.svgz`) is
/// refused: resvg is built without gzip support.
pub fn decode_fit(bytes: &[u8], max: (u32, u32)) -> Result<DynamicImage, ThumbError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(ThumbError::Decode(
            "the file is gzip-compressed (an .svgz?), which previews do not unpack; open it in the browser instead".into(),
        ));
    }
    if svg::looks_like_svg(bytes) {
        return svg::rasterise(bytes, max);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ThumbError::Decode(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(limit) => ThumbError::Bomb(limit.to_string()),
        other => ThumbError::Decode(text::clean(&other.to_string()).into_owned()),
    })?;
    let (w, h) = (max.0.max(1), max.1.max(1));
    // `thumbnail` averages the source pixels under each target pixel (a box
    // filter in integer arithmetic): smooth like Triangle, several times faster
    // for large reductions.
    Ok(if image.width() > w || image.height() > h {
        image.thumbnail(w, h)
    } else {
        image
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webflow::Variant;

    /// A variant as (width, height, error).
    type Spec = (u32, Option<u32>, Option<&'static str>);
    /// Variants, the pane in pixels, the variant expected (None: the original).
    type Case = (&'static [Spec], (u32, u32), Option<usize>);

    fn asset(variants: &[Spec]) -> Asset {
        let mut asset: Asset = serde_json::from_value(serde_json::json!({
            "id": "65e742278eb03b693bb003fd", "contentType": "image/png", "size": 1000,
            "siteId": "63938b302ea6b0aa6f3d8745", "hostedUrl": "https://cdn.test/original.png",
            "originalFileName": "a.png", "displayName": "a.png",
            "lastUpdated": "2024-01-01T00:00:00Z", "createdOn": "2024-01-01T00:00:00Z",
            "altText": null,
        }))
        .unwrap();
        asset.variants = variants
            .iter()
            .map(|(w, h, error)| Variant {
                hosted_url: format!("https://cdn.test/a-p-{w}.png"),
                width: Some(*w),
                height: *h,
                error: error.map(str::to_string),
                ..Variant::default()
            })
            .collect();
        asset
    }

    #[test]
    fn variant_choice() {
        const STD: &[Spec] = &[
            (500, Some(375), None),
            (800, Some(600), None),
            (1080, Some(810), None),
        ];
        let cases: &[Case] = &[
            // A 40×20-cell pane at 10×20 px: 400×400 px; a 4:3 image fits at 400 wide.
            (STD, (400, 400), Some(0)),
            (STD, (500, 500), Some(0)),
            (STD, (501, 1000), Some(1)),
            // A short, wide pane: height limits (300 px × 4/3 = 400 px wide).
            (STD, (1600, 300), Some(0)),
            (STD, (1000, 1000), Some(2)),
            // Bigger than every variant: the original.
            (STD, (1200, 1200), None),
            // An errored variant is skipped…
            (
                &[(500, Some(375), Some("failed")), (800, Some(600), None)],
                (400, 400),
                Some(1),
            ),
            // …and if all are errored, the original.
            (&[(500, Some(375), Some("failed"))], (400, 400), None),
            // Heights unknown: width alone decides.
            (&[(500, None, None), (800, None, None)], (600, 100), Some(1)),
            // No variants (GIFs, small images): the original.
            (&[], (400, 400), None),
        ];
        for (variants, want, expected) in cases {
            let choice = choose(&asset(variants), *want);
            assert_eq!(
                choice.variant, *expected,
                "variants {variants:?}, want {want:?}"
            );
        }
    }

    #[test]
    fn documents_get_placeholders_and_svg_an_image() {
        let mut a = asset(&[]);
        a.content_type = "application/pdf".into();
        let Plan::Placeholder(text) = plan(&a, (400, 400)) else {
            panic!()
        };
        assert!(
            text.contains("application/pdf") && text.contains("No preview"),
            "{text}"
        );
        // No variants (Webflow makes none for SVG): the original is fetched.
        a.content_type = " IMAGE/SVG+XML ".into();
        a.hosted_url = "https://cdn.test/logo.svg".into();
        assert_eq!(
            plan(&a, (400, 400)),
            Plan::Image(Choice {
                url: "https://cdn.test/logo.svg".into(),
                variant: None
            })
        );
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        // A GIF header claiming a 30000×30000 screen (3.6 GB decoded as RGBA)
        // and no image data.
        let mut gif = b"GIF89a".to_vec();
        gif.extend_from_slice(&30_000u16.to_le_bytes());
        gif.extend_from_slice(&30_000u16.to_le_bytes());
        gif.extend_from_slice(&[0, 0, 0]);
        gif.extend_from_slice(&[0x2c, 0, 0, 0, 0]);
        gif.extend_from_slice(&30_000u16.to_le_bytes());
        gif.extend_from_slice(&30_000u16.to_le_bytes());
        gif.extend_from_slice(&[0, 2, 0, 0x3b]);
        let err = decode_fit(&gif, (400, 400)).unwrap_err();
        assert!(matches!(err, ThumbError::Bomb(_)), "{err:?}");
        assert!(err.to_string().contains("too large to decode safely"));
    }

    #[test]
    fn decoding_fits_and_never_upscales() {
        let mut png = Vec::new();
        DynamicImage::new_rgb8(2000, 1500)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let fitted = decode_fit(&png, (400, 400)).unwrap();
        assert_eq!((fitted.width(), fitted.height()), (400, 300));
        let small = decode_fit(&png, (4000, 4000)).unwrap();
        assert_eq!((small.width(), small.height()), (2000, 1500));
        assert!(matches!(
            decode_fit(b"not an image", (10, 10)),
            Err(ThumbError::Decode(_))
        ));
    }
}
