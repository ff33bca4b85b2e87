//! Rebuild when the bundled catalogue changes: it is compiled into the binary.
fn main() {
    println!("cargo:rerun-if-changed=catalogue");
    println!("cargo:rerun-if-changed=grammar");
}
