//! The phone code: nine characters a person reads aloud (`K7Q-M2R-9XA`) that
//! carry the result code, whether the run was simulated, and the start of the
//! token's fingerprint (its first 8 SHA-256 hex digits), never the token.
//!
//! 40 bits (result code 6, simulated 1, token present 1, fingerprint 32) in
//! Crockford base32 (no I, L, O, U: nothing to confuse aloud), then one check
//! character (a weighted sum in GF(32)) that catches any single wrong
//! character and any swap of two neighbours. The help-desk view decodes it.

use crate::secret::Fingerprint;
use crate::verdict::ResultCode;
use std::fmt;
use strum::VariantArray;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const DATA_CHARS: usize = 8;

/// What a phone code says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneCode {
    pub code: ResultCode,
    pub simulated: bool,
    /// The first 8 hex digits of the fingerprint's SHA-256; `None`: no token.
    pub sha8: Option<String>,
}

/// Why a typed phone code cannot be read (never quotes more than one character).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneCodeError {
    Length(usize),
    BadChar(char),
    Check,
    UnknownResult,
}

impl fmt::Display for PhoneCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneCodeError::Length(n) => write!(f, "A phone code has 9 letters and digits; this has {n}. Ask the caller to read it again."),
            PhoneCodeError::BadChar(c) if c.is_ascii_graphic() => write!(f, "'{c}' is never part of a phone code. Ask the caller to spell that group again."),
            PhoneCodeError::BadChar(_) => f.write_str("This holds a character that is never part of a phone code. Ask the caller to spell it again."),
            PhoneCodeError::Check => f.write_str("This code does not add up: a character was misheard or two were swapped. Ask the caller to read it again, group by group."),
            PhoneCodeError::UnknownResult => f.write_str("This code names a result this version of the page does not know. Ask for the share link instead."),
        }
    }
}

fn index_of(code: ResultCode) -> u64 {
    ResultCode::VARIANTS
        .iter()
        .position(|c| *c == code)
        .unwrap_or(0) as u64
}

/// Multiplication in GF(32) (x^5 + x^2 + 1): every weight is non-zero and
/// neighbours' weights differ, so one wrong digit or a swap always shows.
fn gf_mul(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0;
    while b > 0 {
        if b & 1 != 0 {
            p ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 32 != 0 {
            a ^= 0b10_0101;
        }
    }
    p
}

fn check(digits: &[u8]) -> u8 {
    let mut weight = 1;
    digits.iter().fold(0, |sum, d| {
        weight = gf_mul(weight, 2);
        sum ^ gf_mul(weight, *d)
    })
}

/// The code for a result and the fingerprint of the token it was about.
pub fn encode(code: ResultCode, simulated: bool, fingerprint: Option<&Fingerprint>) -> String {
    let sha = fingerprint
        .and_then(|f| f.sha256.get(..8))
        .and_then(|h| u32::from_str_radix(h, 16).ok());
    let value = (index_of(code) << 34)
        | (u64::from(simulated) << 33)
        | (u64::from(sha.is_some()) << 32)
        | u64::from(sha.unwrap_or(0));
    let mut digits: Vec<u8> = (0..DATA_CHARS)
        .rev()
        .map(|i| ((value >> (5 * i)) & 31) as u8)
        .collect();
    digits.push(check(&digits));
    let mut out = String::with_capacity(11);
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && i % 3 == 0 {
            out.push('-');
        }
        out.push(ALPHABET[usize::from(*d)] as char);
    }
    out
}

