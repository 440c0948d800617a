//! Charts for the lessons, drawn with `plotters`. Introduced in p04.
//!
//! Two kinds of figure cover what the lessons draw:
//!
//! - [`LineChart`]: a few series of points (a metric per epoch, a loss per step, a function on an
//!   interval), with axis labels and a legend, as SVG. [`line_charts`] puts several side by side.
//!   Text stays text, so the chart is small and sharp at any zoom, and needs no font files.
//! - [`Raster`]: a picture made of many cells (weights as 28×28 tiles, decision regions), as PNG.
//!   Thousands of cells would be thousands of SVG rectangles; as pixels they are a few kilobytes.
//! - [`PlaneMap`]: a two-feature classifier's view of the plane (the probability of class 1 at
//!   every pixel, with the data points on top), and [`plane_maps`] to put several side by side
//!   with titles and axes: an SVG document with each picture embedded as a PNG (t08).
//!
//! Both are deterministic: the same numbers give the same bytes. Series are told apart by a
//! marker shape as well as a colour, so a chart still reads when printed in grey.

use plotters::prelude::*;
use std::ops::Range;

/// One line of a chart: its label in the legend and its points, in order of x.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The name shown in the legend.
    pub label: String,
    /// The points `(x, y)`; NaN and infinite values are left out.
    pub points: Vec<(f32, f32)>,
}

impl Series {
    /// A series from its label and points.
    pub fn new(label: impl Into<String>, points: impl IntoIterator<Item = (f32, f32)>) -> Self {
        Series {
            label: label.into(),
            points: points.into_iter().collect(),
        }
    }

    /// The series of `values` against 1, 2, 3, …: a metric per epoch.
    pub fn per_epoch(label: impl Into<String>, values: impl IntoIterator<Item = f32>) -> Self {
        Self::new(
            label,
            values
                .into_iter()
                .enumerate()
                .map(|(i, value)| ((i + 1) as f32, value)),
        )
    }
}

/// A line chart: a title, labelled axes and a few series. Axis labels say the unit.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// The title above the plot.
    pub title: String,
    /// The label of the x axis, with its unit.
    pub x_label: String,
    /// The label of the y axis, with its unit.
    pub y_label: String,
    /// The lines, drawn in order; at most [`STYLES`] of them.
    pub series: Vec<Series>,
    /// The y range shown; `None` fits the data with a margin.
    pub y_range: Option<Range<f32>>,
    /// Whether to draw a marker on every point (for a few points, such as epochs).
    pub markers: bool,
    /// A vertical dashed line at this x, named in the legend: a moment worth pointing at.
    pub vertical: Option<(f32, String)>,
}

impl LineChart {
    /// A chart with a title and axis labels, no series yet, the y range fitted to the data, and
    /// markers on the points.
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Self {
        LineChart {
            title: title.to_string(),
            x_label: x_label.to_string(),
            y_label: y_label.to_string(),
            series: Vec::new(),
            y_range: None,
            markers: true,
            vertical: None,
        }
    }

    /// Adds a series.
    pub fn with(mut self, series: Series) -> Self {
        self.series.push(series);
        self
    }

    /// Shows exactly this range of y.
    pub fn y_range(mut self, range: Range<f32>) -> Self {
        self.y_range = Some(range);
        self
    }

    /// Draws a vertical dashed line at `x`, named `label` in the legend.
    pub fn mark_x(mut self, x: f32, label: impl Into<String>) -> Self {
        self.vertical = Some((x, label.into()));
        self
    }

    /// Draws lines only, without a marker on each point (for many points).
    pub fn without_markers(mut self) -> Self {
        self.markers = false;
        self
    }

    /// The chart alone, as an SVG document of [`CHART_SIZE`].
    pub fn to_svg(&self) -> String {
        line_charts(std::slice::from_ref(self), CHART_SIZE)
    }

