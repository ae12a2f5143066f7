//! Which pane has the keyboard, and how far each detail pane is scrolled.
//! The scroll belongs to the asset shown: it goes back to the top whenever
//! another asset is selected.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Metadata,
    Variants,
    UsedOn,
    AltText,
}

impl Focus {
    const ORDER: [Focus; 5] = [
        Focus::List,
        Focus::Metadata,
        Focus::Variants,
        Focus::UsedOn,
        Focus::AltText,
    ];

    /// The next pane round, skipping "Used on" when it is not shown.
    fn step(self, forward: bool, used_on: bool) -> Focus {
        let order: Vec<Focus> = Self::ORDER
            .into_iter()
            .filter(|f| used_on || *f != Focus::UsedOn)
            .collect();
        let i = order.iter().position(|f| *f == self).unwrap_or(0);
        let n = order.len();
        order[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    focus: Focus,
    /// First line shown of the metadata, variants, alt-text and used-on panes.
    scroll: [u16; 4],
}

impl Default for Panes {
    fn default() -> Self {
        Self {
            focus: Focus::List,
            scroll: [0; 4],
        }
    }
}

impl Panes {
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// How far `pane` is scrolled (the list scrolls by its selection: 0).
    /// Panes clamp it when drawing, so it never shows past the end.
    pub fn scroll(&self, pane: Focus) -> u16 {
        match pane {
            Focus::List => 0,
            Focus::Metadata => self.scroll[0],
            Focus::Variants => self.scroll[1],
            Focus::AltText => self.scroll[2],
            Focus::UsedOn => self.scroll[3],
        }
    }

    pub fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
    }

    /// Tab / Shift-Tab: the next or previous pane, round; `used_on`: the
    /// "Used on" pane is shown.
    pub fn step(&mut self, forward: bool, used_on: bool) {
        self.focus = self.focus.step(forward, used_on);
    }

    /// Scrolls the focused detail pane by `delta` lines (nothing when the list
    /// has the focus: its selection moves instead).
    pub fn scroll_by(&mut self, delta: isize) {
        let slot = match self.focus {
            Focus::List => return,
            Focus::Metadata => &mut self.scroll[0],
            Focus::Variants => &mut self.scroll[1],
            Focus::AltText => &mut self.scroll[2],
            Focus::UsedOn => &mut self.scroll[3],
        };
        // Panes clamp their scroll when rendering; keep the stored value sane.
        let next = (*slot as isize)
            .saturating_add(delta)
            .clamp(0, u16::MAX as isize / 2);
        *slot = next as u16;
    }

    /// Another asset is shown: every detail pane back to its top.
    pub fn reset_scroll(&mut self) {
        self.scroll = [0; 4];
    }
}
