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

use std::collections::{HashMap, HashSet};
use std::fmt::Display;

use image::{DynamicImage, RgbaImage};
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, ImageHrefResolver, Node, Paint, Tree, filter, roxmltree};

use super::{MAX_DECODE_BYTES, MAX_DIMENSION, ThumbError};
use crate::text;

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
/// Entities nested deeper than this count as unbounded (roxmltree stops at 10).
const MAX_ENTITY_DEPTH: u32 = 16;
/// Elements whose `href="#…"` usvg follows (`<a>` links, for one, it does not).
const HREF_ELEMENTS: &[&str] = &[
    "use",
    "feImage",
    "pattern",
    "linearGradient",
    "radialGradient",
    "filter",
];
/// Attributes whose `url(#…)` usvg follows.
const URL_ATTRIBUTES: &[&str] = &[
    "clip-path",
    "mask",
    "filter",
    "fill",
    "stroke",
    "marker-start",
    "marker-mid",
    "marker-end",
    "style",
];
/// Fixed cost of a node, in pixel operations: building its path, visiting it.
const NODE_OPS: f64 = 300.0;
const SVG_NS: &str = "http://www.w3.org/2000/svg";
const OPEN_IT: &str = "open it in the browser with o";

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

/// An upper bound of the text the document's entity references expand to:
/// every `&name;` anywhere in it (in the DTD too, and in comments, which the
/// parser would not expand) counted at its declaration's full expansion.
/// A reference loop counts as unbounded. Character references and the five
/// predefined entities are not declared, so they count as nothing.
fn entity_expansion(source: &str) -> u64 {
    if !source.contains("<!ENTITY") {
        return 0;
    }
    let mut values: HashMap<&str, Vec<&str>> = HashMap::new();
    for declaration in source.split("<!ENTITY").skip(1) {
        let rest = declaration.trim_start();
        let rest = rest.strip_prefix('%').map_or(rest, str::trim_start);
        let name_end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '>'))
            .unwrap_or(rest.len());
        let (name, rest) = rest.split_at(name_end);
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue; // an external entity: not fetched, expands to nothing
        };
        if let Some((value, _)) = rest[1..].split_once(quote) {
            values.entry(name).or_default().push(value);
        }
    }
    let mut sizes = HashMap::new();
    entity_refs(source).fold(0u64, |total, name| {
        total.saturating_add(expanded(name, &values, &mut sizes, 0))
    })
}

/// The names in `&name;` references.
fn entity_refs(s: &str) -> impl Iterator<Item = &str> {
    s.split('&').skip(1).filter_map(|part| {
        let (name, _) = part.split_once(';')?;
        let plain = !name.is_empty()
            && name.len() <= 256
            && !name.contains(|c: char| c.is_whitespace() || c == '<');
        plain.then_some(name)
    })
}

fn expanded<'a>(
    name: &'a str,
    values: &HashMap<&'a str, Vec<&'a str>>,
    sizes: &mut HashMap<&'a str, u64>,
    depth: u32,
) -> u64 {
    if let Some(&size) = sizes.get(name) {
        return size;
    }
    let Some(definitions) = values.get(name) else {
        return 0;
    };
    if depth > MAX_ENTITY_DEPTH {
        // roxmltree refuses these anyway; stop before the stack does.
        return u64::MAX;
    }
    // Until it is known, a name counts as unbounded: a loop stays unbounded.
    sizes.insert(name, u64::MAX);
    let size = definitions
        .iter()
        .map(|value| {
            entity_refs(value).fold(value.len() as u64, |sum, inner| {
                sum.saturating_add(expanded(inner, values, sizes, depth + 1))
            })
        })
        .max()
        .unwrap_or(0);
    sizes.insert(name, size);
    size
}

