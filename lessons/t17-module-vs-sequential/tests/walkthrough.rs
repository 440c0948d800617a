//! The lesson's output is the snapshot the book shows: any change to it fails this test. The
//! other tests assert what the lesson claims: the tuple and the struct agree bit for bit, in
//! outputs, gradients and training; the highway block computes its formula and its gradients;
//! every network learns.

#[path = "checks/host.rs"]
mod host;

use datasets::{Mnist, CLASSES, PIXELS};
use dfdx::prelude::*;
use host::{numbers, relu, residual, to_f32, HostLinear};
use t17_module_vs_sequential::{
    logits, train, train_all, walkthrough, HighwayMlp, Mlp, ResidualSequential, Sequential,
    ACCURACY_FLOOR, HIDDEN,
};

#[test]
fn output() {
    let mnist = Mnist::embedded();
    insta::assert_snapshot!("output", kit::capture(|out| walkthrough(out, &mnist)));
}

/// Issue 10's "done when" 2: the same weights give the same outputs, whether a tuple or the
/// struct holds them, and the same gradients, for several sets of weights.
#[test]
fn the_tuple_and_the_struct_agree_bit_for_bit() {
    let mnist = Mnist::embedded();
    for seed in 0..4 {
        let dev = AutoDevice::seed_from_u64(seed);
        let tuple = dev.build_module::<Sequential, f32>();
        let mlp = Mlp::from_sequential(&tuple);
        let (a, b) = (
            logits(&tuple, &mnist.test, &dev),
            logits(&mlp, &mnist.test, &dev),
        );
        assert_eq!(a.len(), mnist.test.len() * CLASSES);
        assert!(
            a.iter().zip(&b).all(|(a, b)| a.to_bits() == b.to_bits()),
            "seed {seed}: the logits differ"
        );

        let batch = mnist
            .train
            .batch::<Const<32>, _>(&(0..32).collect::<Vec<_>>(), &dev);
        let loss = |logits| cross_entropy_with_logits_loss(logits, batch.one_hot.clone());
        let tuple_grads = loss(tuple.forward(batch.images.leaky_trace())).backward();
        let mlp_grads = loss(mlp.forward(batch.images.leaky_trace())).backward();
        let pairs = [
            (
                tuple_grads.get(&tuple.0.weight).as_vec(),
                mlp_grads.get(&mlp.fc1.weight).as_vec(),
            ),
            (
                tuple_grads.get(&tuple.0.bias).as_vec(),
                mlp_grads.get(&mlp.fc1.bias).as_vec(),
            ),
            (
                tuple_grads.get(&tuple.2.weight).as_vec(),
                mlp_grads.get(&mlp.fc2.weight).as_vec(),
            ),
            (
                tuple_grads.get(&tuple.2.bias).as_vec(),
                mlp_grads.get(&mlp.fc2.bias).as_vec(),
            ),
            (
                tuple_grads.get(&tuple.4.weight).as_vec(),
                mlp_grads.get(&mlp.fc3.weight).as_vec(),
            ),
            (
                tuple_grads.get(&tuple.4.bias).as_vec(),
                mlp_grads.get(&mlp.fc3.bias).as_vec(),
            ),
        ];
        for (a, b) in pairs {
            assert!(
                a.iter().zip(&b).all(|(a, b)| a.to_bits() == b.to_bits()),
                "seed {seed}: the gradients differ"
            );
        }
    }
}

/// The chapter's claims about files and seeds: a safetensors file names each tensor by its path
/// in the model, `0.weight` in the tuple and `fc1.weight` in the struct, so a file saved from
/// one does not load into the other; and the struct built from the tuple's seed draws the
/// tuple's weights, only because both visit their layers in the same order.
#[test]
fn files_name_tensors_by_their_path_and_seeds_draw_in_field_order() {
    let dev = AutoDevice::seed_from_u64(3);
    let tuple = dev.build_module::<Sequential, f32>();
    let path = std::env::temp_dir().join(format!("t17-tuple-{}.safetensors", std::process::id()));
    tuple.save_safetensors(&path).unwrap();
    let mut mlp = Mlp::<f32, AutoDevice>::build(&AutoDevice::seed_from_u64(4));
    let refused = mlp.load_safetensors(&path);
    let mut again = dev.build_module::<Sequential, f32>();
    let reloaded = again.load_safetensors(&path);
    std::fs::remove_file(&path).unwrap();
    let err = format!(
        "{:?}",
        refused.expect_err("the struct's names are not in the file")
    );
    assert!(err.contains("fc1.weight"), "{err}");
    reloaded.expect("the tuple's own file loads into the tuple");
    assert_eq!(again.4.bias.as_vec(), tuple.4.bias.as_vec());

    let same_seed = Mlp::<f32, AutoDevice>::build(&AutoDevice::seed_from_u64(3));
    assert_eq!(same_seed.fc1.weight.as_vec(), tuple.0.weight.as_vec());
    assert_eq!(same_seed.fc3.bias.as_vec(), tuple.4.bias.as_vec());
}

/// `Residual<(Linear, ReLU)>` inside the tuple computes h + relu(fc2(h)): the tuple's logits
/// against the formula, computed on the host from the tuple's weights.
#[test]
fn the_residual_tuple_adds_its_input() {
    let mnist = Mnist::embedded();
    let dev = AutoDevice::seed_from_u64(7);
    let tuple = dev.build_module::<ResidualSequential, f32>();
    let x = mnist.test.batch::<usize, _>(&[0, 1, 2], &dev).images;
    let want = residual(
        &HostLinear::of(&tuple.0),
        &HostLinear::of(&tuple.2 .0 .0),
        &HostLinear::of(&tuple.3),
        &numbers(&x),
    );
    for (got, want) in tuple.forward(x).as_vec().iter().zip(to_f32(&want)) {
        assert!((got - want).abs() < 1e-4, "{got} vs {want}");
    }
}

