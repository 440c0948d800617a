//! Answers that compile and look right but are wrong: the checks must reject every one, each for
//! the reason named. (Spoilers: these are near-solutions.)

mod checks;

use checks::{Dense1, Dense2, Dev};
use datasets::{CLASSES, PIXELS};
use dfdx::nn::modules;
use dfdx::prelude::*;
use t04_keras_model::HIDDEN;

/// Two layers under other names: a struct for the wrong `TensorCollection`s below, whose forward
/// pass the `tensor_collection` check never calls.
macro_rules! two_layers {
    ($name:ident) => {
        #[derive(Clone)]
        struct $name<E: Dtype, D: Device<E>> {
            dense1: modules::Linear<PIXELS, HIDDEN, E, D>,
            dense2: modules::Linear<HIDDEN, CLASSES, E, D>,
        }
    };
}

fn layers_of<M>(get: fn(&M) -> (&Dense1, &Dense2)) -> impl Fn(&M) -> (Dense1, Dense2) {
    move |model| {
        let (dense1, dense2) = get(model);
        (dense1.clone(), dense2.clone())
    }
}

two_layers!(ExampleNames);

/// dfdx's `07-custom-module` example copied as it is: the fields visited as `l1` and `l2`.
/// Everything works except saving under the fields' names.
impl<D: Device<f32>> TensorCollection<f32, D> for ExampleNames<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = ExampleNames<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("l1", |s| &s.dense1, |s| &mut s.dense1),
                Self::module("l2", |s| &s.dense2, |s| &mut s.dense2),
            ),
            |(dense1, dense2)| ExampleNames { dense1, dense2 },
        )
    }
}

#[test]
#[should_panic(
    expected = "expected the tensors' names, in visiting order = [\"dense1.weight\", \"dense1.bias\", \"dense2.weight\", \"dense2.bias\"], got [\"l1.weight\""
)]
fn tensor_collection_rejects_the_names_of_dfdx_s_example() {
    checks::tensor_collection(layers_of(|m: &ExampleNames<f32, Dev>| {
        (&m.dense1, &m.dense2)
    }));
}

two_layers!(Reversed);

/// The right names, listed output layer first: a seeded build then draws dense2's weights
/// before dense1's.
impl<D: Device<f32>> TensorCollection<f32, D> for Reversed<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = Reversed<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("dense2", |s| &s.dense2, |s| &mut s.dense2),
                Self::module("dense1", |s| &s.dense1, |s| &mut s.dense1),
            ),
            |(dense2, dense1)| Reversed { dense1, dense2 },
        )
    }
}

#[test]
#[should_panic(expected = "`tensor_collection` is wrong for a build on a device seeded with 3")]
fn tensor_collection_rejects_the_fields_in_reverse_order() {
    checks::tensor_collection(layers_of(|m: &Reversed<f32, Dev>| (&m.dense1, &m.dense2)));
}

two_layers!(OneNameTwice);

/// A copy-and-paste slip: the second field keeps the first one's name, so a saved file holds
/// one of them under `dense1` and loses the other.
impl<D: Device<f32>> TensorCollection<f32, D> for OneNameTwice<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = OneNameTwice<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("dense1", |s| &s.dense1, |s| &mut s.dense1),
                Self::module("dense1", |s| &s.dense2, |s| &mut s.dense2),
            ),
            |(dense1, dense2)| OneNameTwice { dense1, dense2 },
        )
    }
}

#[test]
#[should_panic(
    expected = "got [\"dense1.weight\", \"dense1.bias\", \"dense1.weight\", \"dense1.bias\"]"
)]
fn tensor_collection_rejects_one_name_twice() {
    checks::tensor_collection(layers_of(|m: &OneNameTwice<f32, Dev>| {
        (&m.dense1, &m.dense2)
    }));
}

/// How each wrong forward pass below goes wrong.
#[derive(Clone, Copy)]
enum Mistake {
    /// dense2(dense1(x)): the ReLU forgotten, so the model is one linear map.
    ForgetsTheRelu,
    /// relu(dense2(relu(dense1(x)))): a ReLU after the output layer too, so no logit is negative.
    ReluOnTheLogits,
    /// The same logits for every image: the pixels multiplied by zero, the biases passed on.
    IgnoresThePixels,
}

/// The two layers with a wrong forward pass; its `TensorCollection` is right, so that only the
/// forward pass is wrong.
#[derive(Clone)]
struct WrongForward<E: Dtype, D: Device<E>> {
    dense1: modules::Linear<PIXELS, HIDDEN, E, D>,
    dense2: modules::Linear<HIDDEN, CLASSES, E, D>,
    mistake: Mistake,
}

impl<D: Device<f32>> TensorCollection<f32, D> for WrongForward<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = WrongForward<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("dense1", |s| &s.dense1, |s| &mut s.dense1),
                Self::module("dense2", |s| &s.dense2, |s| &mut s.dense2),
            ),
            |(dense1, dense2)| WrongForward {
                dense1,
                dense2,
                mistake: Mistake::ForgetsTheRelu,
            },
        )
    }
}

impl<B: Dim, D: Device<f32>, T: Tape<f32, D>> Module<Tensor<(B, Const<PIXELS>), f32, D, T>>
    for WrongForward<f32, D>
{
    type Output = Tensor<(B, Const<CLASSES>), f32, D, T>;
    type Error = D::Err;

    fn try_forward(
        &self,
        x: Tensor<(B, Const<PIXELS>), f32, D, T>,
    ) -> Result<Self::Output, D::Err> {
        match self.mistake {
            Mistake::ForgetsTheRelu => {
                let hidden = self.dense1.try_forward(x)?;
                self.dense2.try_forward(hidden)
            }
            Mistake::ReluOnTheLogits => {
                let hidden = self.dense1.try_forward(x)?.try_relu()?;
                self.dense2.try_forward(hidden)?.try_relu()
            }
            Mistake::IgnoresThePixels => {
                let hidden = self.dense1.try_forward(x * 0.0)?.try_relu()?;
                self.dense2.try_forward(hidden)
            }
        }
    }
}

impl<E: Dtype, D: Device<E>> NonMutableModule for WrongForward<E, D> {}

fn with(mistake: Mistake) -> impl Fn(Dense1, Dense2) -> WrongForward<f32, Dev> {
    move |dense1, dense2| WrongForward {
        dense1,
        dense2,
        mistake,
    }
}

#[test]
#[should_panic(expected = "`forward` is wrong for the first 8 test digits")]
fn forward_rejects_a_forgotten_relu() {
    checks::forward(with(Mistake::ForgetsTheRelu));
}

#[test]
#[should_panic(expected = "`forward` is wrong for the first 8 test digits")]
fn forward_rejects_a_relu_on_the_logits() {
    checks::forward(with(Mistake::ReluOnTheLogits));
}

#[test]
#[should_panic(expected = "`forward` is wrong for the first 8 test digits")]
fn forward_rejects_logits_that_ignore_the_pixels() {
    checks::forward(with(Mistake::IgnoresThePixels));
}