/// Refuses documents that are not SVG, and trees too large or too deep to
/// hand to usvg (see the module docs).
fn check_structure(xml: &roxmltree::Document) -> Result<(), ThumbError> {
    let root = xml.root_element();
    if root.tag_name().name() != "svg" {
        return Err(decode(format_args!(
            "the file is XML but not SVG (its root element is <{}>)",
            text::clean(root.tag_name().name())
        )));
    }
    if root.tag_name().namespace() != Some(SVG_NS) {
        return Err(decode(format_args!(
            "the <svg> element lacks xmlns=\"{SVG_NS}\", so browsers do not draw it either"
        )));
    }
    let mut ids = HashMap::new();
    for node in xml.descendants().filter(roxmltree::Node::is_element) {
        if let Some(id) = node.attribute("id") {
            ids.entry(id).or_insert(node);
        }
    }
    let mut shape = Shape {
        ids,
        memo: HashMap::new(),
        busy: HashSet::new(),
    };
    let (elements, mut depth) = shape.visit(root, 0)?;

    // A style sheet can give any element a `url(#…)` reference that the
    // attributes do not show. A chain through them visits each target at most
    // once, so their heights together bound what they add.
    let mut rules = 0u64;
    let mut followed = HashSet::new();
    let mut css_filters = false;
    for style in xml.descendants().filter(|n| n.tag_name().name() == "style") {
        let css = style.text().unwrap_or_default();
        rules += css.matches('{').count() as u64;
        css_filters |= css.contains("filter");
        for id in url_refs(css) {
            let Some(&target) = shape.ids.get(id) else {
                continue;
            };
            let recursive = matches!(
                target.tag_name().name(),
                "clipPath" | "mask" | "pattern" | "filter" | "marker"
            );
            if recursive && followed.insert(id) {
                depth = depth.saturating_add(shape.visit(target, 0)?.1);
            }
        }
    }
    if depth > MAX_SVG_DEPTH {
        return Err(too_deep());
    }
    // An element drawn by an <feImage> inside a filter that a style sheet
    // gives that same element is a loop the attributes do not show.
    let draws_element = |n: &roxmltree::Node| {
        n.tag_name().name() == "feImage"
            && n.attributes()
                .any(|a| a.name() == "href" && a.value().trim().starts_with('#'))
    };
    if css_filters && xml.descendants().any(|n| draws_element(&n)) {
        return Err(decode(
            "the SVG has a style sheet with filters and an <feImage> that draws one of its own elements, which can loop for ever",
        ));
    }
    if rules.saturating_mul(elements) > MAX_CSS_MATCHES {
        return Err(ThumbError::Bomb(format!(
            "an SVG whose style sheet has {rules} rules for {elements} elements"
        )));
    }
    Ok(())
}

fn too_deep() -> ThumbError {
    ThumbError::Bomb(format!(
        "an SVG nested more than {MAX_SVG_DEPTH} levels deep, counting <use> and url(#…) references"
    ))
}

/// The size and height of an element tree with `<use>` copies and the
/// `url(#…)` and `href="#…"` references usvg follows, each element measured
/// once.
///
/// A reference loop is refused. usvg cuts most loops (clip paths, masks,
/// patterns, markers, `<use>`), but follows one through `<feImage>` for ever,
/// overflowing any stack; a loop is a broken document, which browsers do not
/// draw either.
struct Shape<'a, 'input> {
    ids: HashMap<&'a str, roxmltree::Node<'a, 'input>>,
    /// Elements (each `<use>` copy counted) and height, per element.
    memo: HashMap<roxmltree::NodeId, (u64, u32)>,
    /// Elements being measured: meeting one again is a loop.
    busy: HashSet<roxmltree::NodeId>,
}

impl<'a, 'input> Shape<'a, 'input> {
    fn visit(
        &mut self,
        node: roxmltree::Node<'a, 'input>,
        depth: u32,
    ) -> Result<(u64, u32), ThumbError> {
        if let Some(&measured) = self.memo.get(&node.id()) {
            return Self::within(measured, depth);
        }
        if depth > MAX_SVG_DEPTH {
            return Err(too_deep());
        }
        if !self.busy.insert(node.id()) {
            return Err(decode(format_args!(
                "the SVG's references loop back to #{}",
                text::clean(&text::fit(node.attribute("id").unwrap_or_default(), 40))
            )));
        }
        let mut elements = 1u64;
        let mut height = 0u32;
        for child in node.children().filter(roxmltree::Node::is_element) {
            let (e, h) = self.visit(child, depth + 1)?;
            elements = elements.saturating_add(e);
            height = height.max(h);
            Self::within((elements, height + 1), depth)?;
        }
        let tag = node.tag_name().name();
        let copies = tag == "use";
        for attribute in node.attributes() {
            let value = attribute.value();
            let href = (attribute.name() == "href" && HREF_ELEMENTS.contains(&tag))
                .then(|| value.trim().strip_prefix('#'))
                .flatten();
            let urls = URL_ATTRIBUTES
                .contains(&attribute.name())
                .then(|| url_refs(value));
            for id in href.into_iter().chain(urls.into_iter().flatten()) {
                let Some(&target) = self.ids.get(id) else {
                    continue;
                };
                let (e, h) = self.visit(target, depth + 1)?;
                if copies && href == Some(id) {
                    elements = elements.saturating_add(e);
                }
                height = height.max(h);
                Self::within((elements, height + 1), depth)?;
            }
        }
        self.busy.remove(&node.id());
        let measured = (elements, height + 1);
        self.memo.insert(node.id(), measured);
        Self::within(measured, depth)
    }

    fn within((elements, height): (u64, u32), depth: u32) -> Result<(u64, u32), ThumbError> {
        if elements > MAX_SVG_ELEMENTS {
            return Err(ThumbError::Bomb(format!(
                "an SVG of more than {MAX_SVG_ELEMENTS} elements, counting <use> copies"
            )));
        }
        if depth.saturating_add(height) > MAX_SVG_DEPTH {
            return Err(too_deep());
        }
        Ok((elements, height))
    }
}

