//! Terminal input: one thread reads every byte the terminal sends and splits
//! it into the user's events and the terminal's answers to our queries.
//!
//! Why wfa reads the terminal itself instead of using crossterm's
//! `EventStream`:
//! - Asking a terminal which graphics protocol it speaks means reading its
//!   answer from the same input the keys arrive on. crossterm's parser drops
//!   answers it does not know (kitty graphics, cell size), so the usual fix is
//!   a second reader on stdin for a couple of seconds — which races the first
//!   one and swallows the keys typed meanwhile. With one reader, answers go to
//!   ratatui-image's capability parser and everything else stays a key.
//! - The event loop only ever sees a channel, which wakes it on every message;
//!   no stream is polled with a foreign waker (that lost wake-ups and made
//!   every key wait for the next one-second tick).
//!
//! Keys, mouse and paste are parsed by `terminput` (crossterm's own parser,
//! published as a crate) and handed on as crossterm events, so the rest of the
//! browser is unchanged.

use std::io::{self, Read};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use ratatui_image::picker::cap_parser::{Parser as ReplyParser, Response};
use tokio::sync::mpsc;

/// What the input thread reports.
#[derive(Debug)]
pub enum Input {
    /// A key, paste, mouse or focus event from the user.
    Event(Event),
    /// Every answer to a capability query, once the terminal's closing status
    /// report has arrived.
    Replies(Vec<Response>),
    /// Reading the terminal failed; nothing more will come.
    Failed(io::Error),
}

/// How long answers to a query are told apart from keys. Long enough for a
/// terminal at the far end of a slow SSH link; the browser does not wait for
/// it (keys keep flowing), it only falls back to half blocks sooner.
pub const REPLY_WINDOW: Duration = Duration::from_secs(5);

/// Shared between the event loop, which sends a query, and the input thread,
/// which recognises the answers. Holds when answers stop being expected.
#[derive(Debug, Clone, Default)]
pub struct Awaiting(Arc<Mutex<Option<Instant>>>);

impl Awaiting {
    /// Call just before writing a query to the terminal.
    pub fn start(&self, now: Instant) {
        *self.lock() = Some(now + REPLY_WINDOW);
    }

    fn active(&self, now: Instant) -> bool {
        self.lock().is_some_and(|until| now < until)
    }

    fn finish(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;
/// Escape sequences longer than this are not from a terminal we talk to;
/// they are dropped rather than buffered without end.
const MAX_SEQUENCE: usize = 4096;
/// Bracketed paste ends with this; a paste is parsed only once it is whole.
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";
/// A paste whose end never comes (a broken terminal or link) is handed on at
/// this size, so memory stays bounded and later keys are not swallowed.
const MAX_PASTE: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between sequences.
    Ground,
    /// After ESC: a sequence, Alt+key, or the Esc key itself.
    Escape,
    /// After `ESC _`: a kitty graphics answer if `G` follows, else Alt+_.
    Apc,
    /// Inside `ESC [ …` until its final byte.
    Csi,
    /// Inside a kitty graphics answer (`ESC _ G …`) until ESC \ or BEL.
    Answer,
}

/// Splits the terminal's bytes into events and answers. Pure: fed byte
/// chunks, it returns what they complete, so it is tested without a terminal.
pub struct Splitter {
    state: State,
    /// The escape sequence being collected while it could still be an answer.
    sequence: Vec<u8>,
    /// Bytes given to the key parser that do not make an event yet (UTF-8,
    /// SS3 keys, legacy mouse, a paste in progress).
    keys: Vec<u8>,
    replies: ReplyParser,
    answers: Vec<Response>,
    awaiting: Awaiting,
}

impl Splitter {
    pub fn new(awaiting: Awaiting) -> Self {
        Self {
            state: State::Ground,
            sequence: Vec::new(),
            keys: Vec::new(),
            replies: ReplyParser::new(),
            answers: Vec::new(),
            awaiting,
        }
    }

    /// Feeds one read's worth of bytes. A lone ESC at the end of a read is the
    /// Esc key (an escape sequence arrives in one read), as in crossterm; so is
    /// an `ESC _` (Alt+_).
    pub fn feed(&mut self, chunk: &[u8], now: Instant) -> Vec<Input> {
        let mut out = Vec::new();
        for (i, &byte) in chunk.iter().enumerate() {
            let more = i + 1 < chunk.len();
            self.byte(byte, more, now, &mut out);
        }
        if self.state == State::Apc {
            // `ESC _` ended the read: Alt+_, not the start of an answer.
            self.state = State::Ground;
            self.keys = std::mem::take(&mut self.sequence);
            self.parse_keys(false, &mut out);
        }
        out
    }

