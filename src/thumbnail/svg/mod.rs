//! SVG thumbnails: the SVG parsed by usvg and rasterised by resvg, with
//! everything a thumbnail does not need turned off.
//!
//! An SVG is closer to a program than to a picture: it can name other files
//! (`<image href="file:///etc/passwd">`), ask for fonts, and describe work far
//! out of proportion to its size. Anyone with Designer access can upload one,
//! so it is treated like every other untrusted input:
//!
//! - **Nothing outside the file is read.** resvg is built without its `text`,
//!   `system-fonts` and `raster-images` features, so no font is ever loaded —
//!   text is dropped (a logo's wordmark is missing from its thumbnail; its
//!   shapes are there) — and no embedded bitmap is decoded. `<image>`
//!   references resolve to nothing: not paths (usvg's default resolver reads any
//!   local file an SVG names, absolute or relative to `resources_dir`, which
//!   stays `None`), not URLs (usvg never makes requests and wfa does not teach
//!   it to), and not `data:` URLs either: their bitmaps could not be drawn
//!   without `raster-images`, and an SVG inside one is a second document whose
//!   parse `<use>` can repeat hundreds of thousands of times, beyond the checks
//!   below. External XML entities are not fetched (roxmltree is given no
//!   resolver), and no style sheet is injected.
//! - **Work is bounded before it is done.** The source is at most
//!   [`MAX_SVG_BYTES`]. Entity references may expand to at most
//!   [`MAX_ENTITY_EXPANSION`]: roxmltree bounds how deeply entities nest, not
//!   how often a document uses them, and 35 KB can ask it for 6 GB. The element
//!   tree, every `<use>` copy counted, has at most [`MAX_SVG_ELEMENTS`]
//!   elements, and is at most [`MAX_SVG_DEPTH`] levels deep counting each
//!   `<use>` and `url(#…)` reference as a level: usvg and resvg recurse once per
//!   level, and a chain of 5,000 clip paths overflows the stack, which aborts
//!   the process. Reference loops are refused: usvg follows one through
//!   `<feImage>` for ever. CSS costs a selector test per rule per element, so their
//!   product is held to [`MAX_CSS_MATCHES`]. Last, the pixels resvg will touch —
//!   paths, layers for opacity, masks and clip paths, filter buffers, pattern
//!   tiles — are estimated from the parsed tree, and a tree that needs more
//!   than [`MAX_RENDER_WORK`] pixel operations, or [`MAX_DECODE_BYTES`] of
//!   buffers at once, is refused (one pattern can ask tiny-skia for a 640 GB
//!   tile, and a failed allocation aborts the process too).
//! - **Parsing and drawing run on a thread of their own**, named
//!   [`SVG_THREAD`], with a stack sized for the depth allowed above. resvg
//!   has panicked on hostile files before (assertions in its filters); a panic
//!   there becomes [`ThumbError::Decode`] instead of ending the preview task. A
//!   panic hook sees the thread's name and can leave the terminal alone.
//!
//! The picture is fitted into the box keeping the SVG's aspect ratio (from its
//! `width`/`height`, else its `viewBox`, else the bounds of what it draws), and
//! scaled up as well as down: unlike a bitmap, a 24×24 icon has the detail to
//! fill the pane.
//!
//! The checks made before anything is drawn, and the estimate of what drawing
//! will cost, live in [`limits`]; this module runs them in order on the SVG
//! thread and turns what they refuse into a [`ThumbError`].

mod limits;
#[cfg(test)]
mod tests;

use std::fmt::Display;

use image::{DynamicImage, RgbaImage};
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, ImageHrefResolver, Tree, roxmltree};

use super::{MAX_DECODE_BYTES, MAX_DIMENSION, ThumbError};
use crate::text;
use limits::{Work, check_structure, entity_expansion};

/// Largest SVG source rasterised.
pub const MAX_SVG_BYTES: usize = 10 * 1024 * 1024;
/// Most text that all entity references of a document may expand to together.
pub const MAX_ENTITY_EXPANSION: u64 = 1024 * 1024;
/// Most elements, counting each `<use>` copy (usvg's own limit is 1,000,000).
pub const MAX_SVG_ELEMENTS: u64 = 200_000;
/// Deepest nesting, counting each `<use>` and `url(#…)` reference as a level
/// (usvg's own limit is 1,024 levels of elements and `<use>`, references not
/// counted).
pub const MAX_SVG_DEPTH: u32 = 256;
/// Most CSS selector tests (style rules × elements).
pub const MAX_CSS_MATCHES: u64 = 16_000_000;
/// Most pixel operations (pixels filled, composited or filtered) a thumbnail
/// may take: about half a second of resvg on one core.
pub const MAX_RENDER_WORK: u64 = 200_000_000;
/// The name of the thread SVGs are parsed and drawn on.
pub const SVG_THREAD: &str = "wfa-svg";

/// XML nodes (elements, text, comments) roxmltree parses at most.
const MAX_XML_NODES: u32 = 600_000;
/// The SVG thread's stack: `MAX_SVG_DEPTH` levels of usvg and resvg frames
/// (a few KiB each, more in debug builds), with room to spare. Only the pages
/// used are ever committed.
const SVG_STACK: usize = 64 * 1024 * 1024;
/// The namespace the root `<svg>` must declare: without it browsers draw
/// nothing either.
const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// How every decode error ends: the browser can show what a preview cannot.
const OPEN_IT: &str = "open it in the browser instead";

/// Whether `bytes` look like an SVG document: markup from the first byte
/// (after a byte-order mark and white space), which no bitmap format starts
/// with, and not an HTML page. Only a parse can tell for sure; this decides
/// which decoder tries.
pub(super) fn looks_like_svg(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 16)];
    let html = [b"<!doctype html".as_slice(), b"<html"]
        .iter()
        .any(|tag| head.len() >= tag.len() && head[..tag.len()].eq_ignore_ascii_case(tag));
    head.starts_with(b"<") && !html
}

