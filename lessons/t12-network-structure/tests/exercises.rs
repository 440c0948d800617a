//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t12`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use dfdx::prelude::*;
use t12_network_structure::exercises::DeeperNet;

#[test]
fn deeper_net_parameters() {
    checks::deeper_net_parameters(DeeperNet::<f32, AutoDevice>::build);
}

#[test]
fn deeper_net_forward() {
    checks::deeper_net_forward(|net, x| net.forward(x));
}
