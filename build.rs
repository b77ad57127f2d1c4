//! Build script: from `abi/libkcapi.symbols` (the ABI as data: the version nodes and every
//! function's symbol versions), `abi/kcapi-rs.symbols` (the kcapi-rs extensions: their own
//! nodes, not LIBKCAPI_*, default versions only) and the functions the C layer implements, it
//! writes
//!
//! * `$OUT_DIR/libkcapi.nodes` — a node-only version script (every LIBKCAPI_* node, oldest
//!   first, each inheriting the previous one, then the extension nodes, which inherit nothing,
//!   plus spare nodes that `tools/elf-verdef-chain` turns into the parent links rust-lld does
//!   not write), passed to the linker of the cdylib;
//! * `$OUT_DIR/symver.rs` — one `.symver` directive per implemented symbol version, included by
//!   `src/capi/symver.rs`;
//! * `$OUT_DIR/exported.symbols` — the lines of the list this build exports.
//!
//! # Which functions are implemented
//!
//! * Default versions: the `#[no_mangle]` functions of the modules `src/capi/mod.rs` declares
//!   (except `#[cfg(test)]` ones) — what cbindgen puts into the header. The files are parsed as
//!   Rust with `syn` and the function items collected, so comments, strings, `#[cfg(test)]`
//!   modules and signatures spread over several lines cannot mislead it.
//! * Compat versions: the rows of the `compat!` table in `src/capi/compat.rs`. They are not
//!   read here: for every implemented function that the list gives a compat version, the
//!   generated directive names `crate::capi::compat::<function>`, so a missing row is a compile
//!   error; and `compat.rs` denies dead code, so a row without a compat line in the list (nothing
//!   references it) is one too.
//!
//! The build fails when an implemented function is missing from the list, when it is defined
//! twice, when the list does not give it exactly one default version, when a compat version
//! is missing or superfluous (above), and when a list itself is malformed (a line that is
//! not data, an undeclared or duplicate node, not exactly 20 nodes in `abi/libkcapi.symbols`;
//! in `abi/kcapi-rs.symbols` a LIBKCAPI_* node, a compat version or a function of the other
//! list).

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// How many unused version nodes to append so that the verdef section has room for the
/// parent links added after linking (each spare node is 28 bytes; each link needs 8).
const SPARE_NODES: usize = 6;

/// The number of version nodes libkcapi 1.5.1 defines.
const NODES: usize = 20;

/// One symbol version of a function.
struct Version {
    node: String,
    default: bool,
}

/// The data of `abi/libkcapi.symbols`: the nodes in order and each function's versions.
struct Abi {
    nodes: Vec<String>,
    funcs: BTreeMap<String, Vec<Version>>,
}

fn parse_abi(file: &str, text: &str) -> Abi {
    let mut abi = Abi { nodes: Vec::new(), funcs: BTreeMap::new() };
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || -> ! { panic!("{file}:{}: not a data line: {line}", n + 1) };
        match line.split_whitespace().collect::<Vec<_>>()[..] {
            ["node", node] => {
                assert!(!abi.nodes.iter().any(|x| x == node), "{file}: node {node} twice");
                abi.nodes.push(node.to_string());
            }
            [func, node, kind] => {
                assert!(abi.nodes.iter().any(|x| x == node), "{file}: {func}: undeclared node {node}");
                let default = match kind {
                    "default" => true,
                    "compat" => false,
                    _ => bad(),
                };
                abi.funcs.entry(func.to_string()).or_default().push(Version { node: node.to_string(), default });
            }
            _ => bad(),
        }
    }
    abi
}

/// Read one list (`abi/<name>`), registered as a build input.
fn read_abi(root: &Path, name: &str) -> Abi {
    let path = root.join("abi").join(name);
    println!("cargo:rerun-if-changed={}", path.display());
    let file = format!("abi/{name}");
    parse_abi(&file, &fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}")))
}

/// libkcapi's list and the extensions' list, checked and merged: the extension nodes follow
/// libkcapi's (returned as the second value).
fn read_lists(root: &Path) -> (Abi, Vec<String>) {
    let mut abi = read_abi(root, "libkcapi.symbols");
    assert_eq!(abi.nodes.len(), NODES, "expected {NODES} version nodes in abi/libkcapi.symbols");
    let ext = read_abi(root, "kcapi-rs.symbols");
    for n in &ext.nodes {
        assert!(
            !n.starts_with("LIBKCAPI_") && !abi.nodes.contains(n),
            "abi/kcapi-rs.symbols: node {n} may collide with libkcapi's"
        );
    }
    for (f, versions) in ext.funcs {
        assert!(versions.iter().all(|v| v.default), "abi/kcapi-rs.symbols: {f}: extensions have no compat versions");
        assert!(abi.funcs.insert(f.clone(), versions).is_none(), "{f} is in both abi lists");
    }
    abi.nodes.extend(ext.nodes.iter().cloned());
    (abi, ext.nodes)
}

