//! The modules of the core and of the protocol in layers: each file may use only modules of
//! lower layers (and its own folder), so neither crate has a cycle. In the core the store is
//! the bottom, the desk and the services above it at the top. A new module has to be placed
//! here, and an upward `use crate::…` fails this test.

use std::path::{Path, PathBuf};

/// Module path (as after `crate::`) → layer. Longer paths win over their parent's entry.
const CORE: &[(&str, u8)] = &[
    ("error", 0),
    ("clock", 0),
    ("mask", 0),
    ("handle", 0),
    ("vault", 0),
    ("logs", 0),
    ("store", 1),
    ("view", 2),
    ("client", 2),
    ("memory", 2),
    ("overlay", 2),
    ("alerts", 2),
    ("alerts::rules", 2),
    ("events", 3),
    ("timeline", 3),
    ("session", 3),
    ("alerts::engine", 3),
    ("detail", 4),
    ("sync", 4),
    ("sync::round", 4),
    ("desk", 5),
    ("sync::service", 6),
    ("sync::live", 6),
    ("alerts::service", 6),
    ("commands", 6),
    ("workbook", 3),
    ("sheet", 4),
    ("similar", 4),
    ("desktop", 3),
    ("bindings", 7),
];

const PROTOCOL: &[(&str, u8)] = &[
    ("error", 0),
    ("text", 0),
    ("strict", 0),
    ("enums", 0),
    ("files", 1),
    ("admin", 1),
    ("reply", 2),
    ("library", 1),
    ("similar", 1),
    ("actions", 3),
    ("types", 4),
    ("facts", 5),
    ("attention", 5),
    ("rates", 5),
    ("review", 6),
    ("rates_codec", 6),
    ("stats", 6),
    ("openapi_contract", 6),
    ("rules", 7),
    ("ranking", 7),
    ("openapi", 8),
];

fn layer_of(layers: &[(&str, u8)], module: &str) -> Option<u8> {
    let mut path: Vec<&str> = module.split("::").collect();
    while !path.is_empty() {
        if let Some((_, l)) = layers.iter().find(|(m, _)| *m == path.join("::")) {
            return Some(*l);
        }
        path.pop();
    }
    None
}

/// `src/alerts/engine.rs` → `alerts::engine`; `src/desk/mod.rs` → `desk`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).filter(|p| p != "mod").collect();
    parts.join("::")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::a::b` a file's code names (comments skipped), with `crate::{a, b}` groups
/// opened one level.
fn used_modules(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if !name.is_empty() {
                        found.push(name);
                    }
                }
                continue;
            }
            let path: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            let modules: Vec<&str> = path.split("::").filter(|s| s.chars().next().is_some_and(|c| c.is_lowercase())).collect();
            if !modules.is_empty() {
                found.push(modules.join("::"));
            }
        }
    }
    found
}

#[test]
fn no_module_of_the_core_uses_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    check(&src, CORE);
}

#[test]
fn the_protocol_has_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../protocol/src");
    check(&src, PROTOCOL);
}

fn check(src: &Path, layers: &[(&str, u8)]) {
    let mut all = Vec::new();
    files(src, &mut all);
    let mut wrong = Vec::new();
    for file in all.iter().filter(|f| !f.ends_with("lib.rs")) {
        let module = module_of(src, file);
        let Some(own) = layer_of(layers, &module) else {
            wrong.push(format!("{module}: not placed in a layer (add it to LAYERS)"));
            continue;
        };
        let top = module.split("::").next().unwrap_or_default().to_string();
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // Code under #[cfg(test)] may reach anywhere.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for used in used_modules(code) {
            if used.split("::").next() == Some(top.as_str()) {
                continue;
            }
            match layer_of(layers, &used) {
                Some(l) if l < own => {}
                Some(l) => wrong.push(format!("{module} (layer {own}) uses {used} (layer {l})")),
                None => wrong.push(format!("{module} uses {used}, which is not placed in a layer")),
            }
        }
    }
    assert!(wrong.is_empty(), "upward or unplaced uses:\n{}", wrong.join("\n"));
}
