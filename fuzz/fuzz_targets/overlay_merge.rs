//! Arbitrary bytes as a province overlay, checked against and merged into the bundled catalogue.
//! The body is `thutuc::fuzzing::overlay`, which the regression tests also replay.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| thutuc::fuzzing::overlay(data));
