//! Keras' `model.summary()` for dfdx models: one row per layer with its output shape, read from
//! the types, and its parameter counts, read from the weights with `kit::inspect`.

use dfdx::nn::modules;
use dfdx::prelude::*;
use kit::inspect::{named_parameters, NamedParameter};

// ANCHOR: row
/// One row of the summary: the model's input, a layer, or the addition that closes a skip
/// connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Where the layer sits: the path dfdx names its tensors by (`0.0` is `model.0 .0`, whose
    /// weight is saved as `0.0.weight`), or `input`.
    pub name: String,
    /// What it computes: `Linear(784 → 64)`, `ReLU`, …
    pub kind: String,
    /// The shape of its output, from the types: `(batch, 64)`.
    pub output: String,
    /// Numbers of its own that the optimizer trains (weights, biases).
    pub trainable: usize,
    /// Numbers of its own that it keeps but the optimizer does not train (a batch
    /// normalisation's running mean and variance).
    pub non_trainable: usize,
    /// For the addition at the end of a skip connection: the row whose output it adds back.
    pub adds: Option<usize>,
}
// ANCHOR_END: row

impl Row {
    /// A row for a layer without numbers of its own.
    fn weightless(name: &str, kind: impl Into<String>, output: String) -> Self {
        Row {
            name: name.to_string(),
            kind: kind.into(),
            output,
            trainable: 0,
            non_trainable: 0,
            adds: None,
        }
    }

    /// A row for `layer`, its numbers counted from the tensors it holds.
    fn with_weights<D: Device<f32>, M: TensorCollection<f32, D>>(
        layer: &M,
        name: &str,
        kind: String,
        output: String,
    ) -> Self {
        let mut row = Row::weightless(name, kind, output);
        for parameter in named_parameters::<f32, D, M>(layer) {
            if parameter.trainable {
                row.trainable += parameter.count();
            } else {
                row.non_trainable += parameter.count();
            }
        }
        row
    }
}

// ANCHOR: describe
/// A part of a model that the summary can list, for an input of type `X`.
pub trait Describe<X> {
    /// What the part outputs for an `X`: for a layer, dfdx's own `Module::Output`, which the
    /// compiler works out from the types. Nothing is run.
    type Output;

    /// Appends the part's rows; `name` is its path in the model (`""` for the whole model).
    fn describe(&self, name: &str, rows: &mut Vec<Row>);
}

impl<X, const I: usize, const O: usize, D: Device<f32>> Describe<X>
    for modules::Linear<I, O, f32, D>
where
    Self: Module<X>,
    <Self as Module<X>>::Output: ShapeText,
{
    type Output = <Self as Module<X>>::Output;

    fn describe(&self, name: &str, rows: &mut Vec<Row>) {
        let kind = format!("Linear({I} → {O})");
        rows.push(Row::with_weights(self, name, kind, Self::Output::text()));
    }
}

impl<X> Describe<X> for ReLU
where
    ReLU: Module<X>,
    <ReLU as Module<X>>::Output: ShapeText,
{
    type Output = <ReLU as Module<X>>::Output;

    fn describe(&self, name: &str, rows: &mut Vec<Row>) {
        rows.push(Row::weightless(name, "ReLU", Self::Output::text()));
    }
}
// ANCHOR_END: describe

impl<X, const C: usize, D: Device<f32>> Describe<X> for modules::BatchNorm1D<C, f32, D>
where
    Self: Module<X>,
    <Self as Module<X>>::Output: ShapeText,
{
    type Output = <Self as Module<X>>::Output;

    fn describe(&self, name: &str, rows: &mut Vec<Row>) {
        let kind = format!("BatchNorm1D({C})");
        rows.push(Row::with_weights(self, name, kind, Self::Output::text()));
    }
}

// ANCHOR: residual
/// `Residual<F>` computes `F(x) + x`: the rows of `F`, then the addition, which points back at
/// the row whose output `x` is.
impl<X: ShapeText, F: Describe<X, Output = X>> Describe<X> for Residual<F>
where
    Residual<F>: Module<X, Output = X>,
{
    type Output = X;

    fn describe(&self, name: &str, rows: &mut Vec<Row>) {
        let skip_starts_at = rows.len() - 1; // the row before the block: its input
        self.0.describe(&child(name, 0), rows);
        let mut add = Row::weightless(name, "add", X::text());
        add.adds = Some(skip_starts_at);
        rows.push(add);
    }
}
// ANCHOR_END: residual

// ANCHOR: tuples
/// A tuple runs its elements in order, so each one's input type is the previous one's output
/// type: the compiler chains the shapes exactly as it checks them for `forward`.
impl<X, A: Describe<X>, B: Describe<A::Output>> Describe<X> for (A, B) {
    type Output = B::Output;