/// The ids in `url(#id)` references (quoted or not).
fn url_refs(value: &str) -> impl Iterator<Item = &str> {
    value.split("url(").skip(1).filter_map(|rest| {
        let rest = rest.trim_start().trim_start_matches(['"', '\'']);
        let id = rest.strip_prefix('#')?;
        let end = id
            .find(|c: char| matches!(c, ')' | '"' | '\'') || c.is_whitespace())
            .unwrap_or(id.len());
        Some(&id[..end])
    })
}

/// What drawing a tree will cost, estimated the way resvg spends it: every
/// path fills at most its bounding box; a group with opacity, a blend mode, a
/// clip path, a mask or a filter is drawn on a layer (clipped to 5×5
/// canvases) that is cleared and composited, and clip paths, masks and each
/// filter primitive add buffers of the layer's size; a pattern draws its
/// content into a tile for every path it paints. Work is counted in pixel
/// operations; buffers alive at once in bytes.
struct Work {
    /// Canvas pixels per user unit (the root transform is a scale).
    scale: (f64, f64),
    root: Transform,
    /// The largest layer resvg makes: the canvas and two more on every side.
    max_layer: f64,
    /// The widest and tallest such layer, in pixels.
    max_side: (f64, f64),
    ops: f64,
}

impl Work {
    fn new(root: Transform, width: u32, height: u32) -> Self {
        let side = (5.0 * f64::from(width), 5.0 * f64::from(height));
        Self {
            scale: (f64::from(root.sx), f64::from(root.sy)),
            root,
            max_layer: side.0 * side.1,
            max_side: side,
            ops: 0.0,
        }
    }

    fn tree(&mut self, tree: &Tree) -> Result<(), ThumbError> {
        let canvas = self.max_layer / 25.0;
        self.add(canvas)?;
        self.hold(4.0 * canvas)?;
        self.group(tree.root(), canvas, 4.0 * canvas)
    }

    fn add(&mut self, ops: f64) -> Result<(), ThumbError> {
        self.ops += ops;
        // NaN (from a degenerate transform) is refused too.
        if self.ops.is_nan() || self.ops > MAX_RENDER_WORK as f64 {
            return Err(ThumbError::Bomb(format!(
                "an SVG that needs more than {} million pixel operations to draw",
                MAX_RENDER_WORK / 1_000_000
            )));
        }
        Ok(())
    }

    fn hold(&self, bytes: f64) -> Result<(), ThumbError> {
        if bytes.is_nan() || bytes > MAX_DECODE_BYTES as f64 {
            return Err(ThumbError::Bomb(format!(
                "an SVG whose layers and pattern tiles need more than {} at once",
                text::human_size(MAX_DECODE_BYTES)
            )));
        }
        Ok(())
    }

    /// Pixels per unit at `transform` (below the root), the larger axis.
    fn scale_at(&self, transform: Transform) -> f64 {
        let (sx, sy) = self.root.pre_concat(transform).get_scale();
        f64::from(sx.max(sy))
    }

    /// `area` is what a child can cover (the canvas, layer or tile it is drawn
    /// on); `live` the bytes of the buffers its ancestors hold.
    fn group(&mut self, group: &usvg::Group, area: f64, live: f64) -> Result<(), ThumbError> {
        self.add(NODE_OPS)?;
        let (mut area, mut live) = (area, live);
        if group.should_isolate() {
            let bounds = group.abs_layer_bounding_box();
            let layer = (((f64::from(bounds.width()) * self.scale.0).ceil() + 4.0)
                * ((f64::from(bounds.height()) * self.scale.1).ceil() + 4.0))
                .min(self.max_layer);
            live += 4.0 * layer;
            self.hold(live)?;
            self.add(2.0 * layer)?;
            let scale = self.scale_at(group.abs_transform());
            for filter in group.filters() {
                // Every primitive's result stays until the filter is done.
                let results = filter.primitives().len() as f64 + 1.0;
                self.hold(live + 4.0 * layer * results)?;
                for primitive in filter.primitives() {
                    self.primitive(primitive.kind(), layer, scale, live)?;
                }
            }
            if let Some(clip) = group.clip_path() {
                self.clip(clip, layer, live)?;
            }
            if let Some(mask) = group.mask() {
                self.mask(mask, layer, live)?;
            }
            area = layer;
        }
        for child in group.children() {
            self.node(child, area, live)?;
        }
        Ok(())
    }

    fn node(&mut self, node: &Node, area: f64, live: f64) -> Result<(), ThumbError> {
        match node {
            Node::Group(group) => self.group(group, area, live),
            Node::Path(path) => self.path(path, area, live),
            Node::Text(text) => self.group(text.flattened(), area, live),
            Node::Image(image) => {
                // Never made here (nothing resolves an href); counted anyway.
                self.add(NODE_OPS)?;
                match image.kind() {
                    usvg::ImageKind::SVG(tree) => {
                        self.add(2.0 * area)?;
                        let live = live + 4.0 * area;
                        self.hold(live)?;
                        self.group(tree.root(), area, live)
                    }
                    _ => Ok(()),
                }
            }
        }
    }

