//! What t04's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! `tensor_collection` is checked through what dfdx does with the fields it names: a seeded
//! build compared with dfdx's own `Linear` layers built in the same order from the same seed,
//! the parameter count, the names dfdx saves the tensors under and a save-and-load round trip,
//! and one SGD step and `zero_grads` on gradients computed
//! through the two layers. `forward` is checked against logits and input gradients computed in
//! `f64` on the host from the same weights, on MNIST digits and on inputs the lesson never
//! shows, then by training the model with `kit::train` to an accuracy floor.

use datasets::{Mnist, CLASSES, PIXELS};
use dfdx::nn::modules;
use dfdx::optim::{Adam, Sgd};
use dfdx::prelude::*;
use kit::check::Case;
use kit::train::{self, EvaluableClassifier, FitConfig, TrainableClassifier};
use t04_keras_model::HIDDEN;

/// The device the checks run on.
pub type Dev = AutoDevice;
/// `TwoLayerModel`'s first layer, built.
pub type Dense1 = modules::Linear<PIXELS, HIDDEN, f32, Dev>;
/// `TwoLayerModel`'s second layer, built.
pub type Dense2 = modules::Linear<HIDDEN, CLASSES, f32, Dev>;

/// The four tensors of two layers, in visiting order, with their names in a saved file.
fn parameters(dense1: &Dense1, dense2: &Dense2) -> [(&'static str, Vec<f32>); 4] {
    [
        ("dense1.weight", dense1.weight.as_vec()),
        ("dense1.bias", dense1.bias.as_vec()),
        ("dense2.weight", dense2.weight.as_vec()),
        ("dense2.bias", dense2.bias.as_vec()),
    ]
}

/// Collects the names dfdx's walker gives a model's tensors, in visiting order.
struct Names(Vec<String>);

impl TensorVisitor<f32, Dev> for Names {
    type Viewer = ViewTensorName;
    type Err = <Dev as HasErr>::Err;
    type E2 = f32;
    type D2 = Dev;

    fn visit<S: Shape>(
        &mut self,
        _: TensorOptions<S, f32, Dev>,
        name: String,
    ) -> Result<Option<Tensor<S, f32, Dev>>, Self::Err> {
        self.0.push(name);
        Ok(None)
    }
}

/// The names under which dfdx saves the tensors of a model of type `M`, in visiting order: they
/// depend on the type only.
fn names<M: TensorCollection<f32, Dev>>() -> Vec<String> {
    let mut names = Names(Vec::new());
    M::iter_tensors(&mut RecursiveWalker {
        m: String::new(),
        f: &mut names,
    })
    .expect("listing names reads nothing and cannot fail");
    names.0
}

/// A seeded build must give the weights that dfdx's own layers give when built in the field
/// order from the same seed, and the parameter count of both layers.
fn build_case<M: BuildModule<Dev, f32>>(layers: &impl Fn(&M) -> (Dense1, Dense2), seed: u64) {
    let input = format!(
        "a build on a device seeded with {seed}, against dfdx's Linear<784, 32> then \
         Linear<32, 10> built from that seed"
    );
    let case = Case::new("tensor_collection", &input);
    let model = case.run(|| M::build(&Dev::seed_from_u64(seed)));
    let (dense1, dense2) = layers(&model);

    let dev = Dev::seed_from_u64(seed);
    let expected1 = dev.build_module::<Linear<PIXELS, HIDDEN>, f32>();
    let expected2 = dev.build_module::<Linear<HIDDEN, CLASSES>, f32>();
    let got = parameters(&dense1, &dense2);
    for ((name, got), (_, want)) in got.iter().zip(&parameters(&expected1, &expected2)) {
        case.expect_all_close(name, got, want, 0.0);
    }
    let count = case.run(|| model.num_trainable_params());
    let expected = PIXELS * HIDDEN + HIDDEN + HIDDEN * CLASSES + CLASSES;
    case.expect_eq("the number of trainable parameters", count, expected);
    case.show(format!(
        "{} trainable parameters, drawn as dfdx's layers draw them",
        kit::thousands(count)
    ));
}

/// The saved file must name the four tensors after their fields, and loading it into a model
/// built from another seed must give back the saved weights.
fn save_and_load_case<M: BuildModule<Dev, f32>>(layers: &impl Fn(&M) -> (Dense1, Dense2)) {
    let case = Case::new(
        "tensor_collection",
        "a model built from seed 5, saved with save_safetensors and loaded into one from seed 6",
    );
    let model = case.run(|| M::build(&Dev::seed_from_u64(5)));
    // Checked before saving: a name used twice makes saving panic inside the safetensors crate.
    let expected = [
        "dense1.weight",
        "dense1.bias",
        "dense2.weight",
        "dense2.bias",
    ];
    case.expect_eq(
        "the tensors' names, in visiting order",
        case.run(names::<M>),
        expected.map(String::from).to_vec(),
    );
    let dir = kit::scratch::ScratchDir::new("t04-keras-model-check").expect("a temporary folder");
    let path = dir.join("save-and-load.safetensors");
    case.run(|| model.save_safetensors(&path))
        .expect("saving to the temporary folder");
    let mut other = case.run(|| M::build(&Dev::seed_from_u64(6)));
    let loaded = case.run(|| other.load_safetensors(&path));
    case.expect(
        loaded.is_ok(),
        "load_safetensors to read back the file it saved",
    );
    let (saved1, saved2) = layers(&model);
    let (loaded1, loaded2) = layers(&other);
    for ((name, got), (_, want)) in parameters(&loaded1, &loaded2)
        .iter()
        .zip(&parameters(&saved1, &saved2))
    {
        case.expect_all_close(&format!("{name} after loading"), got, want, 0.0);
    }
    case.show(format!("saved as {}", expected.join(", ")));
}

/// One SGD step must move every tensor of both layers by −lr × its gradient, and `zero_grads`
/// must clear all four gradients.
fn sgd_case<M: BuildModule<Dev, f32>>(layers: &impl Fn(&M) -> (Dense1, Dense2)) {
    const LR: f32 = 0.1;
    let case = Case::new(
        "tensor_collection",
        "one SGD step (lr 0.1) on a loss through both layers, model seed 7",
    );
    let mut model = case.run(|| M::build(&Dev::seed_from_u64(7)));
    let mut grads = case.run(|| model.alloc_grads());
    // The layers' clones share the model's tensors (same ids), so the gradients computed through
    // them are the model's.
    let (dense1, dense2) = layers(&model);
    let dev = Dev::seed_from_u64(8);
    let x: Tensor<Rank2<3, PIXELS>, f32, Dev> = dev.sample_normal();
    let r: Tensor<Rank2<3, CLASSES>, f32, Dev> = dev.sample_normal();
    let logits = dense2.forward(dense1.forward(x.traced(grads)).relu());
    grads = (logits * r).sum::<Rank0, _>().backward();
    let before = parameters(&dense1, &dense2);
    let gradients = [
        grads.get(&dense1.weight).as_vec(),
        grads.get(&dense1.bias).as_vec(),
        grads.get(&dense2.weight).as_vec(),
        grads.get(&dense2.bias).as_vec(),
    ];
    let mut sgd = Sgd::new(
        &model,
        SgdConfig {
            lr: f64::from(LR),
            ..Default::default()
        },
    );
    case.run(|| sgd.update(&mut model, &grads))
        .expect("every tensor has a gradient");
    let (after1, after2) = layers(&model);
    for (((name, got), (_, old)), gradient) in parameters(&after1, &after2)
        .iter()
        .zip(&before)
        .zip(&gradients)
    {
        let want: Vec<f32> = old.iter().zip(gradient).map(|(w, g)| w - LR * g).collect();
        case.expect_all_close(&format!("{name} after the step"), got, &want, 1e-6);
    }
    case.run(|| model.zero_grads(&mut grads));
    for (name, tensor) in [
        ("dense1.weight", grads.get(&after1.weight).as_vec()),
        ("dense1.bias", grads.get(&after1.bias).as_vec()),
        ("dense2.weight", grads.get(&after2.weight).as_vec()),
        ("dense2.bias", grads.get(&after2.bias).as_vec()),
    ] {
        let zeros = vec![0.0; tensor.len()];
        case.expect_all_close(
            &format!("the gradient of {name} after zero_grads"),
            &tensor,
            &zeros,
            0.0,
        );
    }
    case.show("SGD moved all four tensors; zero_grads cleared their gradients");
}

/// Checks a solution of `tensor_collection`. `layers` reaches a model's two layers.
pub fn tensor_collection<M: BuildModule<Dev, f32>>(layers: impl Fn(&M) -> (Dense1, Dense2)) {
    build_case(&layers, 3);
    build_case(&layers, 11);
    save_and_load_case(&layers);
    sgd_case(&layers);
}

/// The logits of `x` (rows of 784 values) through dense1, ReLU and dense2, in `f64` on the host,
/// and the gradient with respect to `x` of Σ logits · `r` (rows of 10).
fn on_the_host(dense1: &Dense1, dense2: &Dense2, x: &[f32], r: &[f32]) -> (Vec<f32>, Vec<f32>) {
    let (w1, b1) = (dense1.weight.as_vec(), dense1.bias.as_vec());
    let (w2, b2) = (dense2.weight.as_vec(), dense2.bias.as_vec());
    let mut logits = Vec::new();
    let mut gradient = Vec::new();
    for (row, r_row) in x.chunks_exact(PIXELS).zip(r.chunks_exact(CLASSES)) {
        let pre: Vec<f64> = (0..HIDDEN)
            .map(|j| {
                let dot: f64 = (0..PIXELS)
                    .map(|i| f64::from(row[i]) * f64::from(w1[j * PIXELS + i]))
                    .sum();
                dot + f64::from(b1[j])
            })
            .collect();
        let hidden: Vec<f64> = pre.iter().map(|&p| p.max(0.0)).collect();
        for k in 0..CLASSES {
            let dot: f64 = (0..HIDDEN)
                .map(|j| hidden[j] * f64::from(w2[k * HIDDEN + j]))
                .sum();
            logits.push((dot + f64::from(b2[k])) as f32);
        }
        let d_hidden: Vec<f64> = (0..HIDDEN)
            .map(|j| {
                if pre[j] > 0.0 {
                    (0..CLASSES)
                        .map(|k| f64::from(r_row[k]) * f64::from(w2[k * HIDDEN + j]))
                        .sum()
                } else {
                    0.0
                }
            })
            .collect();
        for i in 0..PIXELS {
            let g: f64 = (0..HIDDEN)
                .map(|j| d_hidden[j] * f64::from(w1[j * PIXELS + i]))
                .sum();
            gradient.push(g as f32);
        }
    }
    (logits, gradient)
}

/// Two layers drawn from `seed`, as dfdx's builders draw them.
fn layers_from(seed: u64) -> (Dense1, Dense2) {
    let dev = Dev::seed_from_u64(seed);
    (
        dev.build_module::<Linear<PIXELS, HIDDEN>, f32>(),
        dev.build_module::<Linear<HIDDEN, CLASSES>, f32>(),
    )
}

/// A model's logits for a batch whose size is known at run time, without a tape, against the
/// host's.
fn untraced_case<M>(
    assemble: &impl Fn(Dense1, Dense2) -> M,
    input: &str,
    seed: u64,
    x: Tensor<(usize, Const<PIXELS>), f32, Dev>,
    tolerance: f32,
) where
    M: EvaluableClassifier<Dev>,
{
    let case = Case::new("forward", input);
    let (dense1, dense2) = layers_from(seed);
    let rows = x.shape().0;
    let (expected, _) = on_the_host(&dense1, &dense2, &x.as_vec(), &vec![0.0; rows * CLASSES]);
    let model = assemble(dense1, dense2);
    let logits = case.run(|| model.forward(x)).as_vec();
    case.expect_all_close("the logits", &logits, &expected, tolerance);
    case.show(format!(
        "{rows} × 10 logits, the first row starting {:.3}, {:.3}",
        logits[0], logits[1]
    ));
}

/// Checks a solution of `forward`. `assemble` makes the model from its two layers.
pub fn forward<M>(assemble: impl Fn(Dense1, Dense2) -> M)
where
    M: TrainableClassifier<3, Dev> + TrainableClassifier<32, Dev> + EvaluableClassifier<Dev>,
{
    let mnist = Mnist::embedded();
    let dev = Dev::default();
    let digits = |rows: &[usize]| mnist.test.batch::<usize, _>(rows, &dev).images;
    untraced_case(
        &assemble,
        "the first 8 test digits, layers built from seed 1",
        1,
        digits(&(0..8).collect::<Vec<_>>()),
        1e-4,
    );
    let noise: Tensor<Rank2<5, PIXELS>, f32, Dev> = Dev::seed_from_u64(20).sample_normal();
    untraced_case(
        &assemble,
        "5 rows of N(0, 2²) values, layers built from seed 2",
        2,
        (noise * 2.0).realize(),
        1e-3,
    );
    untraced_case(
        &assemble,
        "a batch of one, test digit 123, layers built from seed 3",
        3,
        digits(&[123]),
        1e-4,
    );
    traced_case(&assemble);
    trains_case(&assemble, &mnist);
}

/// With a tape, as in training: `forward_mut` on a traced `Rank2<3, 784>`, the logits and the
/// gradient of Σ logits · r with respect to the input, against the host's.
fn traced_case<M: TrainableClassifier<3, Dev>>(assemble: &impl Fn(Dense1, Dense2) -> M) {
    let case = Case::new(
        "forward",
        "3 traced rows of N(0, 1) values, the gradient of Σ logits·r, layers from seed 4",
    );
    let (dense1, dense2) = layers_from(4);
    let dev = Dev::seed_from_u64(21);
    let x: Tensor<Rank2<3, PIXELS>, f32, Dev> = dev.sample_normal();
    let r: Tensor<Rank2<3, CLASSES>, f32, Dev> = dev.sample_normal();
    let (expected, expected_gradient) = on_the_host(&dense1, &dense2, &x.as_vec(), &r.as_vec());
    let mut model = assemble(dense1, dense2);
    let logits = case.run(|| model.forward_mut(x.leaky_trace()));
    case.expect_all_close("the logits", &logits.as_vec(), &expected, 1e-4);
    let grads = (logits * r).sum::<Rank0, _>().backward();
    let gradient = grads.get(&x).as_vec();
    case.expect_all_close("d(Σ logits·r)/d input", &gradient, &expected_gradient, 1e-4);
    case.show("the logits and the input's gradient match");
}

/// The accuracy on the test digits that 2 epochs of training must reach.
pub const TRAINED_FLOOR: f32 = 0.85;

/// Trained by `kit::train::fit`, the model must learn the digits.
fn trains_case<M>(assemble: &impl Fn(Dense1, Dense2) -> M, mnist: &Mnist)
where
    M: TrainableClassifier<32, Dev> + EvaluableClassifier<Dev>,
{
    let case = Case::new(
        "forward",
        "2 epochs of kit::train::fit (Adam 0.001, batches of 32) on the embedded digits, seed 9",
    );
    let dev = Dev::seed_from_u64(9);
    let (dense1, dense2) = (
        dev.build_module::<Linear<PIXELS, HIDDEN>, f32>(),
        dev.build_module::<Linear<HIDDEN, CLASSES>, f32>(),
    );
    let mut model = assemble(dense1, dense2);
    let mut adam = case.run(|| Adam::new(&model, Default::default()));
    let config = FitConfig {
        epochs: 2,
        shuffle_seed: 9,
        validation: None,
    };
    case.run(|| {
        train::fit::<32, _, _, _>(
            &mut model,
            &mut adam,
            &mnist.train,
            config,
            &dev,
            |_| Ok(()),
        )
    })
    .expect("the embedded training set holds many batches");
    let test = case.run(|| train::evaluate(&model, &mnist.test, &dev));
    case.expect(
        test.accuracy >= TRAINED_FLOOR,
        &format!(
            "a test accuracy of at least {TRAINED_FLOOR} after training (got {})",
            test.accuracy
        ),
    );
    case.show(format!("test accuracy {:.3} after 2 epochs", test.accuracy));
}
