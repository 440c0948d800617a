//! The lesson's output is the snapshot the book shows: any change to it fails this test.

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(p02_add_function::walkthrough));
}
