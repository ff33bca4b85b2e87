//! Arbitrary bytes as a procedure file through the real catalogue loading path (default limits).
//! The body is `thutuc::fuzzing::load_procedure`, which the regression tests also replay.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| thutuc::fuzzing::load_procedure(data));
