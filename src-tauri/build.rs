//! Declares the desk's commands to Tauri (its app manifest), so each gets an `allow-…`
//! permission and the window may call only those its capability grants. The names are read from
//! the one list in `crates/core/src/commands/mod.rs` (a test in `src/ipc.rs` checks the reading).

const LIST: &str = include_str!("../crates/core/src/commands/mod.rs");

/// The quoted names of the `commands!` list: lines that start `"name" =>`.
fn command_names(source: &'static str) -> Vec<&'static str> {
    source
        .lines()
        .map(str::trim_start)
        .filter_map(|l| l.strip_prefix('"'))
        .filter_map(|l| l.split_once("\" =>").map(|(name, _)| name))
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=../crates/core/src/commands/mod.rs");
    let names: &'static [&'static str] = Box::leak(command_names(LIST).into_boxed_slice());
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(names));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build: {e:#}");
    }
}
