//! The architecture drawn from a summary: a box per row, arrows in the order data flows, and a
//! skip connection as an arrow around the layers it skips. Drawn with `plotters` into SVG, as
//! the kit's charts are, so that the text stays text and the file the same bytes every run.

use crate::summary::Row;
use kit::thousands;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The width of one panel, in pixels: two side by side fill the book's 920-pixel column.
pub const PANEL_WIDTH: u32 = 460;

const TITLE_HEIGHT: i32 = 56;
const BOX_LEFT: i32 = 40;
const BOX_WIDTH: i32 = 300;
const BOX_HEIGHT: i32 = 44;
/// From the top of one box to the top of the next: the box and the arrow between them.
const PITCH: i32 = 68;
/// Where a skip connection runs down, right of the boxes.
const SKIP_LANE: i32 = BOX_LEFT + BOX_WIDTH + 44;
const BOTTOM_MARGIN: i32 = 44;
/// The legend's strip under the panels.
const LEGEND_HEIGHT: i32 = 34;

const INK: RGBColor = RGBColor(30, 30, 30);
const EDGE: RGBColor = RGBColor(90, 90, 90);
/// Layers that hold weights: filled, so that they stand out in grey as well.
const WEIGHTS_FILL: RGBColor = RGBColor(190, 215, 238);
/// Steps without weights (the input, activations, additions): white.
const PLAIN_FILL: RGBColor = RGBColor(255, 255, 255);
/// The skip connection: the Okabe–Ito vermilion, dark enough to read in grey.
const SKIP: RGBColor = RGBColor(213, 94, 0);

// ANCHOR: architecture
/// Panels side by side, one per model: its title and its summary's rows.
///
/// # Panics
///
/// If plotters fails to draw into a string, which it does not.
pub fn architecture(models: &[(&str, &[Row])]) -> String {
    let tallest = models.iter().map(|(_, rows)| rows.len()).max().unwrap_or(0) as i32;
    let panels_height = TITLE_HEIGHT + tallest * PITCH - (PITCH - BOX_HEIGHT) + BOTTOM_MARGIN;
    let width = PANEL_WIDTH * models.len().max(1) as u32;
    let height = (panels_height + LEGEND_HEIGHT) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)
            .expect("drawing into a string cannot fail");
        let (top, legend) = root.split_vertically(panels_height);
        let panels = top.split_evenly((1, models.len().max(1)));
        for ((title, rows), panel) in models.iter().zip(&panels) {
            draw_model(panel, title, rows).expect("drawing into a string cannot fail");
        }
        draw_legend(&legend, width as i32).expect("drawing into a string cannot fail");
        root.present().expect("drawing into a string cannot fail");
    }
    svg
}
// ANCHOR_END: architecture

/// The top edge of row `index`'s box.
fn box_top(index: usize) -> i32 {
    TITLE_HEIGHT + index as i32 * PITCH
}

fn draw_model<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    rows: &[Row],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let centre = BOX_LEFT + BOX_WIDTH / 2;
    let centred = |size: u32| {
        TextStyle::from(("sans-serif", size).into_font())
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Center))
    };
    area.draw(&Text::new(title.to_string(), (centre, 24), centred(18)))?;

    for (index, row) in rows.iter().enumerate() {
        let top = box_top(index);
        let has_weights = row.trainable + row.non_trainable > 0;
        let fill = if has_weights {
            WEIGHTS_FILL
        } else {
            PLAIN_FILL
        };
        let corners = [(BOX_LEFT, top), (BOX_LEFT + BOX_WIDTH, top + BOX_HEIGHT)];
        area.draw(&Rectangle::new(corners, fill.filled()))?;
        area.draw(&Rectangle::new(corners, EDGE.stroke_width(1)))?;

        let (first, second) = box_lines(row, rows);
        area.draw(&Text::new(first, (centre, top + 15), centred(16)))?;
        area.draw(&Text::new(second, (centre, top + 32), centred(14)))?;

        if index > 0 {
            // Data flows down from the box above.
            arrow_down(area, centre, top - (PITCH - BOX_HEIGHT), top, INK)?;
        }
        if let Some(from) = row.adds {
            skip_arrow(area, box_top(from) + BOX_HEIGHT / 2, top + BOX_HEIGHT / 2)?;
        }
    }

    let all: usize = rows.iter().map(|r| r.trainable + r.non_trainable).sum();
    let trained: usize = rows.iter().map(|r| r.trainable).sum();
    let bottom = box_top(rows.len()) - (PITCH - BOX_HEIGHT) + 26;
    let total = if all == trained {
        format!("{} parameters, all trained", thousands(all))
    } else {
        format!(
            "{} parameters, {} trained",
            thousands(all),
            thousands(trained)
        )
    };
    area.draw(&Text::new(total, (centre, bottom), centred(15)))?;
    Ok(())
}

