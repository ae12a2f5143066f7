//! Which pane has the keyboard, and how far each detail pane is scrolled.
//! The scroll belongs to the asset shown: it goes back to the top whenever
//! another asset is selected.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Metadata,
    Variants,
    AltText,
}

impl Focus {
    const ORDER: [Focus; 4] = [
        Focus::List,
        Focus::Metadata,
        Focus::Variants,
        Focus::AltText,
    ];

    fn step(self, forward: bool) -> Focus {
        let i = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Self::ORDER.len();
        Self::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    focus: Focus,
    /// First line shown of the metadata, variants and alt-text panes.
    scroll: [u16; 3],
}

impl Default for Panes {
    fn default() -> Self {
        Self {
            focus: Focus::List,
            scroll: [0; 3],
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
        }
    }

    pub fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
    }

    /// Tab / Shift-Tab: the next or previous pane, round.
    pub fn step(&mut self, forward: bool) {
        self.focus = self.focus.step(forward);
    }

    /// Scrolls the focused detail pane by `delta` lines (nothing when the list
    /// has the focus: its selection moves instead).
    pub fn scroll_by(&mut self, delta: isize) {
        let slot = match self.focus {
            Focus::List => return,
            Focus::Metadata => &mut self.scroll[0],
            Focus::Variants => &mut self.scroll[1],
            Focus::AltText => &mut self.scroll[2],
        };
        // Panes clamp their scroll when rendering; keep the stored value sane.
        let next = (*slot as isize)
            .saturating_add(delta)
            .clamp(0, u16::MAX as isize / 2);
        *slot = next as u16;
    }

    /// Another asset is shown: every detail pane back to its top.
    pub fn reset_scroll(&mut self) {
        self.scroll = [0; 3];
    }
}