/// Reads a code as typed: any case, spaces, dashes or dots between groups;
/// O read as 0 and I or L as 1.
pub fn decode(text: &str) -> Result<PhoneCode, PhoneCodeError> {
    let mut digits = Vec::with_capacity(9);
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '-' | '.' | '\u{2010}'..='\u{2015}') {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        let d = ALPHABET
            .iter()
            .position(|a| *a as char == c)
            .ok_or(PhoneCodeError::BadChar(c))?;
        digits.push(d as u8);
        if digits.len() > 64 {
            break;
        }
    }
    if digits.len() != DATA_CHARS + 1 {
        return Err(PhoneCodeError::Length(digits.len()));
    }
    if check(&digits[..DATA_CHARS]) != digits[DATA_CHARS] {
        return Err(PhoneCodeError::Check);
    }
    let value = digits[..DATA_CHARS]
        .iter()
        .fold(0u64, |v, d| (v << 5) | u64::from(*d));
    let code = *ResultCode::VARIANTS
        .get((value >> 34) as usize)
        .ok_or(PhoneCodeError::UnknownResult)?;
    let has_token = value & (1 << 32) != 0;
    let sha = value & 0xffff_ffff;
    if !has_token && sha != 0 {
        return Err(PhoneCodeError::Check);
    }
    Ok(PhoneCode {
        code,
        simulated: value & (1 << 33) != 0,
        sha8: has_token.then(|| format!("{sha:08x}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(token: &str) -> Fingerprint {
        Fingerprint::of(token)
    }

    #[test]
    fn round_trips_every_code_with_and_without_a_token() {
        let f = fp("sk-ant-oat01-round-trip-token-abcdefghijklmnopqrstuvwxyz0123456789");
        for &code in ResultCode::VARIANTS {
            for simulated in [false, true] {
                for token in [None, Some(&f)] {
                    let text = encode(code, simulated, token);
                    assert_eq!(text.len(), 11, "{text}");
                    assert!(!text.contains(['I', 'L', 'O', 'U']), "{text}");
                    let back = decode(&text).unwrap();
                    assert_eq!(back.code, code);
                    assert_eq!(back.simulated, simulated);
                    assert_eq!(back.sha8.as_deref(), token.map(|t| &t.sha256[..8]));
                }
            }
        }
    }

    /// Support tools keep codes: positions in `ResultCode` never move.
    #[test]
    fn result_positions_are_stable() {
        assert_eq!(index_of(ResultCode::NotRun), 0);
        assert_eq!(index_of(ResultCode::AllOk), 1);
        assert_eq!(index_of(ResultCode::SessionRejected), 2);
        assert_eq!(index_of(ResultCode::ClientNotice), 36);
        assert!(ResultCode::VARIANTS.len() <= 64);
    }

    #[test]
    fn reads_what_a_person_types() {
        let f = fp("sk-ant-oat01-typed-by-hand-0000000000000000000000000000000000000000");
        let code = encode(ResultCode::SessionRejected, false, Some(&f));
        let spoken = code.to_lowercase().replace('-', " ");
        assert_eq!(decode(&spoken).unwrap().code, ResultCode::SessionRejected);
        let with_o = code.replace('0', "O").replace('1', "l");
        assert_eq!(decode(&with_o).unwrap(), decode(&code).unwrap());
    }

    #[test]
    fn a_misheard_or_swapped_character_is_caught() {
        let f = fp("sk-ant-oat01-misheard-000000000000000000000000000000000000000000000");
        let code: Vec<char> = encode(ResultCode::TokenExpired, true, Some(&f))
            .chars()
            .filter(|c| *c != '-')
            .collect();
        for i in 0..code.len() {
            for &a in ALPHABET.iter() {
                let mut wrong = code.clone();
                if wrong[i] == a as char {
                    continue;
                }
                wrong[i] = a as char;
                let text: String = wrong.iter().collect();
                assert!(decode(&text).is_err(), "{text} was accepted");
            }
            if i + 1 < code.len() && code[i] != code[i + 1] {
                let mut swapped = code.clone();
                swapped.swap(i, i + 1);
                let text: String = swapped.iter().collect();
                assert!(decode(&text).is_err(), "{text} was accepted");
            }
        }
    }

    #[test]
    fn bad_input_gets_a_message_never_a_panic() {
        for text in [
            "",
            "K7Q",
            "K7Q-M2R-9XA-K7Q",
            "UUU-UUU-UUU",
            "\u{202e}AAA-AAA-AAA",
            "ZZZ-ZZZ-ZZZ",
            "ääääääääääääää",
            &"9".repeat(10_000),
        ] {
            let e = decode(text).unwrap_err();
            assert!(!e.to_string().is_empty());
        }
        // 63 is past the last result: a well-formed code for an unknown result.
        let mut digits = vec![31u8, 31, 0, 0, 0, 0, 0, 0];
        digits.push(check(&digits));
        let text: String = digits
            .iter()
            .map(|d| ALPHABET[*d as usize] as char)
            .collect();
        assert_eq!(decode(&text), Err(PhoneCodeError::UnknownResult));
    }
}
