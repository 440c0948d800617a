//! Records, at build time, the exact versions Cargo resolved for the workspace's crates (read from
//! `Cargo.lock`), so that a lesson prints the dfdx it was really linked against: see
//! `kit::install::linked_version`.

fn main() -> std::io::Result<()> {
    println!("cargo::rerun-if-changed=../Cargo.lock");
    built::write_built_file()
}
