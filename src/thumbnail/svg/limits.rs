//! The checks an SVG passes before any drawing, each before the stage whose
//! work it bounds:
//!
//! - [`entity_expansion`], on the source text before roxmltree parses it:
//!   roxmltree bounds how deeply entities nest, not how often they are used.
//! - [`check_structure`], on the XML tree before usvg builds its own: the
//!   root is SVG, the element count and the depth (references counted as
//!   levels) are bounded, references do not loop, and style sheets stay cheap.
//! - [`Work`], on usvg's tree before resvg draws it: the pixel operations and
//!   the buffers held at once, estimated the way resvg spends them.
//!
//! Each refuses with a [`ThumbError`] saying what was too much; the limits
//! themselves are the public constants of the parent module.

use std::collections::{HashMap, HashSet};

use resvg::tiny_skia::Transform;
use resvg::usvg::{self, Node, Paint, Tree, filter, roxmltree};

use super::{MAX_CSS_MATCHES, MAX_RENDER_WORK, MAX_SVG_DEPTH, MAX_SVG_ELEMENTS, SVG_NS, decode};
use crate::text;
use crate::thumbnail::{MAX_DECODE_BYTES, ThumbError};

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

/// An upper bound of the text the document's entity references expand to:
/// every `&name;` anywhere in it (in the DTD too, and in comments, which the
/// parser would not expand) counted at its declaration's full expansion.
/// A reference loop counts as unbounded. Character references and the five
/// predefined entities are not declared, so they count as nothing.
pub(super) fn entity_expansion(source: &str) -> u64 {
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
pub(super) fn check_structure(xml: &roxmltree::Document) -> Result<(), ThumbError> {
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
pub(super) struct Work {
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
    pub(super) fn new(root: Transform, width: u32, height: u32) -> Self {
        let side = (5.0 * f64::from(width), 5.0 * f64::from(height));
        Self {
            scale: (f64::from(root.sx), f64::from(root.sy)),
            root,
            max_layer: side.0 * side.1,
            max_side: side,
            ops: 0.0,
        }
    }

    pub(super) fn tree(&mut self, tree: &Tree) -> Result<(), ThumbError> {
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
        self.offscreen(pattern.root(), tile, live, 4.0, 1.0)?;
        Ok(())
    }

    fn clip(&mut self, clip: &usvg::ClipPath, layer: f64, live: f64) -> Result<(), ThumbError> {
        let live = self.offscreen(clip.root(), layer, live, 4.0, 2.0)?;
        clip.clip_path()
            .map_or(Ok(()), |inner| self.clip(inner, layer, live))
    }

    fn mask(&mut self, mask: &usvg::Mask, layer: f64, live: f64) -> Result<(), ThumbError> {
        // A colour buffer and an alpha mask.
        let live = self.offscreen(mask.root(), layer, live, 5.0, 3.0)?;
        mask.mask()
            .map_or(Ok(()), |inner| self.mask(inner, layer, live))
    }

    /// `root` drawn into a buffer of `area` pixels of its own (a pattern tile,
    /// a clip path, a mask): `held` more bytes per pixel live while it draws,
    /// `work` operations per pixel to composite it. Returns the bytes live
    /// meanwhile, which a nested clip or mask adds to.
    fn offscreen(
        &mut self,
        root: &usvg::Group,
        area: f64,
        live: f64,
        held: f64,
        work: f64,
    ) -> Result<f64, ThumbError> {
        let live = live + held * area;
        self.hold(live)?;
        self.add(work * area)?;
        self.group(root, area, live)?;
        Ok(live)
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
