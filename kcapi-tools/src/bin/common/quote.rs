//! File names the way GNU coreutils (9.1) prints them.
//!
//! * In digest lines a name containing a backslash or a newline is written with `\\` and `\n`
//!   and the whole line starts with a backslash ([`escape_name`]).
//! * In diagnostics a name is shell-quoted only when needed, `$'\n'` style for control
//!   characters, colons quoted too ([`quotef`], coreutils' `quotef`).

/// Whether a digest line for `name` needs coreutils' escaping.
pub fn needs_escape(name: &[u8]) -> bool {
    name.iter().any(|&c| c == b'\\' || c == b'\n')
}

/// `name` with `\` → `\\` and newline → `\n`.
pub fn escape_name(name: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len() + 2);
    for &c in name {
        match c {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// Reverse of [`escape_name`]; `None` for any other backslash sequence.
pub fn unescape_name(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\' {
            match s.get(i + 1) {
                Some(b'\\') => out.push(b'\\'),
                Some(b'n') => out.push(b'\n'),
                _ => return None,
            }
            i += 2;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    Some(out)
}

fn utf8_locale() -> bool {
    for v in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Some(s) = std::env::var_os(v) {
            if s.is_empty() {
                continue;
            }
            let s = s.to_string_lossy().to_ascii_lowercase();
            return s.contains("utf-8") || s.contains("utf8");
        }
    }
    false
}

/// Split `s` into printable units (ASCII printable bytes, or whole UTF-8 characters in a
/// UTF-8 locale) and single non-printable bytes.
fn units(s: &[u8]) -> Vec<(&[u8], bool)> {
    let utf8 = utf8_locale();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if (0x20..0x7f).contains(&c) {
            out.push((&s[i..i + 1], true));
            i += 1;
            continue;
        }
        if utf8 && c >= 0xc2 {
            let len = match c {
                0xc2..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf4 => 4,
                _ => 1,
            };
            if let Some(chunk) = s.get(i..i + len) {
                if let Ok(st) = std::str::from_utf8(chunk) {
                    if st.chars().all(|ch| !ch.is_control()) {
                        out.push((chunk, true));
                        i += len;
                        continue;
                    }
                }
            }
        }
        out.push((&s[i..i + 1], false));
        i += 1;
    }
    out
}

/// coreutils' `quotef`: the name as is when the shell would read it back unchanged,
/// otherwise in single (or, when it holds a single quote and nothing else special, double)
/// quotes, control characters as `'$'\n''`.
pub fn quotef(s: &[u8]) -> String {
    if s.is_empty() {
        return "''".into();
    }
    let u = units(s);
    let mut plain = true;
    let mut dq_ok = true;
    for (k, (b, printable)) in u.iter().enumerate() {
        if !printable {
            plain = false;
            dq_ok = false;
            continue;
        }
        if b.len() > 1 {
            continue;
        }
        match b[0] {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'%' | b'+' | b',' | b'-' | b'.' | b'/' | b'_' | b']' | b'@' => {}
            b'#' | b'~' if k != 0 => {}
            b'{' | b'}' if s.len() != 1 => {}
            b' ' | b'#' | b'~' | b'{' | b'}' => plain = false,
            b'\'' => plain = false,
            _ => {
                plain = false;
                dq_ok = false;
            }
        }
    }
    if plain {
        return String::from_utf8_lossy(s).into_owned();
    }
    if dq_ok && s.contains(&b'\'') {
        return format!("\"{}\"", String::from_utf8_lossy(s));
    }
    let mut out = String::from("'");
    let mut in_escape = false;
    for (b, printable) in u {
        if printable {
            if in_escape {
                out.push_str("''");
                in_escape = false;
            }
            if b == b"'" {
                out.push_str("'\\''");
            } else {
                out.push_str(&String::from_utf8_lossy(b));
            }
        } else {
            if !in_escape {
                out.push_str("'$'");
                in_escape = true;
            }
            let c = b[0];
            match c {
                7 => out.push_str("\\a"),
                8 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                0x0b => out.push_str("\\v"),
                _ => out.push_str(&format!("\\{c:03o}")),
            }
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coreutils_quoting() {
        assert_eq!(quotef(b"nonexist"), "nonexist");
        assert_eq!(quotef(b"a:b"), "'a:b'");
        assert_eq!(quotef(b"x y"), "'x y'");
        assert_eq!(quotef(b"n\nl"), "'n'$'\\n''l'");
        assert_eq!(quotef(b"it's"), "\"it's\"");
        assert_eq!(quotef(b"tab\tx"), "'tab'$'\\t''x'");
        assert_eq!(quotef(b"a\\b"), "'a\\b'");
        assert_eq!(quotef(b"back\\slash"), "'back\\slash'");
    }

    #[test]
    fn escaping_round_trip() {
        let n = b"both\\\n";
        assert!(needs_escape(n));
        assert_eq!(escape_name(n), b"both\\\\\\n");
        assert_eq!(unescape_name(&escape_name(n)).unwrap(), n);
        assert_eq!(unescape_name(b"a\\x"), None);
    }
}
