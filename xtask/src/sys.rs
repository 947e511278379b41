//! Running commands, finding the workspace, and the system packages the app needs.

use std::path::{Path, PathBuf};
use std::process::Command;

pub type Result<T = ()> = std::result::Result<T, String>;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command to completion, echoing it; fails on a non-zero exit.
pub fn run(cmd: &mut Command) -> Result {
    eprintln!("$ {}", describe(cmd));
    let status = cmd.status().map_err(|e| format!("{}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

pub fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program().to_string_lossy().into_owned())
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn has_command(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(name).is_file()))
}

/// Debian packages to build the app, run it, and drive it in tests.
pub const APT_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "xvfb",
    "xauth",
    "dbus-x11",
    "webkit2gtk-driver",
    "dunst",
    "fonts-noto-cjk",
    "gnome-keyring",
    "gcc-mingw-w64-x86-64",
    "nsis",
    "desktop-file-utils",
    "debootstrap",
    "poppler-utils",
    "chromium",
    "chromium-driver",
    "libglib2.0-bin",
    "haskell-status-notifier-item-utils",
    "haskell-gtk-sni-tray-utils",
];

/// The Windows target CI builds for (MinGW: links here with Debian's `gcc-mingw-w64-x86-64`).
pub const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

fn installed(pkg: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", pkg])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// Installs the missing Debian packages with apt (through sudo when not root), saying which.
pub fn ensure_apt_packages() -> Result {
    if !has_command("dpkg-query") {
        eprintln!("xtask: not a Debian/Ubuntu system; install the equivalents of: {}", APT_PACKAGES.join(" "));
        return Ok(());
    }
    let missing: Vec<&str> = APT_PACKAGES.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        eprintln!("xtask: system packages present");
        return Ok(());
    }
    eprintln!("xtask: installing system packages: {}", missing.join(" "));
    let apt = |args: &[&str]| {
        let mut c = if is_root() {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq"]);
    install.args(&missing);
    run(&mut install)
}

pub fn ensure_tauri_driver() -> Result {
    if has_command("tauri-driver") {
        return Ok(());
    }
    eprintln!("xtask: installing tauri-driver");
    run(Command::new("cargo").args(["install", "tauri-driver", "--locked"]))
}

/// `npm ci` in ui/ when its packages are missing or older than the lock file.
pub fn ensure_ui_packages() -> Result {
    let ui = root().join("ui");
    let marker = ui.join("node_modules/.package-lock.json");
    let lock = ui.join("package-lock.json");
    let stale = match (std::fs::metadata(&marker).and_then(|m| m.modified()), std::fs::metadata(&lock).and_then(|m| m.modified())) {
        (Ok(installed), Ok(locked)) => installed < locked,
        _ => true,
    };
    if stale {
        run(Command::new("npm").arg("ci").arg("--no-audit").arg("--no-fund").current_dir(&ui))?;
    }
    Ok(())
}

/// Builds the UI, then the app with it embedded (Tauri embeds the UI at compile time), in
/// release when asked; the center and the browser mode in debug, which the end-to-end harness runs.
pub fn build_app(release: bool) -> Result {
    run(Command::new("npm").args(["run", "build"]).current_dir(root().join("ui")))?;
    if release {
        run(Command::new("cargo").args(["build", "-p", "chengban-center", "-p", "chengban-web"]).current_dir(root()))?;
        run(Command::new("cargo").args(["build", "--release", "-p", "chengban-desk", "--features", "custom-protocol"]).current_dir(root()))
    } else {
        run(Command::new("cargo")
            .args([
                "build",
                "-p",
                "chengban-desk",
                "-p",
                "chengban-web",
                "-p",
                "chengban-center",
                "--features",
                "chengban-desk/custom-protocol",
            ])
            .current_dir(root()))
    }
}

/// Clippy and a build of the desk and the center for Windows, so a Windows break fails here.
pub fn windows_check() -> Result {
    ensure_windows_target()?;
    let packages = ["-p", "chengban-desk", "-p", "chengban-center", "-p", "chengban-core", "-p", "chengban-protocol"];
    run(Command::new("cargo")
        .arg("clippy")
        .args(packages)
        .args(["--target", WINDOWS_TARGET, "--features", "chengban-desk/custom-protocol", "--", "-D", "warnings"])
        .current_dir(root()))?;
    windows_build(crate::package::Profile::Debug)
}

/// Adds the Rust target when missing; says what to install when MinGW is.
fn ensure_windows_target() -> Result {
    if !has_command("x86_64-w64-mingw32-gcc") {
        return Err("x86_64-w64-mingw32-gcc is missing: install gcc-mingw-w64-x86-64 (.ci/run does)".into());
    }
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output().map_err(|e| format!("rustup: {e}"))?;
    if !String::from_utf8_lossy(&installed.stdout).lines().any(|l| l.trim() == WINDOWS_TARGET) {
        run(Command::new("rustup").args(["target", "add", WINDOWS_TARGET]))?;
    }
    Ok(())
}

/// `chengban-desk.exe` (with the UI in it, so the UI is built first) and `chengban-center.exe`
/// for Windows, printing their sizes.
pub fn windows_build(profile: crate::package::Profile) -> Result {
    ensure_windows_target()?;
    let mut cmd = Command::new("cargo");
    cmd.args([
        "build",
        "-p",
        "chengban-desk",
        "-p",
        "chengban-center",
        "--target",
        WINDOWS_TARGET,
        "--features",
        "chengban-desk/custom-protocol",
    ]);
    if profile == crate::package::Profile::Release {
        cmd.arg("--release");
    }
    run(cmd.current_dir(root()))?;
    let out = target_dir().join(WINDOWS_TARGET).join(profile.dir());
    for exe in ["chengban-desk.exe", "chengban-center.exe", "WebView2Loader.dll"] {
        let size = std::fs::metadata(out.join(exe)).map_err(|e| format!("{exe} not built: {e}"))?.len();
        eprintln!("xtask: windows {exe}: {:.1} MiB", size as f64 / 1048576.0);
    }
    Ok(())
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

/// `cargo test -p chengban-e2e <args>` under Xvfb with a private D-Bus session holding a real
/// Secret Service (`tests/with-keyring.sh`), pointed at the debug app binary; checks first that
/// the display, bus, keyring and WebDriver tools are installed.
pub fn e2e_command(test_args: &[&str]) -> Result<Command> {
    for tool in ["xvfb-run", "dbus-run-session", "gnome-keyring-daemon", "WebKitWebDriver", "chromedriver"] {
        if !has_command(tool) {
            return Err(format!("{tool} is missing: run .ci/run or install the packages listed in README"));
        }
    }
    ensure_tauri_driver()?;
    let mut cmd = Command::new("xvfb-run");
    cmd.args([
        "-a",
        "-s",
        "-screen 0 1280x800x24",
        "dbus-run-session",
        "--",
        "sh",
        "tests/with-keyring.sh",
        "cargo",
        "test",
        "-p",
        "chengban-e2e",
    ])
    .args(test_args)
    .env("CHENGBAN_APP", target_dir().join("debug/chengban-desk"))
    .env("CHENGBAN_WEB", target_dir().join("debug/chengban-web"))
    .current_dir(root());
    Ok(cmd)
}
