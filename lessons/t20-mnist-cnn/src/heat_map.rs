//! A confusion matrix drawn as a heat map: one cell per (true, predicted) pair, its count written
//! in it, and its shade darker the larger the count's share of its row. Drawn with `plotters`
//! into SVG, as the kit's charts are, so that the text stays text and the file is the same bytes
//! on every run. (kit::plot has line charts and pictures of cells, but no labelled heat map; this
//! one is general enough to move there.)

use kit::plot::sequential;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The side of one cell, in pixels.
const CELL: i32 = 34;
/// Room for the title and the x axis's label and digits above the cells.
const TOP: i32 = 74;
/// Room for the y axis's label and digits left of the cells.
const LEFT: i32 = 70;
/// Room under the cells for the note on the shading.
const BOTTOM: i32 = 46;
/// Room right of the cells.
const RIGHT: i32 = 24;

const INK: RGBColor = RGBColor(30, 30, 30);
const GRID: RGBColor = RGBColor(200, 200, 200);

/// The shade of a cell: the square root of its count's share of its row, on kit's white →
/// orange → near-black scale. The root lifts small counts (1 of 100 is 0.1, not 0.01), so that a
/// single mistake is visible next to a diagonal of 95.
pub fn shade(count: usize, row_total: usize) -> f32 {
    if row_total == 0 {
        0.0
    } else {
        (count as f32 / row_total as f32).sqrt()
    }
}

/// `matrix[true][predicted]` drawn as a heat map with counts, under `title`: true digits down
/// the left, predicted digits along the top. Cells with no example stay white and empty.
///
/// # Panics
///
/// If plotters fails to draw into a string, which it does not.
pub fn confusion_figure<const N: usize>(matrix: &[[usize; N]; N], title: &str) -> String {
    let side = CELL * N as i32;
    let width = (LEFT + side + RIGHT) as u32;
    let height = (TOP + side + BOTTOM) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)
            .expect("drawing into a string cannot fail");
        draw(&root, matrix, title).expect("drawing into a string cannot fail");
        root.present().expect("drawing into a string cannot fail");
    }
    svg
}

/// Text of `size` pixels in `colour`, centred on the point it is drawn at.
fn text(size: u32, colour: &'static RGBColor) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size).into_font())
        .color(colour)
        .pos(Pos::new(HPos::Center, VPos::Center))
}

fn draw<DB: DrawingBackend, const N: usize>(
    area: &DrawingArea<DB, Shift>,
    matrix: &[[usize; N]; N],
    title: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let side = CELL * N as i32;
    let middle = LEFT + side / 2;
    area.draw(&Text::new(title.to_string(), (middle, 14), text(15, &INK)))?;
    area.draw(&Text::new(
        "predicted digit".to_string(),
        (middle, 38),
        text(13, &INK),
    ))?;
    let rotated = TextStyle::from(
        ("sans-serif", 13)
            .into_font()
            .transform(FontTransform::Rotate270),
    )
    .color(&INK)
    .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        "true digit".to_string(),
        (34, TOP + side / 2),
        rotated,
    ))?;

    for (t, row) in matrix.iter().enumerate() {
        let total: usize = row.iter().sum();
        let top = TOP + CELL * t as i32;
        area.draw(&Text::new(
            t.to_string(),
            (LEFT - 14, top + CELL / 2),
            text(13, &INK),
        ))?;
        for (p, &count) in row.iter().enumerate() {
            let left = LEFT + CELL * p as i32;
            let corners = [(left, top), (left + CELL, top + CELL)];
            let value = shade(count, total);
            let [r, g, b] = sequential(value);
            area.draw(&Rectangle::new(corners, RGBColor(r, g, b).filled()))?;
            area.draw(&Rectangle::new(corners, GRID.stroke_width(1)))?;
            if count > 0 {
                // Light text on the dark end of the scale, dark text elsewhere.
                let colour = if value > 0.6 { &WHITE } else { &INK };
                area.draw(&Text::new(
                    count.to_string(),
                    (left + CELL / 2, top + CELL / 2),
                    text(12, colour),
                ))?;
            }
        }
    }
    for p in 0..N {
        area.draw(&Text::new(
            p.to_string(),
            (LEFT + CELL * p as i32 + CELL / 2, TOP - 12),
            text(13, &INK),
        ))?;
    }
    area.draw(&Text::new(
        "shade: √(share of the row), so that a single mistake shows".to_string(),
        (middle, TOP + side + 24),
        text(12, &INK),
    ))?;
    Ok(())
}
