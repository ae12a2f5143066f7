//! The yardstick for wfa's first frame: the least a ratatui program does to
//! show one frame — raw mode, the alternate screen, one bordered block — then
//! it waits for `q`. `examples/key_latency.rs` times it beside wfa.
//!
//! cargo run --release --example minimal_frame

use std::io::Read;

use ratatui::widgets::{Block, Borders};

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    terminal.draw(|frame| {
        frame.render_widget(
            Block::default().borders(Borders::ALL).title(" Assets "),
            frame.area(),
        )
    })?;
    let mut byte = [0u8; 1];
    while std::io::stdin().read(&mut byte)? == 1 && byte[0] != b'q' {}
    ratatui::restore();
    Ok(())
}