/// Whether an item carries `#[cfg(test)]`.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().map(|i| i == "test").unwrap_or(false))
}

/// Whether a function carries `#[no_mangle]` or `#[unsafe(no_mangle)]`.
fn is_no_mangle(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("no_mangle")
            || (a.path().is_ident("unsafe")
                && a.parse_args::<syn::Path>().map(|p| p.is_ident("no_mangle")).unwrap_or(false))
    })
}

/// Parse one source file.
fn parse_file(path: &Path) -> syn::File {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The exported (`#[no_mangle]`) functions of the C layer: function name → module name.
fn exported_functions(capi: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for item in parse_file(&capi.join("mod.rs")).items {
        let syn::Item::Mod(m) = item else { continue };
        if m.content.is_some() || is_test_only(&m.attrs) {
            continue;
        }
        let module = m.ident.to_string();
        for item in parse_file(&capi.join(format!("{module}.rs"))).items {
            let syn::Item::Fn(f) = item else { continue };
            if !is_no_mangle(&f.attrs) {
                continue;
            }
            let name = f.sig.ident.to_string();
            let abi = f.sig.abi.as_ref().and_then(|a| a.name.as_ref()).map(|n| n.value());
            assert_eq!(
                abi.as_deref(),
                Some("C"),
                "{name} in src/capi/{module}.rs is #[no_mangle] but not extern \"C\""
            );
            if let Some(other) = found.insert(name.clone(), module.clone()) {
                panic!("{name} is defined in src/capi/{other}.rs and src/capi/{module}.rs");
            }
        }
    }
    found
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=src/capi");
    let (abi, ext_nodes) = read_lists(&root);

    // Node-only version script: libkcapi's nodes chained oldest → newest, the extension nodes
    // on their own, then the spare nodes.
    let mut map = String::new();
    for (i, n) in abi.nodes.iter().enumerate() {
        match i {
            _ if i == 0 || ext_nodes.contains(n) => map.push_str(&format!("{n} {{ }};\n")),
            _ => map.push_str(&format!("{n} {{ }} {};\n", abi.nodes[i - 1])),
        }
    }
    for i in 0..SPARE_NODES {
        map.push_str(&format!("KCAPI_RS_SPARE_{i} {{ }};\n"));
    }
    let map_path = out.join("libkcapi.nodes");
    fs::write(&map_path, map).unwrap();

    let mut asm = String::from(
        "// @generated by build.rs from abi/libkcapi.symbols — do not edit.\n\
         ::core::arch::global_asm!(\n",
    );
    let mut operands = String::new();
    let mut exported = String::new();
    let mut idx = 0usize;
    for (f, module) in exported_functions(&root.join("src/capi")) {
        let versions = abi
            .funcs
            .get(&f)
            .unwrap_or_else(|| panic!("{f} is not listed in abi/libkcapi.symbols or abi/kcapi-rs.symbols"));
        let defaults = versions.iter().filter(|v| v.default).count();
        assert_eq!(defaults, 1, "{f} has {defaults} default versions in the abi lists, expected 1");
        for v in versions {
            if v.default {
                asm.push_str(&format!("    \".symver {{{idx}}}, {f}@@{}, remove\",\n", v.node));
                operands.push_str(&format!("    sym crate::capi::{module}::{f},\n"));
                exported.push_str(&format!("{f} {} default\n", v.node));
            } else {
                // The compat version: the row of the same name in the compat! table.
                asm.push_str(&format!("    \".globl {{{idx}}}\",\n"));
                asm.push_str(&format!("    \".symver {{{idx}}}, {f}@{}, remove\",\n", v.node));
                operands.push_str(&format!("    sym crate::capi::compat::{f},\n"));
                exported.push_str(&format!("{f} {} compat\n", v.node));
            }
            idx += 1;
        }
    }
    asm.push_str(&operands);
    asm.push_str(");\n");
    fs::write(out.join("symver.rs"), asm).unwrap();
    fs::write(out.join("exported.symbols"), exported).unwrap();

    println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={}", map_path.display());
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libkcapi.so.1");
    println!("cargo:rustc-cdylib-link-arg=-Wl,-z,relro,-z,now");
    // Built without std, nothing in the library unwinds, but the precompiled core/alloc still
    // name `_Unwind_Resume` in their landing pads: resolve it inside the library (a local symbol,
    // so it cannot interpose on a C++ program's unwinder) instead of linking libgcc_s.
    println!("cargo:rustc-cdylib-link-arg=-Wl,--defsym=_Unwind_Resume=kcapi_rs_no_unwind");
}
