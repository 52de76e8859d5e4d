//! Writes `built.rs` into `OUT_DIR`: the resolved versions of galley's dependencies, read from
//! `Cargo.lock` by the `built` crate, which key the highlight cache.

fn main() {
    if let Err(e) = built::write_built_file() {
        // Without the file galley cannot compile; say why instead of a bare panic.
        eprintln!("cannot write built.rs: {e}");
        std::process::exit(1);
    }
}