    fn finite_points(&self) -> impl Iterator<Item = (f32, f32)> + '_ {
        self.series
            .iter()
            .flat_map(|s| s.points.iter().copied())
            .filter(|(x, y)| x.is_finite() && y.is_finite())
    }

    fn x_range(&self) -> Range<f32> {
        let (low, high) = self
            .finite_points()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), (x, _)| {
                (lo.min(x), hi.max(x))
            });
        padded(low, high, 0.03)
    }

    /// The corner of the plot where the legend hides the fewest points: the one whose quarter
    /// of the plot (a third wide, a third high) holds the fewest; upper right on a tie.
    fn emptiest_corner(&self) -> SeriesLabelPosition {
        let (xs, ys) = (self.x_range(), self.fitted_y_range());
        let share =
            |value: f32, range: &Range<f32>| (value - range.start) / (range.end - range.start);
        let corners = [
            (SeriesLabelPosition::UpperRight, true, true),
            (SeriesLabelPosition::LowerRight, true, false),
            (SeriesLabelPosition::UpperLeft, false, true),
            (SeriesLabelPosition::LowerLeft, false, false),
        ];
        let covered = |right: bool, upper: bool| {
            self.finite_points()
                .filter(|&(x, y)| {
                    let (sx, sy) = (share(x, &xs), share(y, &ys));
                    let in_x = if right { sx > 0.6 } else { sx < 0.4 };
                    let in_y = if upper { sy > 0.65 } else { sy < 0.35 };
                    in_x && in_y
                })
                .count()
        };
        corners
            .into_iter()
            .min_by_key(|&(_, right, upper)| covered(right, upper))
            .map_or(SeriesLabelPosition::UpperRight, |(corner, _, _)| corner)
    }

    fn fitted_y_range(&self) -> Range<f32> {
        if let Some(range) = &self.y_range {
            return range.clone();
        }
        let (low, high) = self
            .finite_points()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), (_, y)| {
                (lo.min(y), hi.max(y))
            });
        padded(low, high, 0.05)
    }
}

/// The size of one chart, in pixels: two side by side fill the book's 920-pixel column at their
/// own size, so that the text is shown at the size it is drawn, never shrunk.
pub const CHART_SIZE: (u32, u32) = (460, 360);

/// A range from `low` to `high` widened by `margin` of its length on each side; a sensible range
/// for a single value or for no data.
fn padded(low: f32, high: f32, margin: f32) -> Range<f32> {
    if !low.is_finite() || !high.is_finite() {
        return 0.0..1.0;
    }
    if high - low < 1e-6 {
        return low - 0.5..high + 0.5;
    }
    let pad = (high - low) * margin;
    low - pad..high + pad
}

/// How the n-th series of a chart is drawn: a colour and a marker, distinct in grey too.
#[derive(Debug, Clone, Copy)]
pub struct SeriesStyle {
    /// The line's colour.
    pub color: RGBColor,
    /// The marker's shape.
    pub marker: Marker,
}

/// Marker shapes, so that series differ in shape as well as in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A filled circle.
    Circle,
    /// A triangle outline.
    Triangle,
    /// A cross.
    Cross,
    /// A filled square.
    Square,
    /// A circle outline.
    Ring,
    /// A filled triangle.
    FilledTriangle,
    /// A square outline.
    Box,
}

/// The styles of the first, second, … series: dark and light colours alternate (from the
/// colour-blind-safe Okabe–Ito palette), and each has its own marker.
pub const STYLES: [SeriesStyle; 7] = [
    SeriesStyle {
        color: RGBColor(0, 0, 0),
        marker: Marker::Circle,
    },
    SeriesStyle {
        color: RGBColor(230, 159, 0),
        marker: Marker::Triangle,
    },
    SeriesStyle {
        color: RGBColor(0, 114, 178),
        marker: Marker::Square,
    },
    SeriesStyle {
        color: RGBColor(86, 180, 233),
        marker: Marker::Cross,
    },
    SeriesStyle {
        color: RGBColor(213, 94, 0),
        marker: Marker::Ring,
    },
    SeriesStyle {
        color: RGBColor(0, 158, 115),
        marker: Marker::FilledTriangle,
    },
    SeriesStyle {
        color: RGBColor(204, 121, 167),
        marker: Marker::Box,
    },
];

/// A pixel offset from a marker's centre, as plotters' backend coordinates.
pub type Pixel = (i32, i32);

