//! Replays every input the fuzzers once crashed on (`fuzz/regressions/<target>/`) through the
//! same entry points the fuzz targets call, so a fixed crash stays fixed without nightly.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = e.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".gitkeep") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        // The default test thread stack (2 MiB) is what rayon's threads have when loading.
        let r = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || run(&data))
            .unwrap()
            .join();
        assert!(r.is_ok(), "{} panicked", path.display());
        n += 1;
    }
    n
}

#[test]
fn yaml_loader_regressions() {
    replay("yaml_loader", thutuc::fuzzing::load_procedure);
}

#[test]
fn rule_parser_regressions() {
    replay("rule_parser", thutuc::fuzzing::rule);
}

#[test]
fn overlay_merge_regressions() {
    replay("overlay_merge", thutuc::fuzzing::overlay);
}

#[test]
fn the_bundled_catalogue_is_a_clean_seed() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The bundled catalogue holds one small province overlay (Hải Phòng, only what its acts
    // say): the fuller overlays of the tests seed the overlay target.
    let dirs = [
        here.join("catalogue/procedures/cu-tru"),
        here.join("tests/fixtures/provinces"),
    ];
    for dir in dirs {
        let sub = if dir.ends_with("provinces") {
            "provinces"
        } else {
            "procedures"
        };
        for e in std::fs::read_dir(&dir).unwrap() {
            let data = std::fs::read(e.unwrap().path()).unwrap();
            if sub == "provinces" {
                thutuc::fuzzing::overlay(&data);
            } else {
                thutuc::fuzzing::load_procedure(&data);
            }
        }
    }
}
