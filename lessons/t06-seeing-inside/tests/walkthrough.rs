//! The lesson's output and figures are what the book shows: any change to them fails `output`.
//! The other tests check what a snapshot cannot: that the numbers and pictures are right, each
//! recomputed here without the lesson's own code path.

use datasets::{Mnist, CLASSES, PIXELS, SIDE};
use dfdx::prelude::*;
use std::sync::OnceLock;
use t06_seeing_inside::{
    dead, hidden_activations, layer_by_layer, silence, train, unit_weights, walkthrough, SmallMlp,
    Trained, ACCURACY_FLOOR, HIDDEN, SEED, SHOWN, TILE_COLUMNS, TILE_SCALE,
};

/// The embedded sample and the lesson's trained network, trained once for all the tests here.
fn trained() -> &'static (Mnist, Trained) {
    static TRAINED: OnceLock<(Mnist, Trained)> = OnceLock::new();
    TRAINED.get_or_init(|| {
        let mnist = Mnist::embedded();
        let trained = train(&mnist).expect("the lesson trains on the embedded sample");
        (mnist, trained)
    })
}

/// The figures the walkthrough drew, and what it printed.
fn lesson() -> &'static (String, kit::figures::Figures) {
    static LESSON: OnceLock<(String, kit::figures::Figures)> = OnceLock::new();
    LESSON.get_or_init(|| {
        let mnist = Mnist::embedded();
        kit::capture_with_figures(|out, figures| walkthrough(out, figures, &mnist))
    })
}

#[test]
fn output() {
    let (text, figures) = lesson();
    insta::assert_snapshot!("output", text);
    kit::figures::assert_committed(env!("CARGO_MANIFEST_DIR"), figures);
}

#[test]
fn learns_the_embedded_digits() {
    let accuracy = trained().1.test.accuracy;
    assert!(
        accuracy >= ACCURACY_FLOOR,
        "test accuracy {accuracy} < {ACCURACY_FLOOR}"
    );
}

/// The hidden units' values for one image (784 pixels), in f64, from the weights alone.
fn hidden_f64(model: &t06_seeing_inside::Network, pixels: &[f32]) -> Vec<f64> {
    let weights = model.0 .0.weight.as_vec();
    let bias = model.0 .0.bias.as_vec();
    (0..HIDDEN)
        .map(|unit| {
            let row = &weights[unit * PIXELS..(unit + 1) * PIXELS];
            let dot: f64 = row
                .iter()
                .zip(pixels)
                .map(|(&w, &x)| f64::from(w) * f64::from(x))
                .sum();
            (dot + f64::from(bias[unit])).max(0.0)
        })
        .collect()
}

#[test]
fn the_activations_shown_are_those_of_model_forward() {
    let (mnist, trained) = trained();
    let model = &trained.model;
    let dev = AutoDevice::default();
    let image: Tensor<Rank1<PIXELS>, f32, _> = mnist.test.image(SHOWN, &dev).reshape();
    let layers = layer_by_layer(model, image.clone());

    // The logits are the whole network's, and the probabilities their softmax.
    let logits = model.forward(image.clone()).array();
    assert_eq!(
        layers.logits, logits,
        "the logits differ from model.forward"
    );
    let largest = logits
        .iter()
        .fold(f64::NEG_INFINITY, |m, &l| m.max(f64::from(l)));
    let exps: Vec<f64> = logits
        .iter()
        .map(|&l| (f64::from(l) - largest).exp())
        .collect();
    let total: f64 = exps.iter().sum();
    for (digit, (&got, exp)) in layers.probabilities.iter().zip(&exps).enumerate() {
        let expected = exp / total;
        assert!(
            (f64::from(got) - expected).abs() < 1e-6,
            "probability of {digit}"
        );
    }

    // The hidden units, recomputed in f64 from the weights and the pixels.
    let expected = hidden_f64(model, &image.as_vec());
    for (unit, (&got, &want)) in layers.hidden.iter().zip(&expected).enumerate() {
        let got = f64::from(got);
        assert!(
            (got - want).abs() < 1e-4 * (1.0 + want),
            "hidden unit {unit}: {got} vs {want}"
        );
    }

    // Each logit is the output bias plus the votes the lesson prints.
    let weights = model.1.weight.as_vec();
    let bias = model.1.bias.as_vec();
    for digit in 0..CLASSES {
        let votes: f64 = (0..HIDDEN)
            .map(|u| expected[u] * f64::from(weights[digit * HIDDEN + u]))
            .sum();
        let logit = f64::from(bias[digit]) + votes;
        assert!(
            (logit - f64::from(logits[digit])).abs() < 1e-3,
            "logit of {digit}"
        );
    }
}