/// The shape of `marker` in `color`, around the pixel offset (0, 0): a polygon that fills it
/// (transparent for an outline marker) and a path that outlines it. One pair of element types
/// serves every marker, so a legend entry and a data point draw it the same way; a lesson that
/// draws its own chart with plotters uses it to keep the kit's markers (t15).
pub fn marker_shape(marker: Marker, color: RGBColor) -> (Polygon<Pixel>, PathElement<Pixel>) {
    const S: i32 = 4;
    let square = vec![(-S, -S), (S, -S), (S, S), (-S, S), (-S, -S)];
    let triangle = vec![(0, -S - 1), (S + 1, S), (-S - 1, S), (0, -S - 1)];
    // A circle as a 12-sided polygon, its vertices rounded to whole pixels.
    let circle: Vec<(i32, i32)> = (0..=12)
        .map(|k| {
            let angle = f64::from(k) * std::f64::consts::PI / 6.0;
            let r = f64::from(S);
            (
                (r * angle.cos()).round() as i32,
                (r * angle.sin()).round() as i32,
            )
        })
        .collect();
    let cross = vec![(-S, -S), (S, S), (0, 0), (S, -S), (-S, S)];
    let (vertices, filled) = match marker {
        Marker::Circle => (circle, true),
        Marker::Ring => (circle, false),
        Marker::Square => (square, true),
        Marker::Box => (square, false),
        Marker::FilledTriangle => (triangle, true),
        Marker::Triangle => (triangle, false),
        Marker::Cross => (cross, false),
    };
    let fill = if filled {
        color.filled()
    } else {
        WHITE.mix(0.0).filled()
    };
    (
        Polygon::new(vertices.clone(), fill),
        PathElement::new(vertices, color.stroke_width(2)),
    )
}

/// Several charts side by side in one SVG document, each `size` pixels.
///
/// # Panics
///
/// If a chart has more series than [`STYLES`], or plotters fails to draw into a string (it
/// does not, for finite data).
pub fn line_charts(charts: &[LineChart], size: (u32, u32)) -> String {
    let mut svg = String::new();
    {
        let width = size.0 * charts.len().max(1) as u32;
        let root = SVGBackend::with_string(&mut svg, (width, size.1)).into_drawing_area();
        root.fill(&WHITE)
            .expect("drawing into a string cannot fail");
        let panels = root.split_evenly((1, charts.len().max(1)));
        for (chart, panel) in charts.iter().zip(&panels) {
            draw_line_chart(chart, panel).expect("drawing into a string cannot fail");
        }
        root.present().expect("drawing into a string cannot fail");
    }
    svg
}

fn draw_line_chart<DB: DrawingBackend>(
    chart: &LineChart,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    assert!(
        chart.series.len() <= STYLES.len(),
        "a chart shows at most {} series",
        STYLES.len()
    );
    let mut context = ChartBuilder::on(area)
        .caption(&chart.title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(chart.x_range(), chart.fitted_y_range())?;
    context
        .configure_mesh()
        .x_desc(&chart.x_label)
        .y_desc(&chart.y_label)
        .axis_desc_style(("sans-serif", 15))
        .label_style(("sans-serif", 13))
        .max_light_lines(2)
        .light_line_style(RGBColor(240, 240, 240))
        .bold_line_style(RGBColor(210, 210, 210))
        .x_label_formatter(&|x| tidy_number(*x))
        .y_label_formatter(&|y| tidy_number(*y))
        .draw()?;
    for (series, style) in chart.series.iter().zip(STYLES) {
        let points: Vec<(f32, f32)> = series
            .points
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        let color = style.color;
        context
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(&series.label)
            .legend(move |(x, y)| {
                let (fill, outline) = marker_shape(style.marker, color);
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(-10, 0), (10, 0)], color.stroke_width(2))
                    + fill
                    + outline
            });
        if chart.markers {
            context.draw_series(points.iter().map(|&point| {
                let (fill, outline) = marker_shape(style.marker, color);
                EmptyElement::at(point) + fill + outline
            }))?;
        }
    }
    if let Some((x, label)) = &chart.vertical {
        let (x, grey) = (*x, RGBColor(110, 110, 110));
        let y = chart.fitted_y_range();
        context
            .draw_series(DashedLineSeries::new(
                [(x, y.start), (x, y.end)],
                6,
                4,
                grey.stroke_width(1),
            ))?
            .label(label)
            // Dashed in the legend too: two dashes where a series shows its line.
            .legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(-10, 0), (-3, 0)], grey)
                    + PathElement::new(vec![(2, 0), (9, 0)], grey)
            });
    }
    if chart.series.len() + usize::from(chart.vertical.is_some()) > 1 {
        context
            .configure_series_labels()
            .position(chart.emptiest_corner())
            .label_font(("sans-serif", 13))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(160, 160, 160))
            .draw()?;
    }
    Ok(())
}

