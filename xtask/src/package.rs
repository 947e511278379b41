//! `cargo xtask package`: the Linux `.deb` and the Windows installer, into `target/packages/`,
//! made offline with Debian's tools: `dpkg-deb` (its `Depends` read off the binary by
//! `dpkg-shlibdeps`) and `makensis` on `packaging/windows/installer.nsi`; and the browser mode's
//! `.deb` for amd64 and arm64 ([`crate::web`]). Release builds by
//! default; `--debug` packages the debug builds `cargo xtask test` already made (what CI checks);
//! `--check` then installs them and checks (`install_check`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::sys::{self, Result};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Debug,
    Release,
}

impl Profile {
    pub fn dir(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }
}

/// What `make` produced.
pub struct Packages {
    pub deb: PathBuf,
    pub windows: PathBuf,
    /// The browser mode's `.deb`s, with their Debian architecture.
    pub web: Vec<(PathBuf, &'static str)>,
}

impl Packages {
    /// The browser mode's `.deb` for this machine's architecture.
    pub fn web_here(&self) -> Option<&Path> {
        let arch = if cfg!(target_arch = "aarch64") { "arm64" } else { "amd64" };
        self.web.iter().find(|(_, a)| *a == arch).map(|(p, _)| p.as_path())
    }
}

/// What `dpkg-shlibdeps` cannot see: the tray's library, loaded at run time (libayatana-appindicator,
/// or the older libappindicator), and a font that covers Chinese (on a bare Debian the window
/// showed boxes without one).
const NOT_LINKED: &str = "libayatana-appindicator3-1 | libappindicator3-1, fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei";
/// Wanted but not needed to start: a Secret Service keeps the login and the cache key across
/// restarts (without one the app says so and keeps them for the run).
const RECOMMENDS: &str = "gnome-keyring | kwalletmanager | keepassxc";

pub fn run(args: &[String]) -> Result {
    let profile = if args.iter().any(|a| a == "--debug") { Profile::Debug } else { Profile::Release };
    let check = args.iter().any(|a| a == "--check");
    if let Some(bad) = args.iter().find(|a| !matches!(a.as_str(), "--debug" | "--check")) {
        return Err(format!("unknown option {bad} (options: --debug, --check)"));
    }
    sys::ensure_ui_packages()?;
    sys::build_app(profile == Profile::Release)?;
    sys::windows_build(profile)?;
    let packages = make(profile)?;
    if check {
        crate::install_check::run(&packages, true)?;
    }
    Ok(())
}

/// Packages the binaries already built for `profile`, printing each package's name and size.
pub fn make(profile: Profile) -> Result<Packages> {
    let out = sys::target_dir().join("packages");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let version = workspace_version()?;
    let mut web = Vec::new();
    for (binary, arch) in crate::web::build(profile)? {
        web.push((crate::web::deb(&binary, arch, profile, &version, &out)?, arch));
    }
    let packages = Packages { deb: deb(profile, &version, &out)?, windows: windows_installer(profile, &version, &out)?, web };
    for file in [&packages.deb, &packages.windows].into_iter().chain(packages.web.iter().map(|(p, _)| p)) {
        let size = std::fs::metadata(file).map_err(|e| format!("{}: {e}", file.display()))?.len();
        eprintln!("xtask: package {} ({:.1} MiB)", file.display(), size as f64 / 1048576.0);
    }
    Ok(packages)
}

/// `version` of `[workspace.package]`.
pub fn workspace_version() -> Result<String> {
    let manifest = std::fs::read_to_string(sys::root().join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    manifest
        .lines()
        .skip_while(|l| l.trim() != "[workspace.package]")
        .find_map(|l| l.trim().strip_prefix("version = ").map(|v| v.trim_matches('"').to_string()))
        .ok_or_else(|| "no version in [workspace.package] of Cargo.toml".to_string())
}

pub fn copy(from: &Path, to: &Path) -> Result {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("copy {} → {}: {e}", from.display(), to.display()))
}

fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd.output().map_err(|e| format!("{}: {e}", sys::describe(cmd)))?;
    if !out.status.success() {
        return Err(format!("`{}` failed: {}", sys::describe(cmd), String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `Depends` of the binary's linked libraries, as Debian packages them.
fn shlib_depends(binary: &Path, work: &Path) -> Result<String> {
    let debian = work.join("debian");
    std::fs::create_dir_all(&debian).map_err(|e| format!("{}: {e}", debian.display()))?;
    std::fs::write(debian.join("control"), "Source: chengban-desk\n\nPackage: chengban-desk\nArchitecture: any\n")
        .map_err(|e| format!("debian/control: {e}"))?;
    let printed = output(Command::new("dpkg-shlibdeps").arg("-O").arg(format!("-e{}", binary.display())).current_dir(work))?;
    printed
        .lines()
        .find_map(|l| l.strip_prefix("shlibs:Depends=").map(str::to_string))
        .ok_or_else(|| format!("dpkg-shlibdeps printed no Depends: {printed}"))
}

fn deb(profile: Profile, version: &str, out: &Path) -> Result<PathBuf> {
    for tool in ["dpkg-deb", "dpkg-shlibdeps", "strip"] {
        if !sys::has_command(tool) {
            return Err(format!("{tool} is missing: install dpkg-dev and binutils (build-essential has them)"));
        }
    }
    let arch = output(Command::new("dpkg").arg("--print-architecture"))?.trim().to_string();
    let work = out.join("deb-work");
    let _ = std::fs::remove_dir_all(&work);
    let stage = work.join("chengban-desk");
    let binary = stage.join("usr/bin/chengban-desk");
    copy(&sys::target_dir().join(profile.dir()).join("chengban-desk"), &binary)?;
    sys::run(Command::new("strip").arg("--strip-unneeded").arg(&binary))?;
    stage_menu_icons_doc(&stage, "chengban-desk")?;
    let depends = format!("{}, {NOT_LINKED}", shlib_depends(&binary, &work)?);
    let installed_kib = dir_size(&stage) / 1024;
    let control = format!(
        "Package: chengban-desk\nVersion: {version}\nArchitecture: {arch}\nMaintainer: Chengban developers <chengban@example.invalid>\n\
         Installed-Size: {installed_kib}\nDepends: {depends}\nRecommends: {RECOMMENDS}\nSection: utils\nPriority: optional\n\
         Description: 承办台: 12345 热线承办单位工单处理\n \
         The department desk of the 12345 government service hotline: pulls the department's\n \
         slips, keeps working offline, alerts before deadlines and delivers each action once.\n"
    );
    let deb = out.join(format!("chengban-desk_{version}_{arch}.deb"));
    dpkg_build(&stage, &control, &deb, profile)?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(deb)
}

/// What each of our packages carries beside its binary, named `name`: the menu entry
/// (`packaging/linux/<name>.desktop`), the icons in hicolor, the copyright.
pub fn stage_menu_icons_doc(stage: &Path, name: &str) -> Result {
    let root = sys::root();
    copy(&root.join(format!("packaging/linux/{name}.desktop")), &stage.join(format!("usr/share/applications/{name}.desktop")))?;
    for (size, file) in [("32x32", "32x32.png"), ("128x128", "128x128.png"), ("256x256", "128x128@2x.png"), ("512x512", "icon.png")] {
        copy(&root.join("icons").join(file), &stage.join(format!("usr/share/icons/hicolor/{size}/apps/{name}.png")))?;
    }
    let doc = stage.join(format!("usr/share/doc/{name}"));
    std::fs::create_dir_all(&doc).map_err(|e| format!("{}: {e}", doc.display()))?;
    std::fs::write(doc.join("copyright"), "承办台 (Chengban). Licensed under the terms in the project's repository.\n")
        .map_err(|e| format!("copyright: {e}"))
}

/// Writes `DEBIAN/control` into the staged tree and builds the `.deb`: xz for what ships, fast for
/// the debug package CI checks.
pub fn dpkg_build(stage: &Path, control: &str, deb: &Path, profile: Profile) -> Result {
    let meta = stage.join("DEBIAN");
    std::fs::create_dir_all(&meta).map_err(|e| format!("{}: {e}", meta.display()))?;
    std::fs::write(meta.join("control"), control).map_err(|e| format!("DEBIAN/control: {e}"))?;
    let level = if profile == Profile::Release { "-z6" } else { "-z1" };
    sys::run(Command::new("dpkg-deb").args(["--root-owner-group", "-Zxz", level, "--build"]).arg(stage).arg(deb))
}

pub fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn windows_installer(profile: Profile, version: &str, out: &Path) -> Result<PathBuf> {
    if !sys::has_command("makensis") {
        return Err("makensis is missing: install nsis (.ci/run does)".into());
    }
    let built = sys::target_dir().join(sys::WINDOWS_TARGET).join(profile.dir());
    let src = out.join("windows-work");
    let _ = std::fs::remove_dir_all(&src);
    for file in ["chengban-desk.exe", "WebView2Loader.dll"] {
        copy(&built.join(file), &src.join(file))?;
    }
    copy(&sys::root().join("icons/icon.ico"), &src.join("icon.ico"))?;
    let exe = out.join(format!("chengban-desk_{version}_x64-setup.exe"));
    let mut cmd = Command::new("makensis");
    cmd.args(["-V2", "-INPUTCHARSET", "UTF8"])
        .arg(format!("-DVERSION={version}"))
        .arg(format!("-DSRC={}", src.display()))
        .arg(format!("-DOUTFILE={}", exe.display()));
    if profile == Profile::Debug {
        // LZMA over the 90 MiB debug exe takes a minute; zlib a few seconds.
        cmd.arg("-DFAST");
    }
    sys::run(cmd.arg(sys::root().join("packaging/windows/installer.nsi")))?;
    let _ = std::fs::remove_dir_all(&src);
    Ok(exe)
}
