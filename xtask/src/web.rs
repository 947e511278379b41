//! The browser mode's builds for old systems and its `.deb`: `chengban-web` for x86_64 and
//! aarch64 linked against glibc 2.28 (统信 UOS 1070, 银河麒麟 V10) with `cargo zigbuild`, each
//! binary's ELF version needs read back (`readelf`) and refused above [`GLIBC`], and each packaged
//! as a `.deb` whose only dependencies are libc6 and D-Bus.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::package::{self, Profile};
use crate::sys::{self, Result};

/// The oldest glibc the browser mode runs on (UOS 1070's; Kylin V10 has 2.31).
pub const GLIBC: (u32, u32) = (2, 28);

/// A platform the browser mode is built for.
pub struct Target {
    pub triple: &'static str,
    pub deb_arch: &'static str,
    /// Runs its binaries on another architecture (Debian's qemu-user-static), with its loader.
    pub emulator: &'static str,
    pub loader: &'static str,
}

pub const TARGETS: &[Target] = &[
    Target { triple: "x86_64-unknown-linux-gnu", deb_arch: "amd64", emulator: "qemu-x86_64-static", loader: "/lib64/ld-linux-x86-64.so.2" },
    Target {
        triple: "aarch64-unknown-linux-gnu",
        deb_arch: "arm64",
        emulator: "qemu-aarch64-static",
        loader: "/lib/ld-linux-aarch64.so.1",
    },
];

/// Libraries the binary may link: glibc's own and libgcc_s (which every libc6 depends on).
const ALLOWED_NEEDED: &[&str] = &[
    "libc.so.6",
    "libm.so.6",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "libgcc_s.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
];

/// libgcc is not named: libc6 depends on it on every Debian-family system.
const DEPENDS: &str = "libc6 (>= 2.28), dbus";
/// A Secret Service keeps the login across restarts; xdg-utils opens the browser; a Chinese font
/// for the 处理单 PDF.
const RECOMMENDS: &str = "gnome-keyring | kwalletmanager | keepassxc, xdg-utils, fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei";

/// `cargo-zigbuild` from PyPI (it brings zig) and the Rust targets, when missing.
fn ensure_zigbuild() -> Result {
    if !sys::has_command("cargo-zigbuild") {
        eprintln!("xtask: installing cargo-zigbuild (PyPI; brings zig)");
        sys::run(Command::new("python3").args(["-m", "pip", "install", "--quiet", "cargo-zigbuild"]))?;
        if sys::has_command("pyenv") {
            sys::run(Command::new("pyenv").arg("rehash"))?;
        }
    }
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output().map_err(|e| format!("rustup: {e}"))?;
    let installed = String::from_utf8_lossy(&installed.stdout).into_owned();
    for target in TARGETS {
        if !installed.lines().any(|l| l.trim() == target.triple) {
            sys::run(Command::new("rustup").args(["target", "add", target.triple]))?;
        }
    }
    Ok(())
}

/// Builds `chengban-web` for each target against glibc 2.28 (the UI must be built), checks each
/// binary, and returns them with their Debian architecture.
pub fn build(profile: Profile) -> Result<Vec<(PathBuf, &'static str)>> {
    ensure_zigbuild()?;
    let mut built = Vec::new();
    for target in TARGETS {
        let mut cmd = Command::new("cargo");
        cmd.args(["zigbuild", "-p", "chengban-web", "--target", &format!("{}.{}.{}", target.triple, GLIBC.0, GLIBC.1)])
            // Symbols stripped at link time: the host's `strip` does not know every architecture.
            .env("CARGO_PROFILE_RELEASE_STRIP", "symbols")
            .env("CARGO_PROFILE_DEV_STRIP", "symbols")
            .current_dir(sys::root());
        if profile == Profile::Release {
            cmd.arg("--release");
        }
        sys::run(&mut cmd)?;
        let binary = sys::target_dir().join(target.triple).join(profile.dir()).join("chengban-web");
        check_elf(&binary)?;
        runs_here(&binary, target)?;
        built.push((binary, target.deb_arch));
    }
    Ok(built)
}

/// Starts the binary and asks it over HTTP: natively, or the aarch64 one under
/// `qemu-aarch64-static` with Debian's arm64 libc (`libc6:arm64`), when installed.
fn runs_here(binary: &Path, target: &Target) -> Result {
    let runner = (!target.triple.starts_with(std::env::consts::ARCH)).then_some(target.emulator);
    if let Some(r) = runner {
        if !sys::has_command(r) || !Path::new(target.loader).exists() {
            eprintln!("xtask: NOT RUN: {} ({r} and that architecture's libc6 are not installed)", binary.display());
            return Ok(());
        }
    }
    crate::web_check::starts_here(binary, runner)?;
    eprintln!("xtask: {} starts and guards its API{}", binary.display(), runner.map(|r| format!(" (under {r})")).unwrap_or_default());
    Ok(())
}

