//! The lesson's networks computed on the host in `f64`, from their weights read out as numbers:
//! a reference that shares no code with dfdx's modules or with the learner's.

use dfdx::nn::modules;
use dfdx::prelude::*;

/// A `Linear` layer's weights as plain numbers: `weight` is `outputs × inputs`, row by row.
#[derive(Debug, Clone)]
pub struct HostLinear {
    /// Inputs per example.
    pub inputs: usize,
    /// `weight[o * inputs + i]` multiplies input `i` into output `o`.
    pub weight: Vec<f64>,
    /// One bias per output.
    pub bias: Vec<f64>,
}

impl HostLinear {
    /// Reads the weights of a dfdx `Linear`.
    pub fn of<const I: usize, const O: usize>(
        layer: &modules::Linear<I, O, f32, AutoDevice>,
    ) -> Self {
        HostLinear {
            inputs: I,
            weight: layer.weight.as_vec().into_iter().map(f64::from).collect(),
            bias: layer.bias.as_vec().into_iter().map(f64::from).collect(),
        }
    }

    /// `x · weightᵀ + bias` for `x.len() / inputs` examples, row after row.
    pub fn apply(&self, x: &[f64]) -> Vec<f64> {
        x.chunks_exact(self.inputs)
            .flat_map(|row| {
                self.weight
                    .chunks_exact(self.inputs)
                    .zip(&self.bias)
                    .map(move |(w, b)| b + w.iter().zip(row).map(|(w, x)| w * x).sum::<f64>())
            })
            .collect()
    }
}

/// max(v, 0) for every value.
pub fn relu(values: Vec<f64>) -> Vec<f64> {
    values.into_iter().map(|v| v.max(0.0)).collect()
}

/// The values of a tensor as `f64`.
pub fn numbers<S: Shape, T>(x: &Tensor<S, f32, AutoDevice, T>) -> Vec<f64> {
    x.as_vec().into_iter().map(f64::from).collect()
}

/// The residual network on `x`: `fc3(h + relu(fc2(h)))` with `h = relu(fc1(x))`.
pub fn residual(fc1: &HostLinear, fc2: &HostLinear, fc3: &HostLinear, x: &[f64]) -> Vec<f64> {
    let h = relu(fc1.apply(x));
    let branch = relu(fc2.apply(&h));
    let sum: Vec<f64> = h.iter().zip(&branch).map(|(h, b)| h + b).collect();
    fc3.apply(&sum)
}

/// `values` as `f32`, for comparison with dfdx's results.
pub fn to_f32(values: &[f64]) -> Vec<f32> {
    values.iter().map(|&v| v as f32).collect()
}
