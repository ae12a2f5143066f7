//! Styles by role. Under `NO_COLOR` the theme is made of modifiers only: a
//! coloured cell with REVERSED loses the REVERSED too when colours are dropped,
//! so the selection would vanish.

use ratatui::style::{Color, Modifier, Style};

use crate::tui::app::Mark;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(no_color: bool) -> Self {
        Self { color: !no_color }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    /// A filled cell: bold `fg` on `bg`; bold and reversed under `NO_COLOR`.
    fn filled(&self, bg: Color, fg: Color) -> Style {
        self.pick(
            Style::new().bg(bg).fg(fg).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn selected(&self) -> Style {
        self.filled(Color::Blue, Color::White)
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(Color::DarkGray),
            (false, false) => Style::new(),
        }
    }

    pub fn label(&self) -> Style {
        self.pick(Style::new().fg(Color::Gray), Style::new())
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn warning(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn ok(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Characters a filter matched: the accent colour (the focused border's)
    /// with bold and underline, so they still stand out on the selected row;
    /// bold and underline alone under `NO_COLOR`. Patched over the row's style.
    pub fn highlight(&self) -> Style {
        let marked = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        self.pick(marked.fg(Color::Cyan), marked)
    }

    pub fn badge(&self) -> Style {
        self.filled(Color::Magenta, Color::Black)
    }

    pub fn mark(&self, mark: Mark) -> (&'static str, Style) {
        match mark {
            Mark::NotLoaded => ("·", self.dim()),
            Mark::Loading => ("…", self.pick(Style::new().fg(Color::Cyan), Style::new())),
            Mark::Ok => ("✓", self.ok()),
            Mark::AltProblem => ("!", self.warning().add_modifier(Modifier::BOLD)),
            Mark::Error => ("✗", self.error()),
            Mark::Saving => (
                "↑",
                self.pick(Style::new().fg(Color::Cyan), Style::new())
                    .add_modifier(Modifier::BOLD),
            ),
        }
    }
}