    fn path(&mut self, path: &usvg::Path, area: f64, live: f64) -> Result<(), ThumbError> {
        let points = path.data().points();
        self.add(NODE_OPS + 4.0 * points.len() as f64)?;
        if !path.is_visible() {
            return Ok(());
        }
        let bounds = path.abs_stroke_bounding_box();
        let rows = (f64::from(bounds.height()) * self.scale.1).ceil() + 2.0;
        let covered = (((f64::from(bounds.width()) * self.scale.0).ceil() + 2.0) * rows).min(area);
        if let Some(fill) = path.fill() {
            self.add(covered)?;
            self.paint(fill.paint(), path.abs_transform(), live)?;
        }
        if let Some(stroke) = path.stroke() {
            // A thin stroke covers its length × width, not its bounding box.
            let scale = self.scale_at(path.abs_transform());
            let length: f64 = points
                .windows(2)
                .map(|w| f64::from(w[0].x - w[1].x).hypot(f64::from(w[0].y - w[1].y)))
                .sum();
            let width = f64::from(stroke.width().get()) * scale + 2.0;
            self.add(covered.min(length * scale * width + rows))?;
            self.paint(stroke.paint(), path.abs_transform(), live)?;
        }
        Ok(())
    }

    fn paint(&mut self, paint: &Paint, at: Transform, live: f64) -> Result<(), ThumbError> {
        let Paint::Pattern(pattern) = paint else {
            return Ok(());
        };
        let (sx, sy) = self
            .root
            .pre_concat(at)
            .pre_concat(pattern.transform())
            .get_scale();
        let rect = pattern.rect();
        let tile = (f64::from(rect.width()) * f64::from(sx)).round()
            * (f64::from(rect.height()) * f64::from(sy)).round();
        let live = live + 4.0 * tile;
        self.hold(live)?;
        self.add(tile)?;
        self.group(pattern.root(), tile, live)
    }

    fn clip(&mut self, clip: &usvg::ClipPath, layer: f64, live: f64) -> Result<(), ThumbError> {
        let live = live + 4.0 * layer;
        self.hold(live)?;
        self.add(2.0 * layer)?;
        self.group(clip.root(), layer, live)?;
        match clip.clip_path() {
            Some(inner) => self.clip(inner, layer, live),
            None => Ok(()),
        }
    }

    fn mask(&mut self, mask: &usvg::Mask, layer: f64, live: f64) -> Result<(), ThumbError> {
        // A colour buffer and an alpha mask.
        let live = live + 5.0 * layer;
        self.hold(live)?;
        self.add(3.0 * layer)?;
        self.group(mask.root(), layer, live)?;
        match mask.mask() {
            Some(inner) => self.mask(inner, layer, live),
            None => Ok(()),
        }
    }

