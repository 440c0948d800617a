//! The lesson's output and figure are what the book shows: any change to either fails a test.
//! The other tests check what the snapshot cannot: that the shapes read from the types are the
//! shapes a forward pass produces, and that the summary accounts for every tensor.

use dfdx::prelude::*;
use kit::inspect::named_parameters;
use t09_inspect_a_model::summary::{summary, Row, Totals};
use t09_inspect_a_model::{header_entries, walkthrough, Input, Mlp, SkipNet, SEED};

#[test]
fn output_and_figure() {
    let (text, figures) = kit::capture_with_figures(walkthrough);
    insta::assert_snapshot!("output", text);
    kit::figures::assert_committed(env!("CARGO_MANIFEST_DIR"), &figures);
}

/// `(batch, 64)` for a batch of shape `[1, 64]`.
fn as_text([_, features]: [usize; 2]) -> String {
    format!("(batch, {features})")
}

/// The output shapes the summary reads from the types are those of a forward pass, layer by
/// layer, on a zero batch of one: what torchinfo would find by running the model.
#[test]
fn the_shapes_from_the_types_are_the_shapes_of_a_forward_pass() {
    let dev = AutoDevice::seed_from_u64(SEED);
    let mlp = dev.build_module::<Mlp, f32>();
    let x: Input = dev.zeros_like(&(1, Const));
    let h0 = mlp.0 .0.forward(x.clone());
    let h1 = mlp.0 .1.forward(h0.clone());
    let h2 = mlp.1 .0.forward(h1.clone());
    let h3 = mlp.1 .1.forward(h2.clone());
    let h4 = mlp.2.forward(h3.clone());
    let ran: Vec<String> = [
        x.shape().concrete(),
        h0.shape().concrete(),
        h1.shape().concrete(),
        h2.shape().concrete(),
        h3.shape().concrete(),
        h4.shape().concrete(),
    ]
    .map(as_text)
    .into();
    let read: Vec<String> = summary::<Input, _>(&mlp)
        .into_iter()
        .map(|row| row.output)
        .collect();
    assert_eq!(read, ran);

    let skip_net = dev.build_module::<SkipNet, f32>();
    let h0 = skip_net.0.forward(x.clone());
    let h1 = skip_net.1.forward(h0.clone());
    let h2 = skip_net.2.forward(h1.clone());
    let h30 = skip_net.3 .0 .0.forward(h2.clone());
    let h31 = skip_net.3 .0 .1.forward(h30.clone());
    let h3 = skip_net.3.forward(h2.clone());
    let h4 = skip_net.4.forward(h3.clone());
    let ran: Vec<String> = [
        x.shape().concrete(),
        h0.shape().concrete(),
        h1.shape().concrete(),
        h2.shape().concrete(),
        h30.shape().concrete(),
        h31.shape().concrete(),
        h3.shape().concrete(),
        h4.shape().concrete(),
    ]
    .map(as_text)
    .into();
    let read: Vec<String> = summary::<Input, _>(&skip_net)
        .into_iter()
        .map(|row| row.output)
        .collect();
    assert_eq!(read, ran);
}

/// Every tensor of each model belongs to exactly one row (its name is the row's name, a dot,
/// and one more part), the rows' counts add up to the tensors' and to `num_trainable_params`,
/// and the file holds those tensors plus BatchNorm1D's two settings.
#[test]
fn the_summary_accounts_for_every_tensor() {
    let dev = AutoDevice::seed_from_u64(SEED);
    let mlp = dev.build_module::<Mlp, f32>();
    let skip_net = dev.build_module::<SkipNet, f32>();
    let check = |rows: &[Row], parameters: &[kit::inspect::NamedParameter<f32>], trainable| {
        for parameter in parameters {
            let owners: Vec<&str> = rows
                .iter()
                .filter(|row| {
                    parameter
                        .name
                        .strip_prefix(&format!("{}.", row.name))
                        .is_some_and(|rest| !rest.contains('.'))
                })
                .map(|row| row.name.as_str())
                .collect();
            assert_eq!(owners.len(), 1, "{} belongs to {owners:?}", parameter.name);
        }
        let totals = Totals::of(rows);
        let all: usize = parameters.iter().map(|p| p.count()).sum();
        assert_eq!(totals.all(), all);
        assert_eq!(totals.trainable, trainable);
    };
    check(
        &summary::<Input, _>(&mlp),
        &named_parameters(&mlp),
        mlp.num_trainable_params(),
    );
    let rows = summary::<Input, _>(&skip_net);
    check(
        &rows,
        &named_parameters(&skip_net),
        skip_net.num_trainable_params(),
    );
    assert_eq!(Totals::of(&rows).non_trainable, 128);

    let dir = kit::scratch::ScratchDir::new("t09-test").unwrap();
    let path = dir.join("skip-net.safetensors");
    skip_net.save_safetensors(&path).unwrap();
    let (_, entries) = header_entries(&std::fs::read(&path).unwrap()).unwrap();
    let mut in_file: Vec<String> = entries.into_iter().map(|e| e.name).collect();
    let mut expected: Vec<String> = named_parameters(&skip_net)
        .into_iter()
        .map(|p| p.name)
        .chain(["1.epsilon".to_string(), "1.momentum".to_string()])
        .collect();
    in_file.sort();
    expected.sort();
    assert_eq!(in_file, expected);
}

/// The figure is the same bytes on every call.
#[test]
fn the_figure_is_deterministic() {
    let first = kit::capture_with_figures(walkthrough).1;
    let second = kit::capture_with_figures(walkthrough).1;
    let bytes = |f: &kit::figures::Figures| -> Vec<Vec<u8>> {
        f.iter().map(|figure| figure.bytes.clone()).collect()
    };
    assert_eq!(bytes(&first), bytes(&second));
    for figure in first.iter() {
        assert!(figure.bytes.len() < 300_000, "{} is too large", figure.name);
    }
}