    fn byte(&mut self, byte: u8, more: bool, now: Instant, out: &mut Vec<Input>) {
        if !self.keys.is_empty() {
            let pasting = self.keys.starts_with(PASTE_START);
            if byte == ESC && !pasting {
                // A new sequence starts: what was pending will never complete
                // (crossterm drops it too); the ESC starts afresh.
                self.keys.clear();
            } else {
                // The key parser is in the middle of something: it gets the byte.
                self.key_byte(byte, more, out);
                return;
            }
        }
        match self.state {
            State::Ground if byte == ESC && more => {
                self.state = State::Escape;
                self.sequence = vec![ESC];
            }
            State::Ground => self.key_byte(byte, more, out),
            State::Escape => match byte {
                b'[' => {
                    self.sequence.push(byte);
                    self.state = State::Csi;
                }
                b'_' => {
                    self.sequence.push(byte);
                    self.state = State::Apc;
                }
                ESC => {
                    // ESC ESC: the first is the Esc key, the second starts anew.
                    self.sequence.clear();
                    self.state = State::Ground;
                    self.key_byte(ESC, false, out);
                    self.byte(ESC, more, now, out);
                }
                _ => {
                    // Alt+key or SS3 (ESC O …): the key parser's.
                    self.state = State::Ground;
                    self.keys = std::mem::take(&mut self.sequence);
                    self.key_byte(byte, more, out);
                }
            },
            State::Apc if byte == b'G' => {
                // Only ever a kitty graphics answer, whether or not one is
                // expected: a late one must not type `G`, `i`, `=`… into wfa.
                self.sequence.push(byte);
                self.state = State::Answer;
            }
            State::Apc => {
                // Alt+_ and then whatever followed.
                self.state = State::Ground;
                self.keys = std::mem::take(&mut self.sequence);
                self.parse_keys(true, out);
                self.byte(byte, more, now, out);
            }
            State::Csi if byte == ESC || byte < 0x20 => {
                // Interrupted: the partial sequence is dropped and the byte
                // starts afresh (a control key such as Ctrl-C is never lost).
                self.sequence.clear();
                self.state = State::Ground;
                self.byte(byte, more, now, out);
            }
            State::Csi => {
                self.sequence.push(byte);
                if (0x40..=0x7e).contains(&byte) {
                    self.state = State::Ground;
                    let sequence = std::mem::take(&mut self.sequence);
                    if is_answer(&sequence) {
                        self.answer(&sequence, now, out);
                    } else {
                        self.keys = sequence;
                        self.parse_keys(more, out);
                    }
                } else if self.sequence.len() > MAX_SEQUENCE {
                    self.state = State::Ground;
                    self.sequence.clear();
                }
            }
            State::Answer => {
                self.sequence.push(byte);
                let ended = byte == BEL || self.sequence.ends_with(b"\x1b\\");
                if ended {
                    self.state = State::Ground;
                    let sequence = std::mem::take(&mut self.sequence);
                    self.answer(&sequence, now, out);
                } else if self.sequence.len() > MAX_SEQUENCE {
                    self.state = State::Ground;
                    self.sequence.clear();
                }
            }
        }
    }

    fn key_byte(&mut self, byte: u8, more: bool, out: &mut Vec<Input>) {
        self.keys.push(byte);
        self.parse_keys(more, out);
    }

    /// Tries to make an event of the key bytes so far.
    fn parse_keys(&mut self, more: bool, out: &mut Vec<Input>) {
        if self.keys == [ESC] && more {
            return; // the start of Alt+key: wait for the next byte
        }
        if self.keys.starts_with(PASTE_START) && !self.keys.ends_with(PASTE_END) {
            // A paste can be megabytes: parse it once, when it is complete.
            if self.keys.len() > MAX_PASTE {
                let text = String::from_utf8_lossy(&self.keys[PASTE_START.len()..]).into_owned();
                self.keys.clear();
                out.push(Input::Event(Event::Paste(text)));
            }
            return;
        }
        match terminput::Event::parse_from(&self.keys) {
            Ok(Some(event)) => {
                self.keys.clear();
                if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                    out.push(Input::Event(event));
                }
            }
            Ok(None) if self.keys.len() <= MAX_SEQUENCE || self.keys.starts_with(PASTE_START) => {}
            // Not an event, or never going to be one: drop it, as crossterm does.
            _ => self.keys.clear(),
        }
    }

