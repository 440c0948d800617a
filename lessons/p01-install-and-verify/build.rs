//! Records, at build time, the exact versions Cargo resolved for this crate's dependencies (read
//! from the workspace's `Cargo.lock`), so the lesson prints the dfdx it was really linked against.

fn main() -> std::io::Result<()> {
    println!("cargo::rerun-if-changed=../../Cargo.lock");
    built::write_built_file()
}