/// Fails when the binary needs a glibc symbol version above [`GLIBC`] or links a library outside
/// [`ALLOWED_NEEDED`].
pub fn check_elf(binary: &Path) -> Result {
    let read = |flag: &str| -> Result<String> {
        let out = Command::new("readelf").args([flag, "--wide"]).arg(binary).output().map_err(|e| format!("readelf: {e}"))?;
        if !out.status.success() {
            return Err(format!("readelf {flag} {}: {}", binary.display(), String::from_utf8_lossy(&out.stderr)));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let needs = glibc_versions(&read("-V")?);
    let highest = needs.iter().max().copied().ok_or_else(|| format!("{}: no GLIBC version needs found", binary.display()))?;
    if highest > GLIBC {
        let above: Vec<String> = needs.iter().filter(|v| **v > GLIBC).map(|(a, b)| format!("GLIBC_{a}.{b}")).collect();
        return Err(format!("{} needs {} (above GLIBC_{}.{})", binary.display(), above.join(", "), GLIBC.0, GLIBC.1));
    }
    let needed = needed_libraries(&read("-d")?);
    if let Some(other) = needed.iter().find(|l| !ALLOWED_NEEDED.contains(&l.as_str())) {
        return Err(format!("{} links {other}, which libc6 does not bring", binary.display()));
    }
    let size = std::fs::metadata(binary).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "xtask: {}: needs at most GLIBC_{}.{}, links {} ({:.1} MiB)",
        binary.display(),
        highest.0,
        highest.1,
        needed.join(" "),
        size as f64 / 1048576.0
    );
    Ok(())
}

/// The `GLIBC_x.y` versions in `readelf -V` output.
fn glibc_versions(readelf: &str) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = readelf
        .split(|c: char| c.is_whitespace())
        .filter_map(|w| w.strip_prefix("GLIBC_"))
        .filter_map(|v| {
            let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
            Some((parts.next()??, parts.next().flatten().unwrap_or(0)))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The `NEEDED` libraries in `readelf -d` output.
fn needed_libraries(readelf: &str) -> Vec<String> {
    readelf
        .lines()
        .filter(|l| l.contains("(NEEDED)"))
        .filter_map(|l| l.split('[').nth(1).and_then(|r| r.split(']').next()).map(str::to_string))
        .collect()
}

/// The browser mode's `.deb` for one architecture.
pub fn deb(binary: &Path, arch: &str, profile: Profile, version: &str, out: &Path) -> Result<PathBuf> {
    let work = out.join(format!("web-deb-{arch}"));
    let _ = std::fs::remove_dir_all(&work);
    let stage = work.join("chengban-web");
    package::copy(binary, &stage.join("usr/bin/chengban-web"))?;
    package::stage_menu_icons_doc(&stage, "chengban-web")?;
    let installed_kib = package::dir_size(&stage) / 1024;
    let control = format!(
        "Package: chengban-web\nVersion: {version}\nArchitecture: {arch}\nMaintainer: Chengban developers <chengban@example.invalid>\n\
         Installed-Size: {installed_kib}\nDepends: {DEPENDS}\nRecommends: {RECOMMENDS}\n\
         Section: utils\nPriority: optional\n\
         Description: 承办台（浏览器模式）: 12345 热线承办单位工单处理\n \
         The department desk of the 12345 government service hotline in the system browser,\n \
         for PCs whose webview cannot run the desktop app (统信 UOS, 银河麒麟 V10, ARM PCs).\n"
    );
    let deb = out.join(format!("chengban-web_{version}_{arch}.deb"));
    package::dpkg_build(&stage, &control, &deb, profile)?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(deb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_glibc_need_is_read_from_readelf() {
        let readelf = "Version needs section '.gnu.version_r' contains 2 entries:\n \
            0x0010:   Name: GLIBC_2.2.5  Flags: none  Version: 5\n  0x0020:   Name: GLIBC_2.28  Flags: none  Version: 4\n \
            0x0030:   Name: GLIBC_2.17  Flags: none  Version: 3\n  0x0040: Name: GCC_3.0  Flags: none\n";
        assert_eq!(glibc_versions(readelf).last(), Some(&(2, 28)));
        assert!(glibc_versions("Name: GLIBC_2.34 Flags").iter().any(|v| *v > GLIBC), "2.34 is above the floor");
    }

    #[test]
    fn the_needed_libraries_are_read_from_readelf() {
        let readelf = " 0x0000000000000001 (NEEDED)             Shared library: [libgcc_s.so.1]\n \
            0x0000000000000001 (NEEDED)             Shared library: [libc.so.6]\n 0x000000000000000c (INIT) 0x1000\n";
        assert_eq!(needed_libraries(readelf), ["libgcc_s.so.1", "libc.so.6"]);
    }
}
