//! The one hash the stores use to turn a string they must not put in a path
//! (a file URL, an overlong host label) into a short, fixed file-name part.

/// FNV-1a, 64-bit: stable across Rust releases and platforms (unlike
/// `DefaultHasher`), so a key names the same file in every run. Not
/// cryptographic: callers that must not confuse two inputs with the same hash
/// keep the input in the entry and compare it (see `store::files`).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// [`fnv1a`] as 16 lowercase hex digits.
pub fn hex_key(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a(bytes))
}

/// Whether `name` is exactly what [`hex_key`] makes.
pub fn is_hex_key(name: &str) -> bool {
    name.len() == 16
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(hex_key(b"a"), "af63dc4c8601ec8c");
        assert!(is_hex_key(&hex_key(b"https://cdn.test/a.png")));
        assert!(!is_hex_key("AF63DC4C8601EC8C"));
        assert!(!is_hex_key("af63dc4c8601ec8"));
    }
}
