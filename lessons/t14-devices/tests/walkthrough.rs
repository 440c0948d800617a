//! The lesson's output is the snapshot the book shows: any change to it fails this test. The
//! other tests check what the chapter says about devices, which the output cannot show.

use dfdx::prelude::*;
use t14_devices::{class_probabilities, Classifier};

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(t14_devices::walkthrough));
}

/// The probabilities the lesson prints, recomputed in f64 on the host from the model's weights,
/// and the same numbers, bit for bit, after the model and the batch moved to another `Cpu`.
#[test]
fn class_probabilities_are_the_softmax_of_the_layer_on_any_cpu() {
    let (cpu, other_cpu) = (Cpu::seed_from_u64(1), Cpu::seed_from_u64(2));
    let model: Classifier<Cpu> = cpu.build_module::<Linear<4, 3>, f32>();
    let rows = [[0.5f32, -1.0, 2.0, 0.0], [1.0, 1.0, -0.5, 3.0]];
    let got = class_probabilities(&model, cpu.tensor(rows)).array();

    let (weight, bias) = (model.weight.array(), model.bias.array());
    for (row, got_row) in rows.iter().zip(got) {
        let logits: Vec<f64> = (0..3)
            .map(|c| {
                (0..4)
                    .map(|i| f64::from(weight[c][i]) * f64::from(row[i]))
                    .sum::<f64>()
                    + f64::from(bias[c])
            })
            .collect();
        let total: f64 = logits.iter().map(|l| l.exp()).sum();
        for (logit, p) in logits.iter().zip(got_row) {
            assert!((logit.exp() / total - f64::from(p)).abs() < 1e-6);
        }
    }

    let moved: Classifier<Cpu> = model.to_device(&other_cpu);
    let again = class_probabilities(&moved, cpu.tensor(rows).to_device(&other_cpu)).array();
    assert_eq!(got, again);
}

/// A device value carries its own random number generator, so the next number a tensor's device
/// draws tells which device value the tensor belongs to: `to_device` hands the copy to the
/// destination. Mixing two `Cpu` values is not checked at all: the sum keeps one of them (here
/// the right operand's, whose buffer dfdx's CPU kernel reuses for the result).
#[test]
fn each_tensor_belongs_to_one_device_value() {
    let next_draw = |seed| Cpu::seed_from_u64(seed).random_u64();
    let (cpu_1, cpu_2) = (Cpu::seed_from_u64(1), Cpu::seed_from_u64(2));
    assert_ne!(next_draw(1), next_draw(2));

    let a = cpu_1.tensor([1.0f32, 2.0, 3.0]);
    let b = a.to_device(&cpu_2);
    assert_eq!(b.device().random_u64(), next_draw(2));

    let (cpu_1, cpu_2) = (Cpu::seed_from_u64(1), Cpu::seed_from_u64(2));
    let sum = cpu_1.tensor([1.0f32, 2.0, 3.0]) + cpu_2.tensor([10.0f32, 20.0, 30.0]);
    assert_eq!(sum.array(), [11.0, 22.0, 33.0]);
    assert_eq!(sum.device().random_u64(), next_draw(2));
}
