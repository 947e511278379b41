//! Masking of citizens' personal data for display: shown masked until the handler needs it.

/// `13843412345` → `138****2345`; short numbers keep only their last two digits.
pub fn phone(p: &str) -> String {
    let chars: Vec<char> = p.chars().collect();
    if chars.len() >= 7 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else if chars.len() > 2 {
        format!("{}{}", "*".repeat(chars.len() - 2), chars[chars.len() - 2..].iter().collect::<String>())
    } else {
        "*".repeat(chars.len())
    }
}

/// `张三丰` → `张**`; a name already reduced to a surname and 先生/女士 stays as it is.
pub fn name(n: &str) -> String {
    if n.ends_with("先生") || n.ends_with("女士") {
        return n.to_string();
    }
    let mut chars = n.chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count())),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_mobile_number_shows_its_first_three_and_last_four_digits() {
        assert_eq!(super::phone("13843412345"), "138****2345");
    }

    #[test]
    fn a_short_number_shows_only_its_last_two_digits() {
        assert_eq!(super::phone("12345"), "***45");
        assert_eq!(super::phone("12"), "**");
    }

    #[test]
    fn a_full_name_keeps_only_its_surname() {
        assert_eq!(super::name("张三丰"), "张**");
        assert_eq!(super::name("关先生"), "关先生");
        assert_eq!(super::name(""), "");
    }
}
