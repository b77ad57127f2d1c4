//! GNU `getopt_long` semantics for the tools: short option clusters (`-vq`, `-cNAME`),
//! long options with `=` or a separate argument, unambiguous abbreviations of long options,
//! argument permutation (operands may come before options unless `POSIXLY_CORRECT` is set),
//! `--` ends the options. Diagnostics have glibc's wording, prefixed with `argv[0]`.

/// Whether an option takes an argument.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Arg {
    /// No argument.
    No,
    /// A mandatory argument.
    Required,
}

/// Ids from this value up stand for long options that a C tool declares with `val` 0 (told
/// apart by their index): glibc takes the first of several such options an abbreviation
/// matches (when they agree on the argument requirement) instead of calling it ambiguous.
pub const VAL0: i32 = 0x1000;

/// A long option: its name, whether it takes an argument, and the id reported for it.
#[derive(Clone, Copy, Debug)]
pub struct Long {
    /// Name without the leading `--`.
    pub name: &'static str,
    /// Argument requirement.
    pub arg: Arg,
    /// Id reported for the option (a short option's character, or a private code).
    pub id: i32,
}

/// One parsed item, in command-line order.
#[derive(Debug, PartialEq, Eq)]
pub enum Item {
    /// An option with its id and argument.
    Opt(i32, Option<Vec<u8>>),
    /// A parse error: the complete diagnostic line (without newline). Parsing stops here.
    Err(String),
}

/// The result of parsing: options in order (ending at the first error, if any) and operands.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Options (and possibly a final error).
    pub items: Vec<Item>,
    /// Non-option arguments, in order.
    pub operands: Vec<Vec<u8>>,
}

/// Short option specification: (character, takes an argument).
fn short_spec(spec: &str, c: u8) -> Option<Arg> {
    let b = spec.as_bytes();
    let pos = b.iter().position(|&x| x == c && x != b':')?;
    Some(if b.get(pos + 1) == Some(&b':') { Arg::Required } else { Arg::No })
}

/// Find a long option by exact name or unambiguous prefix.
fn find_long<'a>(longs: &'a [Long], name: &[u8]) -> Result<&'a Long, Vec<&'a Long>> {
    if let Some(l) = longs.iter().find(|l| l.name.as_bytes() == name) {
        return Ok(l);
    }
    let cands: Vec<&Long> = longs.iter().filter(|l| l.name.as_bytes().starts_with(name)).collect();
    match cands.len() {
        0 => Err(Vec::new()),
        1 => Ok(cands[0]),
        _ => {
            // Several prefixes that glibc cannot tell apart (same argument requirement and
            // value) are not ambiguous: the first one is taken.
            let first = cands[0];
            let same_val = |a: i32, b: i32| a == b || (a >= VAL0 && b >= VAL0);
            if cands.iter().all(|c| same_val(c.id, first.id) && c.arg == first.arg) {
                Ok(first)
            } else {
                Err(cands)
            }
        }
    }
}

/// Parse `args` (without `argv[0]`); `prog` is used in diagnostics.
pub fn parse(prog: &str, args: &[Vec<u8>], short: &str, longs: &[Long]) -> Parsed {
    let posix = std::env::var_os("POSIXLY_CORRECT").is_some();
    let mut out = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a.as_slice() == b"--" {
            out.operands.extend(args[i..].iter().cloned());
            return out;
        }
        if a.len() < 2 || a[0] != b'-' {
            out.operands.push(a.clone());
            if posix {
                out.operands.extend(args[i..].iter().cloned());
                return out;
            }
            continue;
        }
        if a.starts_with(b"--") {
            let body = &a[2..];
            let (name, inline) = match body.iter().position(|&c| c == b'=') {
                Some(p) => (&body[..p], Some(body[p + 1..].to_vec())),
                None => (body, None),
            };
            let shown = String::from_utf8_lossy(name);
            let l = match find_long(longs, name) {
                Ok(l) => l,
                Err(c) if c.is_empty() => {
                    out.items.push(Item::Err(format!("{prog}: unrecognized option '{}'", String::from_utf8_lossy(a))));
                    return out;
                }
                Err(c) => {
                    let list: Vec<String> = c.iter().map(|l| format!("'--{}'", l.name)).collect();
                    out.items.push(Item::Err(format!(
                        "{prog}: option '--{shown}' is ambiguous; possibilities: {}",
                        list.join(" ")
                    )));
                    return out;
                }
            };
            match (l.arg, inline) {
                (Arg::No, Some(_)) => {
                    out.items.push(Item::Err(format!("{prog}: option '--{}' doesn't allow an argument", l.name)));
                    return out;
                }
                (Arg::No, None) => out.items.push(Item::Opt(l.id, None)),
                (Arg::Required, Some(v)) => out.items.push(Item::Opt(l.id, Some(v))),
                (Arg::Required, None) => {
                    if i < args.len() {
                        out.items.push(Item::Opt(l.id, Some(args[i].clone())));
                        i += 1;
                    } else {
                        out.items.push(Item::Err(format!("{prog}: option '--{}' requires an argument", l.name)));
                        return out;
                    }
                }
            }
            continue;
        }
        // A cluster of short options.
        let mut j = 1;
        while j < a.len() {
            let c = a[j];
            j += 1;
            match short_spec(short, c) {
                None => {
                    out.items.push(Item::Err(format!("{prog}: invalid option -- '{}'", char::from(c))));
                    return out;
                }
                Some(Arg::No) => out.items.push(Item::Opt(i32::from(c), None)),
                Some(Arg::Required) => {
                    if j < a.len() {
                        out.items.push(Item::Opt(i32::from(c), Some(a[j..].to_vec())));
                    } else if i < args.len() {
                        out.items.push(Item::Opt(i32::from(c), Some(args[i].clone())));
                        i += 1;
                    } else {
                        out.items
                            .push(Item::Err(format!("{prog}: option requires an argument -- '{}'", char::from(c))));
                        return out;
                    }
                    break;
                }
            }
        }
    }
    out
}