    /// One filter primitive over a `region`-pixel layer, at `scale` pixels
    /// per unit.
    fn primitive(
        &mut self,
        kind: &filter::Kind,
        region: f64,
        scale: f64,
        live: f64,
    ) -> Result<(), ThumbError> {
        use filter::Kind;
        let per_pixel = match kind {
            Kind::GaussianBlur(_) | Kind::DropShadow(_) => 8.0,
            Kind::DiffuseLighting(_) | Kind::SpecularLighting(_) => 10.0,
            // Every pixel looks at every pixel of its (2rx+1)×(2ry+1) window.
            Kind::Morphology(m) => {
                let rx = (f64::from(m.radius_x().get()) * scale)
                    .round()
                    .min(self.max_side.0);
                let ry = (f64::from(m.radius_y().get()) * scale)
                    .round()
                    .min(self.max_side.1);
                (2.0 * rx + 1.0) * (2.0 * ry + 1.0) / 4.0
            }
            // Each octave is a full noise evaluation per pixel.
            Kind::Turbulence(t) => 30.0 * f64::from(t.num_octaves().max(1)),
            Kind::ConvolveMatrix(c) => {
                f64::from(c.matrix().columns()) * f64::from(c.matrix().rows()) + 2.0
            }
            Kind::Image(image) => {
                self.group(image.root(), region, live)?;
                2.0
            }
            _ => 2.0,
        };
        self.add(region * per_pixel)
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode_fit;
    use super::*;

    const BOX: (u32, u32) = (200, 200);

    fn svg(attributes: &str, content: &str) -> Vec<u8> {
        format!(r#"<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" {attributes}>{content}</svg>"#)
            .into_bytes()
    }

    fn render(bytes: &[u8], max: (u32, u32)) -> RgbaImage {
        decode_fit(bytes, max)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_rgba8()
    }

    fn opaque_pixels(image: &RgbaImage) -> usize {
        image.pixels().filter(|p| p[3] > 0).count()
    }

    fn refused(bytes: &[u8]) -> String {
        match decode_fit(bytes, BOX) {
            Err(ThumbError::Bomb(what)) => what,
            other => panic!("expected a Bomb, got {other:?}"),
        }
    }

    fn undecodable(bytes: &[u8]) -> String {
        match decode_fit(bytes, BOX) {
            Err(e @ ThumbError::Decode(_)) => e.to_string(),
            other => panic!("expected Decode, got {other:?}"),
        }
    }

    #[test]
    fn the_demo_logo_renders_fitted_to_the_box() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/demo/files/65a9474312a262af23b39f62_candy-co-logo.svg"
        ))
        .unwrap();
        assert!(looks_like_svg(&bytes));
        // 240×80 user units into 400×400: 400×133, scaled up.
        let image = render(&bytes, (400, 400));
        assert_eq!(image.dimensions(), (400, 133));
        assert!(opaque_pixels(&image) > 4000, "{}", opaque_pixels(&image));
        // The circle at (40, 40) is #f46092 and covers its centre, opaque.
        let centre = image.get_pixel(67, 60);
        assert_eq!(centre.0, [0xf4, 0x60, 0x92, 0xff]);
        // The wordmark is text, which has no fonts to draw with: its corner of
        // the canvas stays empty, and nothing failed.
        let wordmark = (200..390)
            .flat_map(|x| (50..90).map(move |y| (x, y)))
            .filter(|&(x, y)| image.get_pixel(x, y)[3] > 0)
            .count();
        assert_eq!(wordmark, 0);
        // A box narrower than the logo: the width decides.
        assert_eq!(render(&bytes, (120, 400)).dimensions(), (120, 40));
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_svg(b"<svg xmlns='x'/>"));
        assert!(looks_like_svg(
            b"\xEF\xBB\xBF \n<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<svg/>"
        ));
        assert!(looks_like_svg(b"<!DOCTYPE svg [<!ENTITY a 'b'>]><svg/>"));
        assert!(!looks_like_svg(b"\x89PNG\r\n\x1a\n<svg"));
        assert!(!looks_like_svg(b"\n<HTML><body><svg/></body></HTML>"));
        assert!(!looks_like_svg(b"not an image <svg"));
        assert!(!looks_like_svg(
            b"<!DOCTYPE html><html><body></body></html>"
        ));
        assert!(!looks_like_svg(b""));
    }

    #[test]
    fn a_png_behind_an_svg_name_is_decoded_as_a_png() {
        // The demo's Candy-Wrapper: a PNG at a .svg URL, as Webflow serves it.
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/demo/files/63e5889e7fe4eafa7384cea4_Vectors-Wrapper.svg"
        ))
        .unwrap();
        assert!(!looks_like_svg(&bytes));
        let image = decode_fit(&bytes, (100, 100)).unwrap();
        assert!(image.width() <= 100 && image.height() <= 100);
    }

    #[test]
    fn size_comes_from_the_view_box_or_units() {
        let rect = r#"<rect width="100%" height="100%" fill="red"/>"#;
        let only_view_box = render(&svg(r#"viewBox="0 0 300 100""#, rect), BOX);
        assert_eq!(only_view_box.dimensions(), (200, 67));
        assert_eq!(opaque_pixels(&only_view_box), 200 * 67);
        let units = render(&svg(r#"width="5cm" height="2cm""#, rect), BOX);
        assert_eq!(units.dimensions(), (200, 80));
        let one_side = render(&svg(r#"width="10mm" viewBox="0 0 1 2""#, rect), BOX);
        assert_eq!(one_side.dimensions(), (100, 200));
        // No size at all: the bounds of what it draws.
        let bare = render(
            &svg("", r#"<rect x="0" y="0" width="40" height="10"/>"#),
            BOX,
        );
        assert_eq!(bare.dimensions(), (200, 50));
        // A size that cannot be drawn says so.
        let zero = undecodable(&svg(r#"width="0" height="10""#, rect));
        assert!(
            zero.contains("no usable size") && zero.contains("with o"),
            "{zero}"
        );
    }

    #[test]
    fn a_huge_declared_size_is_scaled_down_not_allocated() {
        let big = svg(
            r#"width="1000000" height="500000" viewBox="0 0 2 1""#,
            r#"<circle cx="1" cy="0.5" r="0.5" fill="blue"/>"#,
        );
        let image = render(&big, (400, 400));
        assert_eq!(image.dimensions(), (400, 200));
        assert_eq!(image.get_pixel(200, 100).0, [0, 0, 0xff, 0xff]);
        let absurd = svg(
            r#"width="1e30" height="1""#,
            r#"<rect width="1e30" height="1"/>"#,
        );
        assert_eq!(render(&absurd, BOX).dimensions(), (200, 1));
        // A vanishing size: a scale near f32's limit, refused or drawn, never a panic.
        let tiny = svg(
            r#"width="1e-37" height="1e-37""#,
            r#"<rect width="1e-37" height="1e-37"/>"#,
        );
        match decode_fit(&tiny, BOX) {
            Ok(image) => assert_eq!((image.width(), image.height()), BOX),
            Err(e) => assert!(
                matches!(e, ThumbError::Bomb(_) | ThumbError::Decode(_)),
                "{e:?}"
            ),
        }
        // A box larger than any pane is held to the decode limits.
        for (w, h) in [(10.0, 10.0), (1.0, 1000.0), (1000.0, 1.0)] {
            let (fw, fh) = fit(w, h, (60_000, 60_000));
            assert!(fw <= MAX_DIMENSION && fh <= MAX_DIMENSION, "{fw}×{fh}");
            assert!(
                u64::from(fw) * u64::from(fh) * 4 <= MAX_DECODE_BYTES,
                "{fw}×{fh}"
            );
        }
        assert_eq!(fit(10.0, 10.0, (0, 0)), (1, 1));
    }

    #[test]
    fn external_and_embedded_images_are_never_loaded() {
        // A red SVG on disk: usvg's default resolver would read and draw it.
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.svg");
        std::fs::write(
            &secret,
            svg(
                r#"width="10" height="10""#,
                r#"<rect width="10" height="10" fill="red"/>"#,
            ),
        )
        .unwrap();
        let path = secret.display().to_string();
        let red_svg = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxMCIgaGVpZ2h0PSIxMCI+PHJlY3Qgd2lkdGg9IjEwIiBoZWlnaHQ9IjEwIiBmaWxsPSJyZWQiLz48L3N2Zz4=";
        for href in [
            path.clone(),
            format!("file://{path}"),
            "file:///etc/passwd".to_string(),
            "/etc/passwd".to_string(),
            "http://127.0.0.1:9/logo.png".to_string(),
            "https://example.com/logo.svg".to_string(),
            format!("data:image/svg+xml;base64,{red_svg}"),
        ] {
            let doc = svg(
                r#"width="20" height="10""#,
                &format!(
                    r#"<image href="{href}" width="10" height="10"/><image xlink:href="{href}" width="10" height="10"/><rect x="10" width="10" height="10" fill="blue"/>"#
                ),
            );
            let image = render(&doc, (20, 10));
            let left = (0..10)
                .flat_map(|x| (0..10).map(move |y| (x, y)))
                .filter(|&(x, y)| image.get_pixel(x, y)[3] > 0)
                .count();
            assert_eq!(left, 0, "{href} was drawn");
            assert_eq!(image.get_pixel(15, 5).0, [0, 0, 0xff, 0xff], "{href}");
        }
        // The test would notice: with usvg's defaults the file on disk is drawn.
        let doc = svg(
            r#"width="10" height="10""#,
            &format!(r#"<image href="{path}" width="10" height="10"/>"#),
        );
        let tree = Tree::from_data(&doc, &usvg::Options::default()).unwrap();
        assert!(tree.root().has_children());
        let tree = Tree::from_data(&doc, &usvg_options()).unwrap();
        assert!(!tree.root().has_children());
    }

    #[test]
    fn text_renders_as_nothing_without_fonts() {
        let doc = svg(
            r#"width="100" height="50""#,
            r#"<text x="5" y="30" font-family="Arial" font-size="20">Candy Co.</text>"#,
        );
        let image = render(&doc, BOX);
        assert_eq!(image.dimensions(), (200, 100));
        assert_eq!(opaque_pixels(&image), 0);
    }

    #[test]
    fn what_is_not_an_svg_is_a_decode_error() {
        let malformed = undecodable(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>");
        assert!(malformed.contains("not well-formed XML"), "{malformed}");
        assert!(
            malformed.contains("open it in the browser with o"),
            "{malformed}"
        );
        let other = undecodable(b"<?xml version=\"1.0\"?><note><svg/></note>");
        assert!(
            other.contains("not SVG") && other.contains("<note>"),
            "{other}"
        );
        let bare = undecodable(b"<svg width=\"10\" height=\"10\"><rect/></svg>");
        assert!(bare.contains("xmlns"), "{bare}");
        let latin1 =
            undecodable(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><desc>caf\xe9</desc></svg>");
        assert!(latin1.contains("UTF-8"), "{latin1}");
        // Hostile text in an error is cleaned before it reaches the terminal.
        let escape =
            undecodable(b"<svg xmlns=\"http://www.w3.org/2000/svg\"></s\x1b]0;pwned\x07vg>");
        assert!(
            !escape.contains('\x1b') && !escape.contains('\x07'),
            "{escape:?}"
        );
    }

    #[test]
    fn gzip_is_refused_with_a_reason() {
        let err = decode_fit(&[0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0], BOX).unwrap_err();
        assert!(matches!(err, ThumbError::Decode(_)), "{err:?}");
        assert!(err.to_string().contains("gzip"), "{err}");
        assert!(err.to_string().contains("with o"), "{err}");
    }

    #[test]
    fn ordinary_features_stay_within_the_limits() {
        // Gradients, a pattern, a clip path, a mask, a blur, opacity, <use>,
        // a style sheet and a few hundred shapes: an ambitious logo.
        let mut content = String::from(
            r##"<defs>
              <linearGradient id="g"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient>
              <pattern id="p" width="8" height="8" patternUnits="userSpaceOnUse"><circle cx="4" cy="4" r="2" class="dot"/></pattern>
              <clipPath id="c"><circle cx="50" cy="50" r="45"/></clipPath>
              <mask id="m"><rect width="100" height="100" fill="white" opacity="0.8"/></mask>
              <filter id="f"><feGaussianBlur stdDeviation="2"/><feOffset dx="1" dy="1"/></filter>
              <g id="star"><path d="M5 0 L6 4 L10 4 L7 6 L8 10 L5 7 L2 10 L3 6 L0 4 L4 4 Z"/></g>
            </defs>
            <style>.dot { fill: #fc0 } .rim { stroke: url(#g); stroke-width: 2 }</style>
            <rect width="100" height="100" fill="url(#p)"/>
            <g clip-path="url(#c)" mask="url(#m)" opacity="0.9"><rect width="100" height="100" fill="url(#g)"/></g>
            <circle cx="50" cy="50" r="30" class="rim" fill="none" filter="url(#f)"/>"##,
        );
        for i in 0..300 {
            content.push_str(&format!(
                r##"<use href="#star" x="{}" y="{}" fill="hsl({}, 80%, 50%)"/>"##,
                (i * 7) % 90,
                (i * 13) % 90,
                i
            ));
        }
        let image = render(&svg(r#"viewBox="0 0 100 100""#, &content), BOX);
        assert_eq!(image.dimensions(), BOX);
        assert!(opaque_pixels(&image) > 30_000);
    }

    #[test]
    fn an_entity_bomb_is_refused_before_parsing() {
        // 35 KB that roxmltree would expand to 6 GB of text.
        let big = "x".repeat(30_000);
        let uses = "&e0;".repeat(200);
        let refs = "&e1;".repeat(1000);
        let doc = format!(
            r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e0 "{big}"><!ENTITY e1 "{uses}">]><svg xmlns="{SVG_NS}" width="10" height="10"><desc>{refs}</desc></svg>"#
        );
        assert!(refused(doc.as_bytes()).contains("entities"));
        // Loops are refused too…
        let looped = format!(
            r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "&b;"><!ENTITY b "&a;">]><svg xmlns="{SVG_NS}" width="10" height="10"><desc>&a;</desc></svg>"#
        );
        assert!(refused(looped.as_bytes()).contains("entities"));
        // …while Illustrator's namespace entities are fine.
        let illustrator = format!(
            r#"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_svg "{SVG_NS}"><!ENTITY ns_flows "http://ns.adobe.com/Flows/1.0/">]><svg xmlns="&ns_svg;" xmlns:x="&ns_flows;" width="10" height="10"><rect width="10" height="10"/></svg>"#
        );
        assert_eq!(
            opaque_pixels(&render(illustrator.as_bytes(), (10, 10))),
            100
        );
    }

    #[test]
    fn element_bombs_are_refused() {
        // <use> doubling twenty times: a million rectangles from 1 KB.
        let mut defs = String::from(r#"<rect id="a0" width="1" height="1"/>"#);
        for i in 1..=20 {
            defs.push_str(&format!(
                r##"<g id="a{i}"><use href="#a{0}"/><use href="#a{0}"/></g>"##,
                i - 1
            ));
        }
        let doc = svg(
            r#"width="10" height="10""#,
            &format!(r##"<defs>{defs}</defs><use href="#a20"/>"##),
        );
        assert!(refused(&doc).contains("elements"));
        // Deep nesting, directly…
        let deep = svg(
            r#"width="10" height="10""#,
            &format!("{}<rect/>{}", "<g>".repeat(300), "</g>".repeat(300)),
        );
        assert!(refused(&deep).contains("levels deep"));
        // …or through a chain of clip paths (a stack overflow in usvg).
        let mut chain = String::new();
        for i in 0..5000 {
            chain.push_str(&format!(
                r#"<clipPath id="c{i}" clip-path="url(#c{})"><rect width="9" height="9"/></clipPath>"#,
                i + 1
            ));
        }
        let doc = svg(
            r#"width="10" height="10""#,
            &format!(r#"{chain}<rect width="9" height="9" clip-path="url(#c0)"/>"#),
        );
        assert!(refused(&doc).contains("levels deep"));
        // …or a style sheet's references.
        let mut chain = String::new();
        let mut css = String::new();
        for i in 0..300 {
            chain.push_str(&format!(
                r#"<mask id="m{i}" class="k{i}"><rect width="9" height="9"/></mask>"#
            ));
            css.push_str(&format!(".k{i} {{ mask: url(#m{}) }} ", i + 1));
        }
        let doc = svg(
            r#"width="10" height="10""#,
            &format!(r#"<style>{css}</style>{chain}"#),
        );
        assert!(refused(&doc).contains("levels deep"));
        // A style sheet of many rules over many elements.
        let css: String = (0..2000)
            .map(|i| format!(".c{i} rect {{ fill: red }}"))
            .collect();
        let rects = r#"<rect width="1" height="1"/>"#.repeat(10_000);
        let doc = svg(
            r#"width="10" height="10""#,
            &format!("<style>{css}</style>{rects}"),
        );
        assert!(refused(&doc).contains("style sheet"));
        // Too much source to begin with.
        let padding = " ".repeat(MAX_SVG_BYTES);
        let doc = svg(r#"width="10" height="10""#, &padding);
        assert!(refused(&doc).contains("previews draw SVGs up to 10.0 MiB"));
    }

    #[test]
    fn reference_loops_are_refused_and_links_are_not_loops() {
        // usvg would follow this one until the stack overflows.
        let feimage = svg(
            r#"width="10" height="10""#,
            r##"<filter id="f"><feImage href="#g"/></filter><filter id="f2"><feImage href="#r"/></filter><rect id="r" width="9" height="9" filter="url(#f)"/><rect id="g" width="9" height="9" filter="url(#f2)"/>"##,
        );
        let err = undecodable(&feimage);
        assert!(err.contains("loop back to #"), "{err}");
        // The same loop made through a style sheet, which the attributes hide.
        let css = svg(
            r#"width="10" height="10""#,
            r##"<style>.x { filter: url(#f) }</style><filter id="f"><feImage href="#r"/></filter><rect id="r" class="x" width="9" height="9"/>"##,
        );
        assert!(undecodable(&css).contains("feImage"));
        // Loops usvg would cut are refused all the same: the file is broken.
        let clips = svg(
            r#"width="10" height="10""#,
            r#"<clipPath id="a" clip-path="url(#b)"><rect width="9" height="9"/></clipPath><clipPath id="b" clip-path="url(#a)"><rect width="9" height="9"/></clipPath><rect width="9" height="9" clip-path="url(#a)"/>"#,
        );
        assert!(undecodable(&clips).contains("loop back to #"));
        // A link to an ancestor is not a reference usvg follows.
        let link = svg(
            r#"width="10" height="10""#,
            r##"<g id="top"><a href="#top"><rect width="10" height="10"/></a></g>"##,
        );
        assert_eq!(opaque_pixels(&render(&link, (10, 10))), 100);
    }

    #[test]
    fn a_long_entity_chain_is_refused_without_recursing_through_it() {
        let mut dtd = String::from(r#"<!ENTITY e0 "x">"#);
        for i in 1..100_000 {
            dtd.push_str(&format!(r#"<!ENTITY e{i} "&e{};">"#, i - 1));
        }
        let doc = format!(
            r#"<?xml version="1.0"?><!DOCTYPE svg [{dtd}]><svg xmlns="{SVG_NS}" width="10" height="10"><desc>&e99999;</desc></svg>"#
        );
        assert!(refused(doc.as_bytes()).contains("entities"));
    }

    #[test]
    fn expensive_drawing_is_refused_before_it_starts() {
        let refused_work = |content: &str| {
            let what = refused(&svg(r#"width="100" height="100""#, content));
            assert!(
                what.contains("pixel operations") || what.contains("at once"),
                "{what}"
            );
        };
        // 300 nested layers, each five canvases square: 8 s of resvg.
        refused_work(&format!(
            r#"{}<rect x="-1000" y="-1000" width="3000" height="3000"/>{}"#,
            r#"<g opacity="0.99">"#.repeat(200),
            "</g>".repeat(200)
        ));
        // Thousands of translucent full-canvas layers.
        refused_work(&r#"<rect width="100" height="100" opacity="0.5"/>"#.repeat(5000));
        // Morphology with a huge radius, turbulence with a thousand octaves.
        refused_work(
            r#"<filter id="f"><feMorphology radius="50"/></filter><rect width="100" height="100" filter="url(#f)"/>"#,
        );
        refused_work(
            r#"<filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="1000"/></filter><rect width="100" height="100" filter="url(#f)"/>"#,
        );
        // A pattern tile of 400,000 pixels square: tiny-skia would abort the
        // process trying to allocate 640 GB.
        refused_work(
            r#"<pattern id="p" patternUnits="userSpaceOnUse" width="100000" height="100000"><rect width="10" height="10"/></pattern><rect width="100" height="100" fill="url(#p)"/>"#,
        );
    }

    #[test]
    fn a_panic_while_drawing_is_an_error_not_a_crash() {
        let result: Result<(), _> = on_svg_thread(|| panic!("resvg assertion"));
        let err = result.unwrap_err();
        assert!(matches!(err, ThumbError::Decode(_)), "{err:?}");
        assert!(err.to_string().contains("renderer failed"), "{err}");
        let name = on_svg_thread(|| Ok(std::thread::current().name().map(str::to_owned)));
        assert_eq!(name.unwrap().as_deref(), Some(SVG_THREAD));
    }
}