/// A tick label without trailing zeros: `2`, `0.5`, `0.25`, `1e-3`.
fn tidy_number(value: f32) -> String {
    // plotters places ticks by adding up steps, so the tick at 0 can arrive as -3e-17.
    if value.abs() < 1e-9 {
        return "0".into();
    }
    if value.abs() < 1e-3 || value.abs() >= 1e5 {
        return format!("{value:.0e}");
    }
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// An RGB picture of `width × height` pixels, saved as PNG: for figures made of many cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    width: usize,
    height: usize,
    /// Row after row, three bytes a pixel.
    rgb: Vec<u8>,
}

impl Raster {
    /// A picture of one colour.
    pub fn new(width: usize, height: usize, background: [u8; 3]) -> Self {
        Raster {
            width,
            height,
            rgb: background.repeat(width * height),
        }
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Paints the pixel at column `x`, row `y` (from the top); a pixel outside is ignored.
    pub fn set(&mut self, x: usize, y: usize, color: [u8; 3]) {
        if x < self.width && y < self.height {
            let at = 3 * (y * self.width + x);
            self.rgb[at..at + 3].copy_from_slice(&color);
        }
    }

    /// The colour of the pixel at column `x`, row `y`.
    ///
    /// # Panics
    ///
    /// If the pixel is outside the picture.
    pub fn get(&self, x: usize, y: usize) -> [u8; 3] {
        assert!(x < self.width && y < self.height, "({x}, {y}) is outside");
        let at = 3 * (y * self.width + x);
        [self.rgb[at], self.rgb[at + 1], self.rgb[at + 2]]
    }

    /// Paints the rectangle of `width × height` pixels whose top-left pixel is `(x, y)`.
    pub fn fill(&mut self, x: usize, y: usize, width: usize, height: usize, color: [u8; 3]) {
        for row in y..y + height {
            for column in x..x + width {
                self.set(column, row, color);
            }
        }
    }

    /// The picture as a PNG file.
    ///
    /// # Panics
    ///
    /// If the picture is empty, or larger than PNG allows.
    pub fn to_png(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        let width = u32::try_from(self.width).expect("a PNG is narrower than 2³² pixels");
        let height = u32::try_from(self.height).expect("a PNG is lower than 2³² pixels");
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::High);
        let mut writer = encoder
            .write_header()
            .expect("writing into memory cannot fail");
        writer
            .write_image_data(&self.rgb)
            .expect("the pixel buffer has the size of the picture");
        writer.finish().expect("writing into memory cannot fail");
        bytes
    }
}

/// Tiles of `tile_width × tile_height` values laid out in `columns` columns, each value one
/// `scale × scale` block coloured by `color`, with a grey gap of `scale` pixels around each tile:
/// first-layer weights as 28×28 pictures, for instance.
///
/// # Panics
///
/// If a tile does not hold `tile_width × tile_height` values, or `columns` is 0.
pub fn tile_grid(
    tiles: &[Vec<f32>],
    (tile_width, tile_height): (usize, usize),
    columns: usize,
    scale: usize,
    color: impl Fn(f32) -> [u8; 3],
) -> Raster {
    assert!(columns > 0, "a grid has at least one column");
    let rows = tiles.len().div_ceil(columns);
    let step_x = (tile_width + 1) * scale;
    let step_y = (tile_height + 1) * scale;
    let mut raster = Raster::new(columns * step_x + scale, rows * step_y + scale, GAP);
    for (index, tile) in tiles.iter().enumerate() {
        assert_eq!(tile.len(), tile_width * tile_height, "tile {index}");
        let left = scale + (index % columns) * step_x;
        let top = scale + (index / columns) * step_y;
        for (cell, &value) in tile.iter().enumerate() {
            let (x, y) = (cell % tile_width, cell / tile_width);
            raster.fill(
                left + x * scale,
                top + y * scale,
                scale,
                scale,
                color(value),
            );
        }
    }
    raster
}

/// The colour between the tiles of a [`tile_grid`]: a mid grey, apart from every colour scale's
/// white.
pub const GAP: [u8; 3] = [170, 170, 170];

