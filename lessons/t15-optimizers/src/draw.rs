//! The two figures of the bowl, which `kit::plot::LineChart` cannot draw: paths in the plane over
//! the bowl's contour lines (small multiples, lines that are not series, a clipped view), and a
//! chart with logarithmic axes. They keep the kit's fonts, colours and markers.

use crate::Bowl;
use kit::plot::{marker_shape, SeriesStyle};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;

/// One optimizer's path, drawn in its own panel.
pub struct PathPanel<'a> {
    /// The panel's title.
    pub title: String,
    /// The points visited, the start first.
    pub points: &'a [[f32; 2]],
    /// Its colour and marker.
    pub style: SeriesStyle,
}

/// One optimizer's sweep: the loss after a fixed number of steps, at each learning rate.
pub struct SweepSeries {
    /// The name in the legend.
    pub label: String,
    /// `(learning rate, loss)`; a loss that is not finite, or above the chart, is left out.
    pub points: Vec<(f64, f32)>,
    /// Its colour and marker.
    pub style: SeriesStyle,
}

const GRID_LIGHT: RGBColor = RGBColor(240, 240, 240);
const GRID_BOLD: RGBColor = RGBColor(210, 210, 210);
const CONTOUR: RGBColor = RGBColor(185, 185, 185);

/// The paths on the bowl, one panel each, two panels a row, each `panel` pixels; grey contour
/// lines at `levels` of the loss.
pub fn paths(
    panels: &[PathPanel],
    bowl: &Bowl,
    levels: &[f32],
    view: (Range<f32>, Range<f32>),
    panel: (u32, u32),
) -> String {
    let mut svg = String::new();
    {
        let rows = panels.len().div_ceil(2) as u32;
        let root =
            SVGBackend::with_string(&mut svg, (panel.0 * 2, panel.1 * rows)).into_drawing_area();
        root.fill(&WHITE)
            .expect("drawing into a string cannot fail");
        let areas = root.split_evenly((rows as usize, 2));
        for (path, area) in panels.iter().zip(&areas) {
            draw_path(path, area, bowl, levels, &view).expect("drawing into a string cannot fail");
        }
        root.present().expect("drawing into a string cannot fail");
    }
    svg
}

fn draw_path<DB: DrawingBackend>(
    path: &PathPanel,
    area: &DrawingArea<DB, Shift>,
    bowl: &Bowl,
    levels: &[f32],
    (x_view, y_view): &(Range<f32>, Range<f32>),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut chart = ChartBuilder::on(area)
        .caption(&path.title, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(x_view.clone(), y_view.clone())?;
    chart
        .configure_mesh()
        .x_desc("x (parameter 1)")
        .y_desc("y (parameter 2)")
        .axis_desc_style(("sans-serif", 14))
        .label_style(("sans-serif", 12))
        .max_light_lines(1)
        .light_line_style(GRID_LIGHT)
        .bold_line_style(GRID_BOLD)
        .x_label_formatter(&|x| tidy(f64::from(*x)))
        .y_label_formatter(&|y| tidy(f64::from(*y)))
        .draw()?;
    for &level in levels {
        for run in contour(bowl, level, x_view, y_view) {
            chart.draw_series(std::iter::once(PathElement::new(
                run,
                CONTOUR.stroke_width(1),
            )))?;
        }
    }
    // The minimum, at the origin.
    chart.draw_series(std::iter::once(Cross::new(
        (0.0, 0.0),
        6,
        BLACK.stroke_width(1),
    )))?;
    let points: Vec<(f32, f32)> = path
        .points
        .iter()
        .map(|&[x, y]| (x, y))
        .filter(|(x, y)| x_view.contains(x) && y_view.contains(y))
        .collect();
    let color = path.style.color;
    chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?;
    chart.draw_series(points.iter().map(|&point| {
        let (fill, outline) = marker_shape(path.style.marker, color);
        EmptyElement::at(point) + fill + outline
    }))?;
    Ok(())
}

/// The level set `loss = level` of the bowl, an ellipse, as the runs of its points that lie
/// inside the view (plotters does not clip lines to the plotting area).
fn contour(bowl: &Bowl, level: f32, x: &Range<f32>, y: &Range<f32>) -> Vec<Vec<(f32, f32)>> {
    const POINTS: usize = 360;
    let (half_width, half_height) = (
        (2.0 * level / bowl.flat).sqrt(),
        (2.0 * level / bowl.steep).sqrt(),
    );
    let mut runs: Vec<Vec<(f32, f32)>> = vec![Vec::new()];
    for k in 0..=POINTS {
        let angle = std::f32::consts::TAU * k as f32 / POINTS as f32;
        let point = (half_width * angle.cos(), half_height * angle.sin());
        if x.contains(&point.0) && y.contains(&point.1) {
            runs.last_mut().expect("one run at least").push(point);
        } else if !runs.last().expect("one run at least").is_empty() {
            runs.push(Vec::new());
        }
    }
    runs.retain(|run| run.len() > 1);
    runs
}

/// The loss after a fixed number of steps against the learning rate, both axes logarithmic.
pub fn sweep(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[SweepSeries],
    view: (Range<f64>, Range<f64>),
    size: (u32, u32),
) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)
            .expect("drawing into a string cannot fail");
        draw_sweep(&root, title, x_label, y_label, series, view)
            .expect("drawing into a string cannot fail");
        root.present().expect("drawing into a string cannot fail");
    }
    svg
}

fn draw_sweep<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[SweepSeries],
    (x_view, y_view): (Range<f64>, Range<f64>),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(x_view.clone().log_scale(), y_view.clone().log_scale())?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .axis_desc_style(("sans-serif", 16))
        .label_style(("sans-serif", 13))
        .light_line_style(GRID_LIGHT)
        .bold_line_style(GRID_BOLD)
        .x_label_formatter(&|x| tidy(*x))
        .y_label_formatter(&|y| tidy(*y))
        .draw()?;
    for one in series {
        let shown: Vec<(f64, f64)> = one
            .points
            .iter()
            .map(|&(x, y)| (x, f64::from(y)))
            .filter(|(x, y)| y.is_finite() && y_view.contains(y) && x_view.contains(x))
            .collect();
        let (color, shape) = (one.style.color, one.style.marker);
        chart
            .draw_series(LineSeries::new(shown.clone(), color.stroke_width(2)))?
            .label(&one.label)
            .legend(move |(x, y)| {
                let (fill, outline) = marker_shape(shape, color);
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(-10, 0), (10, 0)], color.stroke_width(2))
                    + fill
                    + outline
            });
        chart.draw_series(shown.iter().map(|&point| {
            let (fill, outline) = marker_shape(shape, color);
            EmptyElement::at(point) + fill + outline
        }))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(160, 160, 160))
        .draw()?;
    Ok(())
}

/// A tick label: at most four decimals, no trailing zeros, no minus sign on zero (`0.0001`,
/// `0.5`, `-1`, `0`).
fn tidy(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}
