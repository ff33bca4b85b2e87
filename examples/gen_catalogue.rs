//! Writes a synthetic, valid catalogue of N procedures (default 10,000) for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_catalogue -- OUT_DIR [N=10000] [--seed S] \
//!     [--field-count F] [--mutate PCT --mutate-seed S] [--force]
//! ```
//!
//! The same arguments always write the same bytes. `--mutate PCT` writes the same catalogue
//! with the fees, deadlines, documents and form fields of PCT% of the procedures changed
//! (which ones, and how, is decided by `--mutate-seed`): a second revision for diff benchmarks.

#[path = "common/gen.rs"]
mod generator;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, opts, force) = match generator::parse_args(&args) {
        Ok(v) => v,
        Err(e) => {
            eprintln!(
                "gen_catalogue: {e}\nusage: gen_catalogue {}",
                generator::USAGE
            );
            return ExitCode::from(2);
        }
    };
    let started = std::time::Instant::now();
    match generator::write_catalogue(&out, &opts, force) {
        Ok(s) => {
            println!(
                "wrote {} procedures in {} fields ({:.1} MB, {} mutated) to {} in {:.2} s",
                s.procedure_files.len(),
                opts.field_count,
                s.bytes as f64 / 1e6,
                s.mutated,
                out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_catalogue: {e}");
            ExitCode::from(2)
        }
    }
}
