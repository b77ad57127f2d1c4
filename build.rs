//! Build script: turns `abi/libkcapi.symbols` (the one list of exported functions) into
//!
//! * `$OUT_DIR/libkcapi.nodes` — a node-only version script (every LIBKCAPI_* node, oldest
//!   first, each inheriting the previous one, plus spare nodes that `tools/elf-verdef-chain`
//!   turns into the parent links rust-lld does not write), passed to the linker of the cdylib;
//! * `$OUT_DIR/symver.rs` — one `.symver` directive per implemented symbol version, included by
//!   `src/capi/symver.rs`.
//!
//! A function counts as implemented when `src/capi/<area>.rs` defines it as
//! `pub unsafe extern "C" fn kcapi_…` (default version) or `src/capi/compat/<area>.rs` defines it
//! (compat version). The build fails when an implemented function is missing from the list,
//! exports the wrong set of versions, or lacks its compat twin.

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// How many unused version nodes to append so that the verdef section has room for the
/// parent links added after linking (each spare node is 28 bytes; each link needs 8).
const SPARE_NODES: usize = 6;

struct Line {
    node: String,
    default: bool,
}

fn parse_symbols(text: &str) -> (Vec<String>, BTreeMap<String, Vec<Line>>) {
    let mut nodes = Vec::new();
    let mut funcs: BTreeMap<String, Vec<Line>> = BTreeMap::new();
    for raw in text.lines() {
        let line = raw.trim();
        if let Some(rest) = line.strip_prefix("#   LIBKCAPI_0.12.0") {
            // "#   LIBKCAPI_0.12.0 0.13.0 ..." and its continuation line list the nodes.
            nodes.push("LIBKCAPI_0.12.0".to_string());
            nodes.extend(rest.split_whitespace().map(|v| format!("LIBKCAPI_{v}")));
            continue;
        }
        if line.starts_with("#   1.") && !nodes.is_empty() {
            nodes.extend(line[1..].split_whitespace().map(|v| format!("LIBKCAPI_{v}")));
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        assert!(f.len() == 3, "bad line in libkcapi.symbols: {line}");
        funcs.entry(f[0].to_string()).or_default().push(Line {
            node: f[1].to_string(),
            default: match f[2] {
                "default" => true,
                "compat" => false,
                other => panic!("bad kind {other} in libkcapi.symbols"),
            },
        });
    }
    assert_eq!(nodes.len(), 20, "expected 20 version nodes in libkcapi.symbols");
    (nodes, funcs)
}

/// Names of `extern "C" fn kcapi_*` items defined in one source file.
fn scan_fns(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let mut out = Vec::new();
    for line in text.lines() {
        let l = line.trim_start();
        let Some(pos) = l.find("extern \"C\" fn kcapi_") else {
            continue;
        };
        if !(l.starts_with("pub") || l.starts_with("unsafe ") || l.starts_with("extern ")) {
            continue;
        }
        let name: String = l[pos + "extern \"C\" fn ".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        out.push(name);
    }
    out
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let list = root.join("abi/libkcapi.symbols");
    println!("cargo:rerun-if-changed={}", list.display());
    println!("cargo:rerun-if-changed=src/capi");
    let (nodes, funcs) = parse_symbols(&fs::read_to_string(&list).expect("abi/libkcapi.symbols"));

    // Node-only version script: nodes chained oldest → newest, then the spare nodes.
    let mut map = String::new();
    for (i, n) in nodes.iter().enumerate() {
        if i == 0 {
            map.push_str(&format!("{n} {{ }};\n"));
        } else {
            map.push_str(&format!("{n} {{ }} {};\n", nodes[i - 1]));
        }
    }
    for i in 0..SPARE_NODES {
        map.push_str(&format!("KCAPI_RS_SPARE_{i} {{ }};\n"));
    }
    let map_path = out.join("libkcapi.nodes");
    fs::write(&map_path, map).unwrap();

    // Which functions the capi layer implements.
    let capi = root.join("src/capi");
    let mut defaults: BTreeMap<String, String> = BTreeMap::new(); // fn -> module
    let mut compats: BTreeMap<String, String> = BTreeMap::new(); // fn -> module
    let mut entries: Vec<_> = fs::read_dir(&capi).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let p = entry.path();
        println!("cargo:rerun-if-changed={}", p.display());
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        if p.extension().map(|e| e != "rs").unwrap_or(true) || stem == "mod" {
            continue;
        }
        for f in scan_fns(&p) {
            assert!(defaults.insert(f.clone(), stem.clone()).is_none(), "{f} defined twice in src/capi");
        }
    }
    let compat_dir = capi.join("compat");
    println!("cargo:rerun-if-changed={}", compat_dir.display());
    let mut entries: Vec<_> = fs::read_dir(&compat_dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let p = entry.path();
        println!("cargo:rerun-if-changed={}", p.display());
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        if p.extension().map(|e| e != "rs").unwrap_or(true) || stem == "mod" {
            continue;
        }
        for f in scan_fns(&p) {
            assert!(compats.insert(f.clone(), stem.clone()).is_none(), "compat {f} defined twice in src/capi/compat");
        }
    }

    let mut asm = String::from(
        "// @generated by build.rs from abi/libkcapi.symbols — do not edit.\n\
         std::arch::global_asm!(\n",
    );
    let mut operands = String::new();
    let mut idx = 0usize;
    let mut exported = String::new();
    for (f, module) in &defaults {
        let lines = funcs.get(f).unwrap_or_else(|| panic!("{f} is not listed in abi/libkcapi.symbols"));
        for l in lines {
            if l.default {
                asm.push_str(&format!("    \".symver {{{idx}}}, {f}@@{}, remove\",\n", l.node));
                operands.push_str(&format!("    sym crate::capi::{module}::{f},\n"));
                exported.push_str(&format!("{f} {} default\n", l.node));
            } else {
                let Some(cmod) = compats.get(f) else {
                    panic!("{f} needs its compat version {} in src/capi/compat/", l.node)
                };
                asm.push_str(&format!("    \".globl {{{idx}}}\",\n"));
                asm.push_str(&format!("    \".symver {{{idx}}}, {f}@{}, remove\",\n", l.node));
                operands.push_str(&format!("    sym crate::capi::compat::{cmod}::{f},\n"));
                exported.push_str(&format!("{f} {} compat\n", l.node));
            }
            idx += 1;
        }
    }
    for c in compats.keys() {
        assert!(defaults.contains_key(c), "compat {c} has no default implementation");
        assert!(funcs[c].iter().any(|l| !l.default), "{c} has no compat version in abi/libkcapi.symbols");
    }
    asm.push_str(&operands);
    asm.push_str(");\n");
    fs::write(out.join("symver.rs"), asm).unwrap();
    // The list of what this build exports, for the ELF check and the coverage table.
    fs::write(out.join("exported.symbols"), exported).unwrap();

    println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={}", map_path.display());
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libkcapi.so.1");
    println!("cargo:rustc-cdylib-link-arg=-Wl,-z,relro,-z,now");
}
