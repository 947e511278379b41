//! What "blank" means for the texts the API requires, defined once for the center, the desk
//! and the OpenAPI document (whose `pattern` says the same thing to clients).

/// A character that does not count as content: Unicode white space, and the four ASCII
/// separators (FS, GS, RS, US) that many regex engines also class as white space.
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The text without blank characters at either end.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_blank_char)
}

pub fn is_blank(s: &str) -> bool {
    trim(s).is_empty()
}

/// `c` as its half-width form: full-width ASCII (`１`, `Ｘ`, `－`…) and the ideographic space, as
/// a citizen's number or address may be typed; anything else as it is.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// JSON Schema `pattern` of a text that is not blank.
pub const NOT_BLANK: &str = r"\S";

/// JSON Schema `pattern` of an identifier without blanks at either end.
pub const NO_OUTER_BLANKS: &str = r"^\S([\s\S]*\S)?$";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_means_white_space_and_the_ascii_separators() {
        assert!(is_blank(" \t\u{3000}\u{1f}\n"));
        assert!(!is_blank(" 路灯 "));
        assert_eq!(trim("\u{1c} 路灯\u{a0}"), "路灯");
        assert!(!is_blank("\u{feff}"), "a zero-width no-break space is not white space");
    }
}