/// A diverging colour for `value` in [-1, 1]: blue for negative, white for 0, red for positive
/// (values outside are clipped). Light to dark in both directions, so it reads in grey as
/// "how far from 0".
pub fn diverging(value: f32) -> [u8; 3] {
    let v = if value.is_nan() {
        0.0
    } else {
        value.clamp(-1.0, 1.0)
    };
    let towards = |end: [f32; 3], t: f32| -> [u8; 3] {
        [0, 1, 2].map(|i| (255.0 + (end[i] - 255.0) * t).round() as u8)
    };
    if v < 0.0 {
        towards([33.0, 102.0, 172.0], -v)
    } else {
        towards([178.0, 24.0, 43.0], v)
    }
}

/// A sequential colour for `value` in [0, 1]: from white through orange to near-black (values
/// outside are clipped), so that larger is darker, in colour and in grey.
pub fn sequential(value: f32) -> [u8; 3] {
    let v = if value.is_nan() {
        0.0
    } else {
        value.clamp(0.0, 1.0)
    };
    const STOPS: [[f32; 3]; 3] = [
        [255.0, 255.0, 255.0],
        [230.0, 159.0, 0.0],
        [40.0, 20.0, 0.0],
    ];
    let (from, to, t) = if v < 0.5 {
        (STOPS[0], STOPS[1], v * 2.0)
    } else {
        (STOPS[1], STOPS[2], v * 2.0 - 1.0)
    };
    [0, 1, 2].map(|i| (from[i] + (to[i] - from[i]) * t).round() as u8)
}

/// The colours of the two classes of a two-class problem, as TensorFlow Playground draws them:
/// class 0 orange, class 1 blue (from the Okabe–Ito palette, so they differ for colour-blind
/// readers, and in grey: the orange is light, the blue dark). Introduced in t08.
pub const CLASS_COLOURS: [[u8; 3]; 2] = [[230, 159, 0], [0, 114, 178]];

/// The background colour for a probability `p` of class 1: pale orange at 0, white at 0.5, pale
/// blue at 1 (values outside are clipped), pale enough for the points drawn on it to stand out.
/// Introduced in t08.
pub fn two_class(p: f32) -> [u8; 3] {
    let p = if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) };
    let towards = if p < 0.5 {
        CLASS_COLOURS[0]
    } else {
        CLASS_COLOURS[1]
    };
    let strength = (2.0 * p - 1.0).abs() * REGION_STRENGTH;
    [0, 1, 2].map(|i| (255.0 + (f32::from(towards[i]) - 255.0) * strength).round() as u8)
}

/// How far [`two_class`] goes towards a class's colour at probability 0 or 1.
const REGION_STRENGTH: f32 = 0.5;

/// The outline of the points on a [`PlaneMap`].
const POINT_OUTLINE: [u8; 3] = [40, 40, 40];

/// A square picture of the plane, with x₁ and x₂ from −extent to extent: a classifier's
/// probability of class 1 painted at every pixel ([`two_class`]), and labelled points drawn on
/// top, class 1 as discs and class 0 as squares. [`plane_maps`] puts several side by side, with
/// titles and axes. Playground's big picture, for two-feature classifiers. Introduced in t08.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaneMap {
    /// The title above the map.
    pub title: String,
    extent: f32,
    raster: Raster,
    painted: bool,
}

impl PlaneMap {
    /// A white map of `pixels × pixels` covering −`extent` to `extent` on both axes.
    ///
    /// # Panics
    ///
    /// If `pixels` is 0 or `extent` is not positive.
    pub fn new(title: impl Into<String>, pixels: usize, extent: f32) -> Self {
        assert!(pixels > 0 && extent > 0.0, "a map has pixels and an extent");
        PlaneMap {
            title: title.into(),
            extent,
            raster: Raster::new(pixels, pixels, [255, 255, 255]),
            painted: false,
        }
    }

    /// Its width and height in pixels.
    pub fn pixels(&self) -> usize {
        self.raster.width()
    }

    /// The picture.
    pub fn raster(&self) -> &Raster {
        &self.raster
    }

    /// The point of the plane at the centre of each pixel, `[x₁, x₂]`, row by row from the top
    /// (the largest x₂) and left to right in each row: where to ask a classifier, in the order
    /// [`PlaneMap::paint`] takes its answers.
    pub fn pixel_centres(&self) -> Vec<[f32; 2]> {
        let n = self.pixels();
        let at = |k: usize| -self.extent + (k as f32 + 0.5) / n as f32 * 2.0 * self.extent;
        (0..n)
            .flat_map(|row| (0..n).map(move |column| [at(column), at(n - 1 - row)]))
            .collect()
    }