/// What the two fills mean: a layer with weights has them in the file, the rest only in the
/// type.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    width: i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let text = |size: u32| {
        TextStyle::from(("sans-serif", size).into_font())
            .color(&INK)
            .pos(Pos::new(HPos::Left, VPos::Center))
    };
    let entries = [
        (
            WEIGHTS_FILL,
            "holds weights: saved in the file, what Netron shows",
        ),
        (PLAIN_FILL, "no weights: only in the Rust type"),
    ];
    let mut x = width / 2 - 330;
    for (fill, label) in entries {
        let corners = [(x, 8), (x + 28, 24)];
        area.draw(&Rectangle::new(corners, fill.filled()))?;
        area.draw(&Rectangle::new(corners, EDGE.stroke_width(1)))?;
        area.draw(&Text::new(label.to_string(), (x + 36, 16), text(15)))?;
        x += 400;
    }
    Ok(())
}

/// The two lines of text in a row's box.
fn box_lines(row: &Row, rows: &[Row]) -> (String, String) {
    if row.name == "input" {
        return ("input".to_string(), row.output.clone());
    }
    let first = match row.adds {
        Some(from) => format!("{}: add {}'s output", row.name, rows[from].name),
        None => format!("{}: {}", row.name, row.kind),
    };
    let numbers = row.trainable + row.non_trainable;
    let second = match (numbers, row.non_trainable) {
        (0, _) => format!("out {}", row.output),
        (_, 0) => format!("out {} · {} params", row.output, thousands(numbers)),
        (_, fixed) => format!(
            "out {} · {} params ({} fixed)",
            row.output,
            thousands(numbers),
            thousands(fixed)
        ),
    };
    (first, second)
}

/// A vertical arrow from `y0` down to `y1` at `x`, its head touching `y1`.
fn arrow_down<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: i32,
    y0: i32,
    y1: i32,
    colour: RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.draw(&PathElement::new(
        vec![(x, y0), (x, y1 - 6)],
        colour.stroke_width(2),
    ))?;
    area.draw(&Polygon::new(
        vec![(x, y1), (x - 5, y1 - 8), (x + 5, y1 - 8)],
        colour.filled(),
    ))
}

/// The skip connection: out of the right edge of the box at height `from_y`, down the lane,
/// and into the right edge of the addition's box at height `to_y`.
fn skip_arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    from_y: i32,
    to_y: i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let right = BOX_LEFT + BOX_WIDTH;
    area.draw(&PathElement::new(
        vec![
            (right, from_y),
            (SKIP_LANE, from_y),
            (SKIP_LANE, to_y),
            (right + 7, to_y),
        ],
        SKIP.stroke_width(2),
    ))?;
    area.draw(&Polygon::new(
        vec![(right, to_y), (right + 8, to_y - 5), (right + 8, to_y + 5)],
        SKIP.filled(),
    ))?;
    let label = TextStyle::from(("sans-serif", 14).into_font())
        .color(&SKIP)
        .pos(Pos::new(HPos::Center, VPos::Center))
        .transform(FontTransform::Rotate270);
    area.draw(&Text::new(
        "skip".to_string(),
        (SKIP_LANE + 12, (from_y + to_y) / 2),
        label,
    ))
}
