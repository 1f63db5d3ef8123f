//! Deterministic pseudo-randomness for the model: the same seed and request
//! number always give the same latency, ids and flaky failures.

pub(super) const SALT_LATENCY: u64 = 1;
pub(super) const SALT_REQUEST_ID: u64 = 2;
pub(super) const SALT_MESSAGE_ID: u64 = 3;
const SALT_FLAKY: u64 = 4;
pub(super) const SALT_CF_RAY: u64 = 5;

/// splitmix64's output function: a tiny, good-enough mixer for a simulation.
pub(super) fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A pseudo-random number for (seed, n, purpose): order-independent and deterministic.
pub(super) fn draw(seed: u64, n: u64, salt: u64) -> u64 {
    splitmix64(seed ^ splitmix64(n.wrapping_mul(16).wrapping_add(salt)))
}

pub(super) fn alnum(seed: u64, n: u64, salt: u64, len: usize) -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut state = draw(seed, n, salt);
    (0..len)
        .map(|_| {
            state = splitmix64(state);
            CHARS[(state % CHARS.len() as u64) as usize] as char
        })
        .collect()
}

/// Flaky network: does request `index` (0-based) lose its connection? About
/// one in three; the first six always hold a failure between two successes so
/// a short walk-through shows the pattern.
pub(super) fn flaky_fails(seed: u64, index: u64) -> bool {
    let roll = |i: u64| draw(seed, i, SALT_FLAKY).is_multiple_of(3);
    if index >= 6 {
        return roll(index);
    }
    let mut first6 = [false; 6];
    for (i, slot) in first6.iter_mut().enumerate() {
        *slot = roll(i as u64);
    }
    let interleaved = (1..5)
        .any(|j| first6[j] && first6[..j].iter().any(|f| !f) && first6[j + 1..].iter().any(|f| !f));
    if !interleaved {
        first6[0] = false;
        first6[1] = true;
        first6[2] = false;
    }
    first6.get(index as usize).copied().unwrap_or(false)
}