    /// Colours every pixel by the probability of class 1 there, given in the order of
    /// [`PlaneMap::pixel_centres`].
    ///
    /// # Panics
    ///
    /// If there is not one probability per pixel.
    pub fn paint(&mut self, probabilities: &[f32]) {
        let n = self.pixels();
        assert_eq!(probabilities.len(), n * n, "one probability per pixel");
        for (i, &p) in probabilities.iter().enumerate() {
            self.raster.set(i % n, i / n, two_class(p));
        }
        self.painted = true;
    }

    /// Draws each point in its class's colour ([`CLASS_COLOURS`]) with a dark outline: class 1
    /// as a disc, class 0 as a square, so that the classes differ in shape as well. Points
    /// outside the map are left out, and any part of a mark that falls outside is clipped.
    pub fn draw_points(&mut self, points: impl IntoIterator<Item = ([f32; 2], usize)>) {
        const RADIUS: f32 = 3.0;
        let n = self.pixels() as f32;
        for ([x1, x2], class) in points {
            let column = (x1 + self.extent) / (2.0 * self.extent) * n;
            let row = (self.extent - x2) / (2.0 * self.extent) * n;
            if !(0.0..n).contains(&column) || !(0.0..n).contains(&row) {
                continue;
            }
            let colour = CLASS_COLOURS[class.min(1)];
            let reach = RADIUS as isize + 1;
            let (cx, cy) = (column.floor() as isize, row.floor() as isize);
            for dy in -reach..=reach {
                for dx in -reach..=reach {
                    let (x, y) = (cx + dx, cy + dy);
                    if x < 0 || y < 0 {
                        continue;
                    }
                    // The distance from the point to this pixel's centre: round for a disc,
                    // the larger axis distance for a square.
                    let (ox, oy) = (x as f32 + 0.5 - column, y as f32 + 0.5 - row);
                    let distance = if class == 1 {
                        ox.hypot(oy)
                    } else {
                        ox.abs().max(oy.abs()) * 1.1
                    };
                    if distance <= RADIUS - 1.0 {
                        self.raster.set(x as usize, y as usize, colour);
                    } else if distance <= RADIUS {
                        self.raster.set(x as usize, y as usize, POINT_OUTLINE);
                    }
                }
            }
        }
    }
}

/// Plane maps in rows of `columns`, each with its title above it and axes x₁ (across) and x₂
/// (up) with ticks, and under them a legend of the classes and (if any map was painted) the
/// background's colour scale, as one SVG document with each map embedded as a PNG image.
/// Introduced in t08.
///
/// # Panics
///
/// If `maps` is empty, `columns` is 0, or the maps differ in size or extent.
pub fn plane_maps(maps: &[PlaneMap], columns: usize) -> String {
    assert!(
        !maps.is_empty() && columns > 0,
        "at least one map, in at least one column"
    );
    let size = maps[0].pixels();
    let extent = maps[0].extent;
    assert!(
        maps.iter()
            .all(|m| m.pixels() == size && m.extent == extent),
        "the maps share one size and extent"
    );
    const LEFT: usize = 50;
    const RIGHT: usize = 16;
    const TOP: usize = 30;
    const BOTTOM: usize = 44;
    const LEGEND: usize = 34;
    let columns = columns.min(maps.len());
    let rows = maps.len().div_ceil(columns);
    let (panel_w, panel_h) = (LEFT + size + RIGHT, TOP + size + BOTTOM);
    let (width, height) = (columns * panel_w, rows * panel_h + LEGEND);
    let mut svg = format!(
        "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\">\n\
         <rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#FFFFFF\"/>\n\
         <g font-family=\"sans-serif\" fill=\"#000000\">\n"
    );
    let ticks = tidy_ticks(extent);
    for (index, map) in maps.iter().enumerate() {
        let left = (index % columns) * panel_w + LEFT;
        let top = (index / columns) * panel_h + TOP;
        let centre = left + size / 2;
        svg += &format!(
            "<text x=\"{centre}\" y=\"{}\" font-size=\"15\" text-anchor=\"middle\">{}</text>\n",
            top - 10,
            escape_xml(&map.title)
        );
        svg += &format!(
            "<image x=\"{left}\" y=\"{top}\" width=\"{size}\" height=\"{size}\" \
             href=\"data:image/png;base64,{}\"/>\n",
            base64(&map.raster.to_png())
        );
        svg += &format!(
            "<rect x=\"{left}\" y=\"{top}\" width=\"{size}\" height=\"{size}\" fill=\"none\" \
             stroke=\"#606060\"/>\n"
        );
        for &tick in &ticks {
            let offset = ((tick + extent) / (2.0 * extent) * size as f32).round() as usize;
            let (x, y) = (left + offset, top + size - offset);
            let label = tidy_number(tick).replace('-', "−");
            svg += &format!(
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#606060\"/>\n\
                 <text x=\"{x}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{label}</text>\n\
                 <line x1=\"{}\" y1=\"{y}\" x2=\"{left}\" y2=\"{y}\" stroke=\"#606060\"/>\n\
                 <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{label}</text>\n",
                top + size,
                top + size + 4,
                top + size + 16,
                left - 4,
                left - 6,
                y + 4
            );
        }
        svg += &format!(
            "<text x=\"{centre}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\">x₁</text>\n\
             <text x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\">x₂</text>\n",
            top + size + 34,
            left - 36,
            top + size / 2 + 5
        );
    }
    let painted = maps.iter().any(|map| map.painted);
    svg += &plane_map_legend(rows * panel_h + LEGEND / 2, width, painted);
    svg += "</g>\n</svg>\n";
    svg
}

