//! One line of text with a cursor, and the editing keys every text field of
//! the browser shares (the ID input, the filter, the alt-text editor): so
//! Ctrl-W deletes a word the same way wherever text is typed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Text and a cursor (counted in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineText {
    text: String,
    cursor: usize,
}

/// What a key did to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEdit {
    /// A character was typed.
    Typed,
    /// Text was deleted or replaced.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// Not an editing key: the caller's to handle.
    Ignored,
}

impl LineText {
    /// `text` with the cursor at its end.
    pub fn new(text: String) -> Self {
        let cursor = text.chars().count();
        Self { text, cursor }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts `s` at the cursor.
    pub fn insert(&mut self, s: &str) {
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, s);
        self.cursor += s.chars().count();
    }

    /// Replaces the text; the cursor goes to its end.
    pub fn set(&mut self, text: String) {
        *self = Self::new(text);
    }

    /// Inserts pasted text on one line: control characters, line breaks
    /// included, become spaces.
    pub fn paste(&mut self, text: &str) {
        let one_line: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        self.insert(&one_line);
    }

    /// Deletes the characters between `from` and the cursor (`from` before it).
    fn delete_back_to(&mut self, from: usize) {
        let (start, end) = (self.byte_at(from), self.byte_at(self.cursor));
        self.text.replace_range(start..end, "");
        self.cursor = from;
    }

    /// Where the word before the cursor starts (spaces before the cursor
    /// go with it), as readline's Ctrl-W.
    fn word_start(&self) -> usize {
        let chars: Vec<char> = self.text.chars().take(self.cursor).collect();
        let mut i = chars.len();
        while i > 0 && chars[i - 1].is_whitespace() {
            i -= 1;
        }
        while i > 0 && !chars[i - 1].is_whitespace() {
            i -= 1;
        }
        i
    }

    /// Applies an editing key: characters, ←/→, Home/End, Backspace/Delete,
    /// Ctrl-W and Alt-Backspace (the word before the cursor), Ctrl-U (all),
    /// Ctrl-A/Ctrl-E (start/end).
    pub fn apply(&mut self, key: KeyEvent) -> LineEdit {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                self.set(String::new());
                LineEdit::Changed
            }
            KeyCode::Char('w') if ctrl => self.delete_word(),
            KeyCode::Backspace if alt || ctrl => self.delete_word(),
            KeyCode::Char('a') if ctrl => self.move_to(0),
            KeyCode::Char('e') if ctrl => self.move_to(self.len()),
            KeyCode::Char(_) if ctrl || alt => LineEdit::Ignored,
            KeyCode::Char(c) => {
                self.insert(c.encode_utf8(&mut [0; 4]));
                LineEdit::Typed
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.delete_back_to(self.cursor - 1);
                LineEdit::Changed
            }
            KeyCode::Delete if self.cursor < self.len() => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                LineEdit::Changed
            }
            KeyCode::Backspace | KeyCode::Delete => LineEdit::Moved,
            KeyCode::Left => self.move_to(self.cursor.saturating_sub(1)),
            KeyCode::Right => self.move_to((self.cursor + 1).min(self.len())),
            KeyCode::Home => self.move_to(0),
            KeyCode::End => self.move_to(self.len()),
            _ => LineEdit::Ignored,
        }
    }

    fn move_to(&mut self, cursor: usize) -> LineEdit {
        self.cursor = cursor;
        LineEdit::Moved
    }

    fn delete_word(&mut self) -> LineEdit {
        let start = self.word_start();
        if start == self.cursor {
            return LineEdit::Moved;
        }
        self.delete_back_to(start);
        LineEdit::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn word_delete_takes_the_word_and_the_spaces_before_the_cursor() {
        let mut line = LineText::new("a red  candy  ".into());
        line.apply(key(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(line.text(), "a red  ");
        line.apply(key(KeyCode::Backspace, KeyModifiers::ALT));
        assert_eq!(line.text(), "a ");
        assert_eq!(line.cursor(), 2);
    }

    #[test]
    fn editing_in_the_middle_counts_characters_not_bytes() {
        let mut line = LineText::new("café".into());
        line.apply(key(KeyCode::Left, KeyModifiers::NONE));
        line.apply(key(KeyCode::Backspace, KeyModifiers::NONE));
        assert_eq!(line.text(), "caé");
        line.apply(key(KeyCode::Delete, KeyModifiers::NONE));
        assert_eq!(line.text(), "ca");
        line.apply(key(KeyCode::Home, KeyModifiers::NONE));
        line.apply(key(KeyCode::Char('X'), KeyModifiers::SHIFT));
        assert_eq!(line.text(), "Xca");
        line.paste("a\nb\tc");
        assert_eq!(line.text(), "Xa b cca");
        assert_eq!(line.cursor(), 6);
    }
}
