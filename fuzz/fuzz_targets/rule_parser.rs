//! Arbitrary text through the rule parser, the type checker and the printer (round trip).
//! The body is `thutuc::fuzzing::rule`, which the regression tests also replay.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| thutuc::fuzzing::rule(data));
