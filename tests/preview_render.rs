//! The halfblocks preview of a known image, drawn on a TestBackend: the
//! colours land where the image has them.

use image::{DynamicImage, Rgb, RgbImage};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;
use ratatui::style::Color;
use ratatui_image::picker::Picker;
use ratatui_image::{FilterType, Image, Resize};

/// Left half red, right half blue; top quarter of the blue half green.
fn known_image() -> DynamicImage {
    let img = RgbImage::from_fn(200, 200, |x, y| {
        if x < 100 {
            Rgb([255, 0, 0])
        } else if y < 50 {
            Rgb([0, 255, 0])
        } else {
            Rgb([0, 0, 255])
        }
    });
    DynamicImage::ImageRgb8(img)
}

#[test]
fn halfblocks_draw_the_image_colours_in_place() {
    let picker = Picker::halfblocks();
    let protocol = picker
        .new_protocol(
            known_image(),
            Size::new(20, 10),
            Resize::Fit(Some(FilterType::Triangle)),
        )
        .unwrap();
    let mut terminal = Terminal::new(TestBackend::new(20, 10)).unwrap();
    terminal
        .draw(|f| f.render_widget(Image::new(&protocol), f.area()))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let rgb = |c: Color| match c {
        Color::Rgb(r, g, b) => (r, g, b),
        other => panic!("expected an RGB colour, got {other:?}"),
    };
    // Halfblocks: a cell shows two pixels, ▀/▄ in one colour over the other; a
    // cell whose two pixels match is a space in the background colour.
    // Picker::halfblocks assumes 10×20-pixel cells: 200×200 px is 20×10 cells.
    let top = |x: u16, y: u16| {
        let cell = &buffer[(x, y)];
        match cell.symbol() {
            "▀" => rgb(cell.fg),
            " " | "▄" => rgb(cell.bg),
            other => panic!("unexpected symbol {other:?} at {x},{y}"),
        }
    };
    let (r, g, b) = top(2, 5);
    assert!(r > 200 && g < 40 && b < 40, "left is red: {:?}", (r, g, b));
    let (r, g, _) = top(17, 0);
    assert!(g > 200 && r < 40, "top right is green: {:?}", (r, g));
    let (_, _, b) = top(17, 8);
    assert!(b > 200, "bottom right is blue");
    // The edge between green and blue falls inside a cell: a real half block.
    assert!(
        (0..10).any(|y| buffer[(17, y)].symbol() != " "),
        "some cell in the right column is a half block"
    );
}