    fn describe(&self, name: &str, rows: &mut Vec<Row>) {
        self.0.describe(&child(name, 0), rows);
        self.1.describe(&child(name, 1), rows);
    }
}
// ANCHOR_END: tuples

impl<X, A: Describe<X>, B: Describe<A::Output>, C: Describe<B::Output>> Describe<X> for (A, B, C) {
    type Output = C::Output;

    fn describe(&self, name: &str, rows: &mut Vec<Row>) {
        self.0.describe(&child(name, 0), rows);
        self.1.describe(&child(name, 1), rows);
        self.2.describe(&child(name, 2), rows);
    }
}

impl<X, A, B, C, D> Describe<X> for (A, B, C, D)
where
    A: Describe<X>,
    B: Describe<A::Output>,
    C: Describe<B::Output>,
    D: Describe<C::Output>,
{
    type Output = D::Output;

    fn describe(&self, name: &str, rows: &mut Vec<Row>) {
        self.0.describe(&child(name, 0), rows);
        self.1.describe(&child(name, 1), rows);
        self.2.describe(&child(name, 2), rows);
        self.3.describe(&child(name, 3), rows);
    }
}

impl<X, A, B, C, D, F> Describe<X> for (A, B, C, D, F)
where
    A: Describe<X>,
    B: Describe<A::Output>,
    C: Describe<B::Output>,
    D: Describe<C::Output>,
    F: Describe<D::Output>,
{
    type Output = F::Output;

    fn describe(&self, name: &str, rows: &mut Vec<Row>) {
        self.0.describe(&child(name, 0), rows);
        self.1.describe(&child(name, 1), rows);
        self.2.describe(&child(name, 2), rows);
        self.3.describe(&child(name, 3), rows);
        self.4.describe(&child(name, 4), rows);
    }
}

/// The path of element `index` of the part at `name`, joined with a dot as dfdx joins the
/// names of the tensors it saves.
fn child(name: &str, index: usize) -> String {
    if name.is_empty() {
        index.to_string()
    } else {
        format!("{name}.{index}")
    }
}

// ANCHOR: summary
/// The summary of `model` for inputs of type `X`: a row for the input, then the model's rows.
pub fn summary<X: ShapeText, M: Describe<X>>(model: &M) -> Vec<Row> {
    let mut rows = vec![Row::weightless("input", "", X::text())];
    model.describe("", &mut rows);
    rows
}
// ANCHOR_END: summary

// ANCHOR: shape_text
/// A tensor type's shape, written out from the type alone: `(batch, 64)` for a tensor of
/// shape `(usize, Const<64>)`.
pub trait ShapeText {
    /// The shape, each axis a number or `batch`.
    fn text() -> String;
}

/// An axis of a shape: `Const<N>` is known at compile time, a `usize` only at run time.
pub trait AxisText: Dim {
    /// `N` for `Const<N>`; `batch` for `usize`, the one axis these models leave to run time.
    fn text() -> String;
}

impl<const N: usize> AxisText for Const<N> {
    fn text() -> String {
        N.to_string()
    }
}

impl AxisText for usize {
    fn text() -> String {
        "batch".to_string()
    }
}
// ANCHOR_END: shape_text

impl<A: AxisText, E: Dtype, D: Storage<E>, T> ShapeText for Tensor<(A,), E, D, T> {
    fn text() -> String {
        format!("({},)", A::text())
    }
}

impl<A: AxisText, B: AxisText, E: Dtype, D: Storage<E>, T> ShapeText for Tensor<(A, B), E, D, T> {
    fn text() -> String {
        format!("({}, {})", A::text(), B::text())
    }
}

impl<A: AxisText, B: AxisText, C: AxisText, E: Dtype, D: Storage<E>, T> ShapeText
    for Tensor<(A, B, C), E, D, T>
{
    fn text() -> String {
        format!("({}, {}, {})", A::text(), B::text(), C::text())
    }
}

/// The totals under the table: every number the model holds, and how many of them are
/// trained. Keras prints the same three lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Numbers the optimizer trains.
    pub trainable: usize,
    /// Numbers the model keeps but does not train.
    pub non_trainable: usize,
}

impl Totals {
    /// The totals of the rows.
    pub fn of(rows: &[Row]) -> Self {
        Totals {
            trainable: rows.iter().map(|row| row.trainable).sum(),
            non_trainable: rows.iter().map(|row| row.non_trainable).sum(),
        }
    }

    /// Every number.
    pub fn all(&self) -> usize {
        self.trainable + self.non_trainable
    }
}

/// The total count of `parameters`, trainable or not: what the rows must add up to.
pub fn count_all<E>(parameters: &[NamedParameter<E>]) -> usize {
    parameters.iter().map(NamedParameter::count).sum()
}
