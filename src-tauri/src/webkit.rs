//! How the desk asks WebKitGTK to run on Linux: a window of lists and forms, open all day on
//! office PCs that often lack a working GPU driver. Each choice was measured with
//! `cargo xtask bench` (see `docs/benchmarks.md`); each can be undone for a machine that
//! needs it. Elsewhere (WebView2 on Windows) nothing here applies.

/// Before anything starts a thread or WebKit: the web process inherits this environment.
pub fn configure_environment() {
    #[cfg(target_os = "linux")]
    {
        // Still one thread here: nothing else reads the environment yet.
        let set_default = |name: &str, value: &str| {
            if std::env::var_os(name).is_none() {
                std::env::set_var(name, value);
            }
        };
        // Without a GPU the compositor runs on Mesa's software GL: tab switch 165 → 128 ms,
        // the login screen's idle caret 0.20 → 0.08 s CPU per 5 s, 93 MiB less. It also avoids
        // WebKitGTK's blank-window bugs on some drivers. `CHENGBAN_GPU=1` keeps it.
        if std::env::var_os("CHENGBAN_GPU").is_none_or(|v| v != "1") {
            set_default("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        }
        // JavaScriptCore's optimising tiers (DFG, FTL) recompile the inbox's render code after
        // a few tab switches and keep both the code and the compiler's data: 17 MiB of the web
        // process for 7 switches, against a tab switch that stays 30–40 ms with the baseline
        // JIT. `CHENGBAN_FULL_JIT=1` keeps them.
        if std::env::var_os("CHENGBAN_FULL_JIT").is_none_or(|v| v != "1") {
            set_default("JSC_useDFGJIT", "false");
        }
    }
}