/// Parses and draws the SVG in `bytes`, fitted into `max` pixels, on the SVG
/// thread. CPU-bound: call it from `spawn_blocking`.
pub(super) fn rasterise(bytes: &[u8], max: (u32, u32)) -> Result<DynamicImage, ThumbError> {
    if bytes.len() > MAX_SVG_BYTES {
        return Err(ThumbError::Bomb(format!(
            "an SVG of {}; previews draw SVGs up to {}",
            text::human_size(bytes.len() as u64),
            text::human_size(MAX_SVG_BYTES as u64)
        )));
    }
    on_svg_thread(|| rasterise_here(bytes, max))
}

/// Runs `work` on the SVG thread; its panic becomes an error.
fn on_svg_thread<T: Send>(
    work: impl FnOnce() -> Result<T, ThumbError> + Send,
) -> Result<T, ThumbError> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name(SVG_THREAD.into())
            .stack_size(SVG_STACK)
            .spawn_scoped(scope, work)
            .map_err(|e| decode(format_args!("no thread to draw the SVG on ({e})")))?;
        thread
            .join()
            .unwrap_or_else(|_| Err(decode("the SVG renderer failed on this file")))
    })
}

fn rasterise_here(bytes: &[u8], max: (u32, u32)) -> Result<DynamicImage, ThumbError> {
    let source = std::str::from_utf8(bytes).map_err(|_| decode("the SVG is not UTF-8 text"))?;
    let expansion = entity_expansion(source);
    if expansion > MAX_ENTITY_EXPANSION {
        return Err(ThumbError::Bomb(format!(
            "an SVG whose entities expand to more than {}",
            text::human_size(MAX_ENTITY_EXPANSION)
        )));
    }
    let options = roxmltree::ParsingOptions {
        // usvg allows DTDs too: Illustrator declares its namespaces as entities.
        allow_dtd: true,
        nodes_limit: MAX_XML_NODES,
        entity_resolver: None,
    };
    let xml = roxmltree::Document::parse_with_options(source, options).map_err(xml_error)?;
    check_structure(&xml)?;
    let tree = Tree::from_xmltree(&xml, &usvg_options()).map_err(usvg_error)?;
    drop(xml);

    let size = tree.size();
    let (width, height) = fit(size.width(), size.height(), max);
    let transform =
        Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    Work::new(transform, width, height).tree(&tree)?;
    let mut pixmap = Pixmap::new(width, height)
        .ok_or_else(|| ThumbError::Bomb(format!("a {width}×{height} canvas")))?;
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    RgbaImage::from_raw(width, height, pixmap.take_demultiplied())
        .map(DynamicImage::ImageRgba8)
        .ok_or_else(|| decode("the drawn SVG had an unexpected size"))
}

/// usvg's options with every door to the outside shut (see the module docs).
/// Without the `text` feature there is no font database to leave empty: text
/// is parsed and not drawn.
fn usvg_options() -> usvg::Options<'static> {
    usvg::Options {
        resources_dir: None,
        image_href_resolver: ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        style_sheet: None,
        ..usvg::Options::default()
    }
}

/// The pixel size of a `width`×`height` picture fitted into `max`, keeping
/// its aspect ratio. The box itself is first held to `MAX_DIMENSION` a side
/// and `MAX_DECODE_BYTES` of RGBA in all (a pane never comes near either).
fn fit(width: f32, height: f32, max: (u32, u32)) -> (u32, u32) {
    let mut box_w = f64::from(max.0.clamp(1, MAX_DIMENSION));
    let mut box_h = f64::from(max.1.clamp(1, MAX_DIMENSION));
    let most = (MAX_DECODE_BYTES / 4) as f64;
    if box_w * box_h > most {
        let k = (most / (box_w * box_h)).sqrt();
        box_w = (box_w * k).floor().max(1.0);
        box_h = (box_h * k).floor().max(1.0);
    }
    let (w, h) = (f64::from(width), f64::from(height));
    let scale = (box_w / w).min(box_h / h);
    (
        (w * scale).round().clamp(1.0, box_w) as u32,
        (h * scale).round().clamp(1.0, box_h) as u32,
    )
}

fn decode(what: impl Display) -> ThumbError {
    ThumbError::Decode(format!("{what}; {OPEN_IT}"))
}

fn xml_error(e: roxmltree::Error) -> ThumbError {
    match e {
        roxmltree::Error::NodesLimitReached => ThumbError::Bomb(format!(
            "an SVG of more than {MAX_XML_NODES} XML nodes, or nested too deeply"
        )),
        roxmltree::Error::EntityReferenceLoop(_) => {
            ThumbError::Bomb("an SVG whose entities refer to each other without end".into())
        }
        other => decode(format_args!(
            "the SVG is not well-formed XML ({})",
            text::clean(&other.to_string())
        )),
    }
}

fn usvg_error(e: usvg::Error) -> ThumbError {
    match e {
        usvg::Error::ParsingFailed(e) => xml_error(e),
        usvg::Error::ElementsLimitReached => {
            ThumbError::Bomb("an SVG with more elements than usvg accepts".into())
        }
        usvg::Error::InvalidSize => {
            decode("the SVG has no usable size (its width, height or viewBox is zero or negative)")
        }
        usvg::Error::NotAnUtf8Str => decode("the SVG is not UTF-8 text"),
        usvg::Error::SvgzFeatureNotEnabled | usvg::Error::MalformedGZip => {
            decode("the SVG is gzip-compressed (.svgz), which previews do not unpack")
        }
    }
}