    /// An answer from the terminal: never a key. Kept only while a query is
    /// outstanding; the closing status report delivers them all.
    fn answer(&mut self, sequence: &[u8], now: Instant, out: &mut Vec<Input>) {
        if !self.awaiting.active(now) {
            return;
        }
        for &b in sequence {
            for response in self.replies.push(char::from(b)) {
                if response == Response::Status {
                    self.awaiting.finish();
                    out.push(Input::Replies(std::mem::take(&mut self.answers)));
                } else {
                    self.answers.push(response);
                }
            }
        }
    }
}

/// Whether a complete CSI sequence is a terminal's answer rather than a key:
/// private-parameter reports (`CSI ? … c` device attributes, `CSI ? … u`
/// keyboard flags), window reports (`… t`) and status reports (`… n`). No key
/// is encoded that way.
fn is_answer(sequence: &[u8]) -> bool {
    let params = &sequence[2..sequence.len() - 1];
    let last = sequence[sequence.len() - 1];
    params.first() == Some(&b'?') || last == b't' || last == b'n'
}

/// Stops the input thread reading the terminal while another program (the
/// `$EDITOR` of `E`) has it, so that no key meant for that program is read
/// by wfa. Shared between the event loop and the input thread.
#[derive(Debug, Clone, Default)]
pub struct Pause(Arc<PauseState>);

#[derive(Debug, Default)]
struct PauseState {
    /// (asked to pause, the thread has stopped reading)
    flags: Mutex<(bool, bool)>,
    changed: std::sync::Condvar,
    /// Wakes the thread from waiting for input.
    wake: tokio::sync::Notify,
}

/// How long [`Pause::pause`] waits for the thread to stop reading.
const PAUSE_WAIT: Duration = Duration::from_millis(500);

impl Pause {
    /// Asks the input thread to stop reading and waits until it has; false
    /// when it did not in time (it cannot be interrupted: see [`spawn`]).
    pub fn pause(&self) -> bool {
        let state = &*self.0;
        lock(&state.flags).0 = true;
        state.wake.notify_one();
        let flags = lock(&state.flags);
        let (flags, _) = state
            .changed
            .wait_timeout_while(flags, PAUSE_WAIT, |(_, stopped)| !*stopped)
            .unwrap_or_else(|p| p.into_inner());
        flags.1
    }

    /// Lets the input thread read again.
    pub fn resume(&self) {
        lock(&self.0.flags).0 = false;
        self.0.changed.notify_all();
    }