/// The snapshot pins the numbers; this says which numbers would be wrong, not only different.
#[test]
fn every_network_learns_and_the_struct_trains_as_the_tuple() {
    let mnist = Mnist::embedded();
    let trained = train_all(&mnist).unwrap();
    for (name, test) in [
        ("plain", trained.plain.test),
        ("residual", trained.residual.test),
        ("highway", trained.highway.test),
    ] {
        assert!(
            test.accuracy >= ACCURACY_FLOOR,
            "{name}: test accuracy {} < {ACCURACY_FLOOR}",
            test.accuracy
        );
    }
    assert!(
        (trained.gate_before - 0.5).abs() < 0.05,
        "an untrained gate sits near 0.5"
    );

    // The struct, given the untrained tuple's weights, trains exactly as the tuple did.
    let dev = AutoDevice::seed_from_u64(t17_module_vs_sequential::SEED);
    let tuple = dev.build_module::<Sequential, f32>();
    let run = train(Mlp::from_sequential(&tuple), &mnist, &dev).unwrap();
    assert_eq!(run.history, trained.plain.history);
    assert_eq!(run.test, trained.plain.test);
}

/// 1 / (1 + e^-v) for every value.
fn sigmoid(values: Vec<f64>) -> Vec<f64> {
    values
        .into_iter()
        .map(|v| 1.0 / (1.0 + (-v).exp()))
        .collect()
}

/// Picks one layer of the host network, to perturb its biases.
type LayerOf = fn(&mut HostHighway) -> &mut HostLinear;

/// The highway network on the host, in f64: the logits for `x`, rows × 784 pixels.
struct HostHighway {
    fc1: HostLinear,
    transform: HostLinear,
    gate: HostLinear,
    out: HostLinear,
}

impl HostHighway {
    fn of(model: &HighwayMlp<f32, AutoDevice>) -> Self {
        HostHighway {
            fc1: HostLinear::of(&model.fc1),
            transform: HostLinear::of(&model.transform),
            gate: HostLinear::of(&model.gate),
            out: HostLinear::of(&model.out),
        }
    }

    fn logits(&self, x: &[f64]) -> Vec<f64> {
        let h = relu(self.fc1.apply(x));
        let t = sigmoid(self.gate.apply(&h));
        let candidate = relu(self.transform.apply(&h));
        let y: Vec<f64> = (0..h.len())
            .map(|i| t[i] * candidate[i] + (1.0 - t[i]) * h[i])
            .collect();
        self.out.apply(&y)
    }

    /// Σ logits ⊙ g.
    fn loss(&self, x: &[f64], g: &[f64]) -> f64 {
        self.logits(x).iter().zip(g).map(|(l, g)| l * g).sum()
    }
}

/// The highway block computes its formula, and its tape carries the gradient to every weight
/// through all three uses of `h`: checked against f64 finite differences on the host.
#[test]
fn the_highway_block_matches_an_independent_computation() {
    let mnist = Mnist::embedded();
    let dev = AutoDevice::seed_from_u64(5);
    let model = HighwayMlp::<f32, AutoDevice>::build(&dev);
    let x = mnist.test.batch::<usize, _>(&[0, 1, 2, 3], &dev).images;
    let g: Tensor<(usize, Const<CLASSES>), f32, AutoDevice> = dev.sample_normal_like(&(4, Const));
    let host = HostHighway::of(&model);
    let (xs, gs) = (numbers(&x), numbers(&g));

    let logits = model.forward(x.leaky_trace());
    let expected = host.logits(&xs);
    for (got, want) in logits.as_vec().iter().zip(&expected) {
        assert!((f64::from(*got) - want).abs() < 1e-4, "{got} vs {want}");
    }
    let grads = (logits * g).sum::<Rank0, _>().backward();

    // d loss / d bias, for every bias of every layer, by central differences.
    let eps = 1e-6;
    let layers: [(&str, Vec<f32>, LayerOf); 4] = [
        ("fc1", grads.get(&model.fc1.bias).as_vec(), |h| &mut h.fc1),
        (
            "transform",
            grads.get(&model.transform.bias).as_vec(),
            |h| &mut h.transform,
        ),
        ("gate", grads.get(&model.gate.bias).as_vec(), |h| {
            &mut h.gate
        }),
        ("out", grads.get(&model.out.bias).as_vec(), |h| &mut h.out),
    ];
    for (name, dfdx_grad, layer) in layers {
        for (i, got) in dfdx_grad.iter().enumerate() {
            let mut up = HostHighway::of(&model);
            layer(&mut up).bias[i] += eps;
            let mut down = HostHighway::of(&model);
            layer(&mut down).bias[i] -= eps;
            let want = (up.loss(&xs, &gs) - down.loss(&xs, &gs)) / (2.0 * eps);
            assert!(
                (f64::from(*got) - want).abs() < 1e-3 * want.abs().max(1.0),
                "{name}.bias[{i}]: dfdx {got}, finite differences {want}"
            );
        }
    }
    assert_eq!(HIDDEN * PIXELS, model.fc1.weight.as_vec().len());
}
