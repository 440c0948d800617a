//! The lesson's output and figures are what the book shows: any change to them fails this test.
//! The other checks say which numbers would be wrong, not only different.

use dfdx::optim::Momentum;
use t15_optimizers::{
    contenders, lesson, network_lineup, sweep, write_contenders, Choice, Findings, Run,
    SweepSummary, BOWL, PATH_STEPS, START,
};

/// The snapshot and the figures, then what the chapter says of the numbers they show: the
/// walkthrough trains five networks, so it runs once and returns what it measured.
#[test]
fn output() {
    let mut findings = None;
    let (text, figures) = kit::capture_with_figures(|out, figures| {
        findings = Some(lesson(out, figures)?);
        Ok(())
    });
    insta::assert_snapshot!("output", text);
    kit::figures::assert_committed(env!("CARGO_MANIFEST_DIR"), &figures);
    let Findings { runs, sweeps } = findings.expect("the walkthrough ran");
    on_the_network_adam_and_momentum_beat_plain_sgd(&runs);
    on_the_bowl_adam_never_diverges(&sweeps);
}

/// What the chapter says of the five runs on the network.
fn on_the_network_adam_and_momentum_beat_plain_sgd(runs: &[Run]) {
    let lineup = network_lineup();
    let start = runs[0].curve[0].1;
    let at = |run: usize, step: usize| {
        runs[run]
            .curve
            .iter()
            .find(|&&(s, _)| s == step)
            .expect("a measured step")
            .1
    };
    let end = |run: usize| runs[run].curve.last().expect("measured").1;
    for ((name, _), run) in lineup.iter().zip(runs) {
        assert_eq!(
            run.curve[0].1, start,
            "{name}: not the same initial weights"
        );
        let end = run.curve.last().expect("measured").1;
        assert!(end < 0.75 * start, "{name} did not lower the loss");
    }
    let [sgd, momentum, adam, rmsprop, tenfold] = [0, 1, 2, 3, 4];
    assert!(end(adam) < end(sgd), "Adam did not end below plain SGD");
    assert!(
        end(momentum) < end(sgd),
        "momentum did not end below plain SGD"
    );
    assert!(end(sgd) > 1.0, "plain SGD at 0.01 is not far behind");
    for fast in [momentum, adam, rmsprop] {
        assert!(
            end(fast) < 0.5,
            "{} ended at {}",
            contenders()[fast].name,
            end(fast)
        );
    }
    // RMSprop's average of squared gradients starts at 1: for its first tens of steps it is
    // SGD with a rate near 0.001, and it is still near the start where Adam is well on its way.
    assert!(at(rmsprop, 50) > 2.2 && at(adam, 50) < 1.2);
    assert!(at(rmsprop, 50) > at(sgd, 50) - 0.1);
    // Momentum 0.9 at 0.01 behaves here like plain SGD at ten times the rate.
    assert_eq!(lineup[tenfold].1.lr(), 0.1);
    for step in [150, 200, 250] {
        let gap = (at(tenfold, step) - at(momentum, step)).abs();
        assert!(gap <= 0.01, "step {step}: {gap}");
    }
    assert!(
        at(momentum, 50) > at(tenfold, 50) + 0.2,
        "momentum does not lag at first"
    );
}

/// The configs printed are those the optimizers are built with, with dfdx's defaults filled in.
#[test]
fn the_printed_configs_are_the_builders() {
    let text = kit::capture(write_contenders);
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let printed = words(&text);
    for contender in contenders() {
        let code = words(&contender.choice.code());
        assert!(printed.contains(&code), "{code} is not printed");
    }
    let [sgd, momentum, adam, rmsprop] = contenders().map(|c| c.choice);
    let Choice::Sgd(sgd) = sgd else { panic!("SGD") };
    assert_eq!(sgd.lr, 0.01);
    assert!(sgd.momentum.is_none() && sgd.weight_decay.is_none());
    let Choice::Sgd(momentum) = momentum else {
        panic!("SGD + momentum")
    };
    assert_eq!(momentum.lr, 0.01);
    assert!(matches!(momentum.momentum, Some(Momentum::Classic(m)) if m == 0.9));
    let Choice::Adam(adam) = adam else {
        panic!("Adam")
    };
    assert_eq!((adam.lr, adam.betas, adam.eps), (0.001, [0.9, 0.999], 1e-8));
    assert!(adam.weight_decay.is_none());
    let Choice::RMSprop(rmsprop) = rmsprop else {
        panic!("RMSprop")
    };
    assert_eq!((rmsprop.lr, rmsprop.alpha, rmsprop.eps), (0.001, 0.9, 1e-8));
    assert!(rmsprop.momentum.is_none() && !rmsprop.centered && rmsprop.weight_decay.is_none());
    assert!(printed.contains(
        "RMSprop::new(&model, RMSpropConfig { lr: 0.001, alpha: 0.9, eps: 1e-8, momentum: None, \
         centered: false, weight_decay: None })"
    ));
}

/// Adam and RMSprop never end above the start, up to a rate of 1, and each optimizer ends well
/// below it at its best rate.
fn on_the_bowl_adam_never_diverges(sweeps: &[SweepSummary]) {
    assert!(sweeps[2].diverges_from.is_none() && sweeps[3].diverges_from.is_none());
    for sweep in sweeps {
        assert!(sweep.best_loss < 0.2, "{sweep:?}");
    }
}

/// SGD on a bowl of curvature 50 converges for rates below 2/50 = 0.04 and diverges above;
/// with momentum 0.9 the limit is 2·(1 + 0.9)/50 = 0.076.
#[test]
fn on_the_bowl_sgd_diverges_past_its_limit() {
    let start = BOWL.value(START);
    let [sgd, momentum, ..] = contenders().map(|c| c.choice);
    let losses = sweep(sgd, &BOWL, START, &[0.039, 0.041], PATH_STEPS);
    assert!(
        losses[0] < start && (losses[1].is_nan() || losses[1] > start),
        "{losses:?}"
    );
    let losses = sweep(momentum, &BOWL, START, &[0.074, 0.078], PATH_STEPS);
    assert!(
        losses[0] < start && (losses[1].is_nan() || losses[1] > start),
        "{losses:?}"
    );
}