    /// In the input thread: while a pause is asked for, says so and waits.
    fn hold(&self) {
        let state = &*self.0;
        let mut flags = lock(&state.flags);
        if !flags.0 {
            return;
        }
        flags.1 = true;
        state.changed.notify_all();
        while flags.0 {
            flags = state.changed.wait(flags).unwrap_or_else(|p| p.into_inner());
        }
        flags.1 = false;
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Standard input, for waiting until it can be read (epoll) without reading.
#[cfg(unix)]
struct StdinFd;

#[cfg(unix)]
impl std::os::fd::AsRawFd for StdinFd {
    fn as_raw_fd(&self) -> std::os::fd::RawFd {
        0
    }
}

/// Starts the thread that reads the terminal (standard input) until it closes.
/// It stops by itself when the receiver is dropped and the next byte arrives;
/// the process exits without waiting for it.
///
/// It waits for input readiness (epoll, through a small runtime of its own)
/// rather than in `read`, so that a [`Pause`] can stop it between reads.
/// Where standard input cannot be waited on that way (not a terminal or
/// pipe), it reads directly and cannot be paused.
pub fn spawn(awaiting: Awaiting, pause: Pause) -> io::Result<mpsc::UnboundedReceiver<Input>> {
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::Builder::new()
        .name("wfa-input".into())
        .spawn(move || {
            let mut splitter = Splitter::new(awaiting);
            let mut buf = vec![0u8; 16 * 1024];
            let mut deliver = |result: io::Result<usize>, buf: &[u8]| -> bool {
                let n = match result {
                    Ok(0) => {
                        let _ = tx.send(Input::Failed(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the terminal closed its input",
                        )));
                        return false;
                    }
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => return true,
                    Err(e) => {
                        let _ = tx.send(Input::Failed(e));
                        return false;
                    }
                };
                splitter
                    .feed(&buf[..n], Instant::now())
                    .into_iter()
                    .all(|input| tx.send(input).is_ok())
            };
            #[cfg(unix)]
            if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
            {
                // SAFETY: fd 0 is open for the whole life of the process
                // (nothing in wfa closes standard input) and `StdinFd`
                // always names it.
                let ready = runtime.block_on(async {
                    unsafe {
                        tokio::io::unix::AsyncFd::register_with_interest(
                            StdinFd,
                            tokio::io::Interest::READABLE,
                        )
                    }
                });
                if let Ok(ready) = ready {
                    loop {
                        pause.hold();
                        let readable = runtime.block_on(async {
                            tokio::select! {
                                guard = ready.readable() => guard.ok().map(|mut guard| {
                                    let result = io::stdin().lock().read(&mut buf);
                                    // A read that filled the buffer may have left more.
                                    if !matches!(result, Ok(n) if n == buf.len()) {
                                        guard.clear_ready();
                                    }
                                    result
                                }),
                                () = pause.0.wake.notified() => None,
                            }
                        });
                        if let Some(result) = readable
                            && !deliver(result, &buf)
                        {
                            return;
                        }
                    }
                }
            }
            let mut stdin = io::stdin().lock();
            loop {
                let result = stdin.read(&mut buf);
                if !deliver(result, &buf) {
                    return;
                }
            }
        })?;
    Ok(rx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEventKind};

    fn split(chunks: &[&[u8]], awaiting: bool) -> Vec<Input> {
        let waiting = Awaiting::default();
        let now = Instant::now();
        if awaiting {
            waiting.start(now);
        }
        let mut s = Splitter::new(waiting);
        chunks.iter().flat_map(|c| s.feed(c, now)).collect()
    }

    fn keys(inputs: &[Input]) -> Vec<KeyEvent> {
        inputs
            .iter()
            .filter_map(|i| match i {
                Input::Event(Event::Key(k)) => Some(*k),
                _ => None,
            })
            .collect()
    }

    fn codes(inputs: &[Input]) -> Vec<KeyCode> {
        keys(inputs).into_iter().map(|k| k.code).collect()
    }

    #[test]
    fn plain_keys_arrows_and_utf8() {
        let out = split(&["jk\x1b[A\x1b[B\ré".as_bytes()], false);
        assert_eq!(
            codes(&out),
            [
                KeyCode::Char('j'),
                KeyCode::Char('k'),
                KeyCode::Up,
                KeyCode::Down,
                KeyCode::Enter,
                KeyCode::Char('é')
            ]
        );
    }

    #[test]
    fn lone_escape_at_the_end_of_a_read_is_the_esc_key() {
        let out = split(&[b"\x1b", b"q"], false);
        assert_eq!(codes(&out), [KeyCode::Esc, KeyCode::Char('q')]);
    }

    #[test]
    fn alt_key_and_ctrl_key() {
        let out = split(&[b"\x1bx\x03"], false);
        let k = keys(&out);
        assert_eq!(k[0].code, KeyCode::Char('x'));
        assert!(k[0].modifiers.contains(KeyModifiers::ALT));
        assert_eq!(k[1].code, KeyCode::Char('c'));
        assert!(k[1].modifiers.contains(KeyModifiers::CONTROL));
    }

    #[test]
    fn a_sequence_split_across_reads_is_one_key() {
        let out = split(&[b"\x1b[1;5", b"A"], false);
        let k = keys(&out);
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].code, KeyCode::Up);
        assert!(k[0].modifiers.contains(KeyModifiers::CONTROL));
    }

    #[test]
    fn bracketed_paste_arrives_whole_even_in_pieces() {
        let out = split(&[b"\x1b[200~abc\x1b[A", b"def\x1b[201~", b"j"], false);
        match &out[0] {
            Input::Event(Event::Paste(text)) => assert_eq!(text, "abc\x1b[Adef"),
            other => panic!("expected a paste, got {other:?}"),
        }
        assert_eq!(codes(&out[1..]), [KeyCode::Char('j')]);
    }

    #[test]
    fn sgr_mouse_wheel() {
        let out = split(&[b"\x1b[<65;10;5M"], false);
        match &out[0] {
            Input::Event(Event::Mouse(m)) => assert_eq!(m.kind, MouseEventKind::ScrollDown),
            other => panic!("expected a mouse event, got {other:?}"),
        }
    }

    #[test]
    fn answers_are_never_keys_and_keys_around_them_survive() {
        // A kitty terminal's answers, with keys typed before, between and after.
        let out = split(
            &[
                b"j\x1b_Gi=31;OK\x1b\\k\x1b[?62;4c\x1b[6;20;10tl",
                b"\x1b[0nm",
            ],
            true,
        );
        assert_eq!(
            codes(&out),
            [
                KeyCode::Char('j'),
                KeyCode::Char('k'),
                KeyCode::Char('l'),
                KeyCode::Char('m')
            ]
        );
        let replies: Vec<_> = out
            .iter()
            .filter_map(|i| match i {
                Input::Replies(r) => Some(r.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            replies,
            [vec![
                Response::Kitty,
                Response::Sixel,
                Response::CellSize(Some((10, 20)))
            ]]
        );
    }

    #[test]
    fn without_a_query_answers_are_dropped_and_alt_underscore_is_a_key() {
        let out = split(&[b"\x1b[?62;4c\x1b[0n\x1b_"], false);
        let k = keys(&out);
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].code, KeyCode::Char('_'));
        assert!(!out.iter().any(|i| matches!(i, Input::Replies(_))));
    }

    #[test]
    fn a_late_kitty_answer_is_never_typed_in() {
        // No query outstanding (or its window has passed): still not keys.
        let out = split(&[b"\x1b_Gi=31;OK\x1b\\j"], false);
        assert_eq!(codes(&out), [KeyCode::Char('j')]);
    }

    #[test]
    fn alt_brackets_and_underscore_do_not_swallow_what_follows() {
        let out = split(&[b"\x1b]", b"j", b"\x1b_", b"k"], true);
        let c = codes(&out);
        assert!(
            c.ends_with(&[KeyCode::Char('_'), KeyCode::Char('k')]),
            "{c:?}"
        );
        assert!(c.contains(&KeyCode::Char('j')), "{c:?}");
        // A half-typed CSI is dropped, a control key after it survives.
        let out = split(&[b"\x1b[1\x03"], false);
        let k = keys(&out);
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].code, KeyCode::Char('c'));
        assert!(k[0].modifiers.contains(KeyModifiers::CONTROL));
    }

    #[test]
    fn a_pending_sequence_does_not_turn_an_answer_into_keys() {
        // Alt+Shift+O (ESC O, waiting for an SS3 key), then the answers.
        let out = split(&[b"\x1bO", b"\x1b[?62;4c\x1b[0nj"], true);
        assert_eq!(codes(&out), [KeyCode::Char('j')]);
        assert!(out.iter().any(|i| matches!(i, Input::Replies(_))));
    }

    #[test]
    fn two_escapes_in_one_read_are_two_esc_keys() {
        let out = split(&[b"\x1b\x1b"], false);
        assert_eq!(codes(&out), [KeyCode::Esc, KeyCode::Esc]);
    }

    #[test]
    fn garbage_and_endless_sequences_are_bounded() {
        let mut endless = b"\x1b[".to_vec();
        endless.extend(std::iter::repeat_n(b'1', MAX_SEQUENCE + 10));
        endless.extend_from_slice(b"q");
        let out = split(&[&endless], false);
        assert_eq!(codes(&out).last(), Some(&KeyCode::Char('q')));
        // Invalid UTF-8 is dropped, what follows still works.
        let out = split(&[b"\xff\xfej"], false);
        assert_eq!(codes(&out).last(), Some(&KeyCode::Char('j')));
    }

    #[test]
    fn every_byte_split_keeps_the_same_keys() {
        let input = b"ab\x1b[Ac\x1b[1;2Bd";
        let whole = codes(&split(&[input], false));
        let chunks: Vec<&[u8]> = input.chunks(1).collect();
        // Byte by byte, a lone ESC is ambiguous (it is Esc at a read's end);
        // real terminals send a sequence in one write. Letters and complete
        // sequences survive any split that keeps each sequence whole.
        let pieces: Vec<&[u8]> = vec![b"a", b"b", b"\x1b[A", b"c", b"\x1b[1;2B", b"d"];
        assert_eq!(codes(&split(&pieces, false)), whole);
        assert!(codes(&split(&chunks, false)).contains(&KeyCode::Char('d')));
    }
}