/// The legend under [`plane_maps`], centred on a line at height `y`: the two point marks and,
/// for painted maps, a colour bar of the background from probability 0 to 1.
fn plane_map_legend(y: usize, width: usize, painted: bool) -> String {
    let hex = |c: [u8; 3]| format!("#{:02X}{:02X}{:02X}", c[0], c[1], c[2]);
    let outline = hex(POINT_OUTLINE);
    let start = (width / 2).saturating_sub(if painted { 300 } else { 70 });
    let mut svg = format!(
        "<rect x=\"{}\" y=\"{}\" width=\"8\" height=\"8\" fill=\"{}\" stroke=\"{outline}\"/>\n\
         <text x=\"{}\" y=\"{}\" font-size=\"13\">class 0</text>\n\
         <circle cx=\"{}\" cy=\"{y}\" r=\"4\" fill=\"{}\" stroke=\"{outline}\"/>\n\
         <text x=\"{}\" y=\"{}\" font-size=\"13\">class 1</text>\n",
        start,
        y - 4,
        hex(CLASS_COLOURS[0]),
        start + 14,
        y + 4,
        start + 84,
        hex(CLASS_COLOURS[1]),
        start + 94,
        y + 4,
    );
    if !painted {
        return svg;
    }
    svg += &format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"13\">background: probability of class 1</text>\n",
        start + 170,
        y + 4
    );
    // The colour bar: eleven steps from 0 to 1, labelled at both ends and in the middle.
    let bar = start + 390;
    for step in 0..=10 {
        let p = step as f32 / 10.0;
        svg += &format!(
            "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"12\" fill=\"{}\"/>\n",
            bar + step * 14,
            y - 6,
            hex(two_class(p))
        );
    }
    svg += &format!(
        "<rect x=\"{bar}\" y=\"{}\" width=\"154\" height=\"12\" fill=\"none\" stroke=\"#606060\"/>\n\
         <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">0</text>\n\
         <text x=\"{}\" y=\"{}\" font-size=\"12\">1</text>\n",
        y - 6,
        bar - 4,
        y + 4,
        bar + 158,
        y + 4
    );
    svg
}

/// Ticks for an axis from −extent to extent: the ends, the middle, and halfway between.
fn tidy_ticks(extent: f32) -> [f32; 5] {
    [-extent, -extent / 2.0, 0.0, extent / 2.0, extent]
}