#[test]
fn the_dead_unit_count_matches_a_direct_count() {
    let (mnist, trained) = trained();
    let model = &trained.model;
    let direct: Vec<usize> = {
        let mut largest = [f64::NEG_INFINITY; HIDDEN];
        for i in 0..mnist.test.len() {
            let pixels: Vec<f32> = mnist
                .test
                .pixels(i)
                .iter()
                .map(|&p| f32::from(p) / 255.0)
                .collect();
            for (l, h) in largest.iter_mut().zip(hidden_f64(model, &pixels)) {
                *l = l.max(h);
            }
        }
        (0..HIDDEN).filter(|&u| largest[u] == 0.0).collect()
    };
    let lesson = dead(&hidden_activations(
        model,
        &mnist.test,
        &AutoDevice::default(),
    ));
    assert_eq!(lesson, direct);
    let printed = format!("({} of {HIDDEN})", direct.len());
    assert!(
        lesson_text().contains(&printed),
        "the text does not say {printed}"
    );
}

fn lesson_text() -> &'static str {
    &lesson().0
}

/// The width and height a PNG's header gives.
fn png_size(png: &[u8]) -> (usize, usize) {
    assert_eq!(&png[1..4], b"PNG");
    let word = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
    (word(16), word(20))
}

/// Decodes a PNG of 8-bit RGB pixels into rows of `[r, g, b]`.
fn png_pixels(png: &[u8]) -> (usize, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("a valid PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a sized PNG")];
    let info = reader.next_frame(&mut buffer).expect("one frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let pixels = buffer[..info.buffer_size()]
        .chunks_exact(3)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width as usize, pixels)
}

#[test]
fn the_weight_figure_shows_one_tile_per_hidden_unit() {
    let (_, figures) = lesson();
    let figure = figures
        .iter()
        .find(|f| f.name == "weights.png")
        .expect("the lesson draws weights.png");
    // Each tile is 28 cells of TILE_SCALE pixels plus a gap; the grid has an outer gap too.
    let rows = HIDDEN.div_ceil(TILE_COLUMNS);
    let step = (SIDE + 1) * TILE_SCALE;
    let expected = (TILE_COLUMNS * step + TILE_SCALE, rows * step + TILE_SCALE);
    assert_eq!(png_size(&figure.bytes), expected);
    assert_eq!(
        rows * TILE_COLUMNS,
        HIDDEN,
        "every place in the grid holds a unit"
    );

    // Every cell of tile u shows weight w[u][p], scaled by the tile's largest |w|.
    let (width, pixels) = png_pixels(&figure.bytes);
    let weights = unit_weights(&trained().1.model);
    for (unit, row) in weights.iter().enumerate() {
        let largest = row.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        let (left, top) = (
            TILE_SCALE + (unit % TILE_COLUMNS) * step,
            TILE_SCALE + (unit / TILE_COLUMNS) * step,
        );
        for (p, &w) in row.iter().enumerate() {
            let (x, y) = (
                left + (p % SIDE) * TILE_SCALE,
                top + (p / SIDE) * TILE_SCALE,
            );
            assert_eq!(
                pixels[y * width + x],
                kit::plot::diverging(w / largest),
                "unit {unit}, pixel {p}"
            );
        }
    }
}

#[test]
fn weights_on_always_blank_pixels_keep_their_initial_values() {
    let (mnist, trained) = trained();
    // The initial weights rebuilt from the seed, not taken from the lesson's copy.
    let initial = AutoDevice::seed_from_u64(SEED).build_module::<SmallMlp, f32>();
    assert_eq!(unit_weights(&initial), unit_weights(&trained.initial));
    let (now, then) = (unit_weights(&trained.model), unit_weights(&initial));
    let mut blank = 0;
    for p in 0..PIXELS {
        let always_blank = (0..mnist.train.len()).all(|i| mnist.train.pixels(i)[p] == 0);
        let unmoved = (0..HIDDEN).all(|u| now[u][p] == then[u][p]);
        if always_blank {
            blank += 1;
            assert!(
                unmoved,
                "pixel {p} is always blank, yet a weight on it moved"
            );
        }
    }
    let printed = format!("{blank} of the 784 pixels are 0 in all 4,000 training images");
    assert!(
        lesson_text().contains(&printed),
        "the text does not say {printed}"
    );
}

#[test]
fn silencing_a_unit_zeroes_its_weights_into_the_output_and_nothing_else() {
    let model = &trained().1.model;
    let before = model.1.weight.as_vec();
    let silenced = silence(model, &[3, 20]);
    let after = silenced.1.weight.as_vec();
    for (i, (&b, &a)) in before.iter().zip(&after).enumerate() {
        let unit = i % HIDDEN;
        let expected = if unit == 3 || unit == 20 { 0.0 } else { b };
        assert_eq!(a, expected, "output weight {i}");
    }
    assert_eq!(model.1.weight.as_vec(), before, "the model itself changed");
    assert_eq!(silenced.0 .0.weight.as_vec(), model.0 .0.weight.as_vec());
}