/// Parse `argv` (with `argv[0]`) like libkcapi's tools do: on a parse error print the
/// diagnostic and call `usage` when the iteration reaches it (options before it take effect
/// first, as with C getopt); otherwise the options in order as (id, argument — empty for
/// options without one). Operands are ignored.
pub fn options(
    argv: &[Vec<u8>],
    short: &str,
    longs: &[Long],
    usage: fn() -> !,
) -> impl Iterator<Item = (i32, Vec<u8>)> {
    let prog = String::from_utf8_lossy(argv.first().map_or(&[][..], |a| a.as_slice())).into_owned();
    let parsed = parse(&prog, argv.get(1..).unwrap_or_default(), short, longs);
    parsed.items.into_iter().map(move |item| match item {
        Item::Opt(id, arg) => (id, arg.unwrap_or_default()),
        Item::Err(msg) => {
            eprintln!("{msg}");
            usage()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONGS: &[Long] = &[
        Long { name: "hex", arg: Arg::No, id: 1 },
        Long { name: "help", arg: Arg::No, id: b'h' as i32 },
        Long { name: "cipher", arg: Arg::Required, id: b'c' as i32 },
        Long { name: "passwd", arg: Arg::Required, id: b'p' as i32 },
        Long { name: "passwdfd", arg: Arg::Required, id: 2 },
    ];

    fn v(s: &[&str]) -> Vec<Vec<u8>> {
        s.iter().map(|x| x.as_bytes().to_vec()).collect()
    }

    #[test]
    fn clusters_and_permutation() {
        let p = parse("t", &v(&["x", "-hcsha1", "y", "--cipher=a", "--ci", "b", "--", "-h"]), "c:h", LONGS);
        assert_eq!(
            p.items,
            vec![
                Item::Opt(b'h' as i32, None),
                Item::Opt(b'c' as i32, Some(b"sha1".to_vec())),
                Item::Opt(b'c' as i32, Some(b"a".to_vec())),
                Item::Opt(b'c' as i32, Some(b"b".to_vec())),
            ]
        );
        assert_eq!(p.operands, v(&["x", "y", "-h"]));
    }

    #[test]
    fn diagnostics() {
        let e = |args: &[&str]| match parse("prog", &v(args), "c:h", LONGS).items.pop() {
            Some(Item::Err(m)) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!(e(&["--he"]), "prog: option '--he' is ambiguous; possibilities: '--hex' '--help'");
        assert_eq!(e(&["--hex=1"]), "prog: option '--hex' doesn't allow an argument");
        assert_eq!(e(&["--cipher"]), "prog: option '--cipher' requires an argument");
        assert_eq!(e(&["--bogus"]), "prog: unrecognized option '--bogus'");
        assert_eq!(e(&["-x"]), "prog: invalid option -- 'x'");
        assert_eq!(e(&["-c"]), "prog: option requires an argument -- 'c'");
        // long-only options of the C tools (val 0): the first match wins
        const V0: &[Long] = &[
            Long { name: "passwd", arg: Arg::Required, id: b'p' as i32 },
            Long { name: "pbkdfiter", arg: Arg::Required, id: VAL0 },
            Long { name: "pbkdfmac", arg: Arg::Required, id: VAL0 + 1 },
        ];
        let p = parse("prog", &v(&["--pbkdf", "7"]), "", V0);
        assert_eq!(p.items, vec![Item::Opt(VAL0, Some(b"7".to_vec()))]);
        let e = parse("prog", &v(&["--p", "7"]), "", V0).items;
        assert_eq!(
            e,
            vec![Item::Err(
                "prog: option '--p' is ambiguous; possibilities: '--passwd' '--pbkdfiter' '--pbkdfmac'".into()
            )]
        );
        // exact match beats prefix
        let p = parse("prog", &v(&["--passwd", "x"]), "", LONGS);
        assert_eq!(p.items, vec![Item::Opt(b'p' as i32, Some(b"x".to_vec()))]);
    }
}