/// Text made safe to place inside an XML element.
fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Bytes in Base64 (RFC 4648, with padding): how an SVG carries an embedded PNG.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                text.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                text.push('=');
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> LineChart {
        LineChart::new("Loss per epoch", "epoch", "loss (nats)")
            .with(Series::per_epoch("training", [1.0, 0.5, 0.3]))
            .with(Series::per_epoch("validation", [1.1, 0.7, f32::NAN]))
    }

    #[test]
    fn a_chart_is_svg_with_its_labels_and_the_same_bytes_every_time() {
        let svg = chart().to_svg();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        for text in [
            "Loss per epoch",
            "epoch",
            "loss (nats)",
            "training",
            "validation",
        ] {
            assert!(svg.contains(text), "{text} is missing");
        }
        assert_eq!(svg, chart().to_svg());
    }

    #[test]
    fn side_by_side_charts_share_one_document() {
        let svg = line_charts(&[chart(), chart().y_range(0.0..2.0)], CHART_SIZE);
        assert!(svg.contains(r#"width="920""#), "{}", &svg[..120]);
        assert_eq!(svg.matches("Loss per epoch").count(), 2);
    }

    #[test]
    fn tick_labels_drop_trailing_zeros() {
        let shown: Vec<String> = [0.0, -3e-17, 2.0, 0.5, 0.25, 0.0001, 123456.0]
            .into_iter()
            .map(tidy_number)
            .collect();
        assert_eq!(shown, ["0", "0", "2", "0.5", "0.25", "1e-4", "1e5"]);
    }

    #[test]
    fn a_tile_grid_places_each_value_in_its_block() {
        let tiles = vec![vec![1.0, -1.0, 0.0, 0.5]; 3];
        let raster = tile_grid(&tiles, (2, 2), 2, 2, diverging);
        // Two columns of (2 + 1) × 2 pixels, plus the outer gap; two rows likewise.
        assert_eq!((raster.width(), raster.height()), (14, 14));
        assert_eq!(raster.get(2, 2), diverging(1.0));
        assert_eq!(raster.get(4, 2), diverging(-1.0));
        assert_eq!(raster.get(0, 0), GAP);
        let png = raster.to_png();
        assert_eq!(&png[1..4], b"PNG");
        assert_eq!(png, raster.to_png());
    }

    #[test]
    fn colour_scales_run_from_light_to_dark() {
        assert_eq!(diverging(0.0), [255, 255, 255]);
        assert_eq!(sequential(0.0), [255, 255, 255]);
        let grey =
            |[r, g, b]: [u8; 3]| 0.3 * f32::from(r) + 0.59 * f32::from(g) + 0.11 * f32::from(b);
        assert!(grey(diverging(1.0)) < grey(diverging(0.5)));
        assert!(grey(diverging(-1.0)) < grey(diverging(-0.5)));
        assert!(grey(sequential(1.0)) < grey(sequential(0.5)));
    }

    #[test]
    fn base64_follows_rfc_4648() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn a_plane_map_paints_top_rows_for_large_x2_and_draws_points_where_they_are() {
        let mut map = PlaneMap::new("test", 4, 6.0);
        let centres = map.pixel_centres();
        assert_eq!(centres[0], [-4.5, 4.5]);
        assert_eq!(centres[15], [4.5, -4.5]);
        // Probability 1 where x₂ > 0 (the top half), 0 below.
        let p: Vec<f32> = centres.iter().map(|c| f32::from(c[1] > 0.0)).collect();
        map.paint(&p);
        assert_eq!(map.raster().get(0, 0), two_class(1.0));
        assert_eq!(map.raster().get(3, 3), two_class(0.0));
        let mut big = PlaneMap::new("points", 60, 6.0);
        big.draw_points([([0.0, 0.0], 1), ([-6.0, 6.0], 0), ([9.0, 0.0], 1)]);
        assert_eq!(big.raster().get(30, 30), CLASS_COLOURS[1]);
        assert_eq!(big.raster().get(0, 0), CLASS_COLOURS[0]);
        assert_eq!(big.raster().get(59, 30), [255, 255, 255]);
    }

    #[test]
    fn plane_maps_embed_each_map_with_its_title() {
        let maps = [PlaneMap::new("a & b", 8, 6.0), PlaneMap::new("c", 8, 6.0)];
        let svg = plane_maps(&maps, 2);
        assert!(svg.starts_with("<svg"));
        assert_eq!(svg.matches("data:image/png;base64,").count(), 2);
        assert!(svg.contains(">a &amp; b</text>"));
        assert_eq!(svg, plane_maps(&maps, 2));
        assert!(
            !svg.contains("probability"),
            "no map is painted: no colour bar"
        );
        let mut painted = PlaneMap::new("p", 8, 6.0);
        painted.paint(&[0.5; 64]);
        assert!(plane_maps(&[painted], 1).contains("background: probability of class 1"));
        assert!(two_class(0.5) == [255, 255, 255]);
    }
}
