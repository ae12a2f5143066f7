//! The preview pane's state: whether it shows, whether the terminal's graphics
//! are known, and which thumbnail it holds for which asset and pane size.
//!
//! Graphics are asked for once, only when a preview is first wanted (asking
//! reads the terminal's answer and must not happen before the first frame).
//! After every message [`Preview::sync`] keeps the request in step with the
//! selection and the pane size: one request per (asset, URL, size), the
//! previous one cancelled if it has not answered.

use super::Tickets;
use crate::tui::layout;
use crate::tui::msg::Cmd;
use crate::tui::preview_content::PreviewContent;
use crate::webflow::{Asset, AssetId};

/// A terminal at least this wide opens the preview by itself when it draws
/// real pixels (narrower ones keep the room for the text panes).
pub const AUTO_PREVIEW_MIN_WIDTH: u16 = 100;

/// How the preview starts (decided from the command line, config and the
/// user's last `p`; see `tui::preview_at_start`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreviewStart {
    /// `false` under `--preview off`: the key does nothing.
    pub available: bool,
    pub visible: bool,
    /// Nobody chose: the pane may open by itself.
    pub auto_show: bool,
}

/// What the preview shows, for which asset and pane size.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    id: AssetId,
    url: String,
    cells: (u16, u16),
    ticket: u64,
    content: PreviewContent,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preview {
    visible: bool,
    available: bool,
    /// The graphics protocol in use; empty until the terminal's graphics are
    /// known.
    protocol: String,
    /// The terminal's graphics are known (the worker has a picker): only then
    /// are thumbnails asked for.
    ready: bool,
    /// The worker was asked to find out the terminal's graphics.
    detecting: bool,
    auto_show: bool,
    shown: Option<Shown>,
}

impl Preview {
    pub fn new(start: PreviewStart) -> Self {
        Self {
            visible: start.available && start.visible,
            available: start.available,
            auto_show: start.available && start.auto_show,
            ..Self::default()
        }
    }

    /// The pane is shown (it takes room in the layout).
    pub fn visible(&self) -> bool {
        self.visible
    }

    /// Disabled by `--preview off` when false.
    pub fn available(&self) -> bool {
        self.available
    }

    /// The graphics protocol in use, for the pane title and help; empty until
    /// the terminal's graphics are known.
    pub fn protocol(&self) -> &str {
        &self.protocol
    }

    pub fn ready(&self) -> bool {
        self.ready
    }

    pub fn detecting(&self) -> bool {
        self.detecting
    }

    /// The pane may still open by itself (nobody chose yet).
    pub fn auto_show(&self) -> bool {
        self.auto_show
    }

    /// What the pane holds; `None` when nothing was asked for.
    pub fn content(&self) -> Option<&PreviewContent> {
        self.shown.as_ref().map(|s| &s.content)
    }

    /// `p`: shows or hides the pane, and the choice is the user's from now on.
    /// Returns the new state, or `None` when previews are off.
    pub fn toggle(&mut self) -> Option<bool> {
        if !self.available {
            return None;
        }
        self.visible = !self.visible;
        self.auto_show = false;
        Some(self.visible)
    }

    /// The terminal's graphics are known. The pane opens by itself only when
    /// nobody chose, the terminal draws real pixels and is `width` wide enough.
    pub fn on_graphics(&mut self, protocol: &str, pixels: bool, width: u16) {
        self.ready = true;
        self.detecting = false;
        self.protocol = protocol.to_string();
        if std::mem::take(&mut self.auto_show) && pixels && width >= AUTO_PREVIEW_MIN_WIDTH {
            self.visible = true;
        }
    }

    /// A thumbnail (or why there is none) for request `ticket`; an answer to
    /// an older request is dropped.
    pub fn on_content(&mut self, ticket: u64, content: PreviewContent) {
        if let Some(shown) = &mut self.shown
            && shown.ticket == ticket
        {
            shown.content = content;
        }
    }

    /// Keeps the preview in step with the selection and the pane size in a
    /// terminal of `size`: asks for the selected asset's thumbnail when it
    /// changes, drops the request for a row the user has left (the worker
    /// debounces and aborts).
    pub fn sync(
        &mut self,
        size: (u16, u16),
        selected: Option<(&AssetId, &Asset)>,
        tickets: &mut Tickets,
        cmds: &mut Vec<Cmd>,
    ) {
        let wants_graphics = self.available && (self.visible || self.auto_show);
        if wants_graphics && !self.ready && !self.detecting {
            // Asked once, when a preview is first needed; the answer comes
            // back as `Msg::Graphics`.
            self.detecting = true;
            cmds.push(Cmd::DetectGraphics);
        }
        let cells = layout::preview_cells(size, self.visible && self.available && self.ready);
        let wanted = match (cells, selected) {
            (Some(cells), Some(selected)) if cells.0 > 0 && cells.1 > 0 => Some((cells, selected)),
            _ => None,
        };
        let Some((cells, (id, asset))) = wanted else {
            if let Some(old) = self.shown.take()
                && old.content == PreviewContent::Loading
            {
                cmds.push(Cmd::CancelPreview { ticket: old.ticket });
            }
            return;
        };
        if let Some(old) = &self.shown {
            if (&old.id, old.url.as_str(), old.cells) == (id, asset.hosted_url.as_str(), cells) {
                return;
            }
            if old.content == PreviewContent::Loading {
                cmds.push(Cmd::CancelPreview { ticket: old.ticket });
            }
        }
        let ticket = tickets.issue();
        self.shown = Some(Shown {
            id: id.clone(),
            url: asset.hosted_url.clone(),
            cells,
            ticket,
            content: PreviewContent::Loading,
        });
        cmds.push(Cmd::Preview {
            ticket,
            asset: Box::new(asset.clone()),
            cells,
        });
    }
}
