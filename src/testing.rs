//! Helpers for unit tests.

/// A repeatable generator of cases (xorshift64): `roll(n)` is a number below `n`, the same
/// sequence for the same seed on every machine, so a failing case is found again by its
/// number.
pub(crate) fn rolls(mut seed: u64) -> impl FnMut(u64) -> u64 {
    move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    }
}
