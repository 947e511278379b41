//! Installs what `cargo xtask package` made, as a clerk's PC or its IT would, and checks it.
//! The `.deb`: installed with apt (which resolves its `Depends`), the installed
//! `/usr/bin/chengban-desk` started under Xvfb through WebDriver to its login screen and a
//! first sync (`tests/tests/installed.rs`), then removed; then its `Depends` on a bare Debian
//! (`clean_system`). The Windows installer: run by Debian's
//! wine in a fresh prefix, silently, for this user into a chosen folder, again as an upgrade in
//! place, uninstalled, then for all users; files, shortcuts, registry and the user's data checked
//! at each step. (Our exe itself cannot run under Debian's wine 8; the NSIS installer can.)

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::package::Packages;
use crate::sys::{self, Result};

const UNINSTALL_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\cn.chengban.desk";

/// `start_app`: also start the installed `.deb` under Xvfb (the end-to-end part).
pub fn run(packages: &Packages, start_app: bool) -> Result {
    deb(&packages.deb, start_app)?;
    crate::clean_system::check(&packages.deb, packages.web_here())?;
    windows(&packages.windows)
}

fn as_root(program: &str) -> Option<Command> {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root {
        return Some(Command::new(program));
    }
    let sudo = Command::new("sudo").args(["-n", "true"]).status().is_ok_and(|s| s.success());
    sudo.then(|| {
        let mut c = Command::new("sudo");
        c.args(["-n", program]);
        c
    })
}

fn deb(deb: &Path, start_app: bool) -> Result {
    let (Some(mut install), Some(mut remove)) = (as_root("apt-get"), as_root("apt-get")) else {
        eprintln!("xtask: NOT CHECKED: installing {} needs root or sudo without a password", deb.display());
        return Ok(());
    };
    sys::run(install.args(["install", "-y", "-qq", "--no-install-recommends"]).arg(deb).env("DEBIAN_FRONTEND", "noninteractive"))?;
    let checked = installed_files().and_then(|()| {
        if !start_app {
            eprintln!("xtask: the installed app was not started (--no-e2e)");
            return Ok(());
        }
        let mut e2e = sys::e2e_command(&["--test", "installed", "--", "--test-threads=1"])?;
        sys::run(e2e.env("CHENGBAN_APP", "/usr/bin/chengban-desk"))
    });
    sys::run(remove.args(["remove", "-y", "-qq", "chengban-desk"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    checked?;
    if Path::new("/usr/bin/chengban-desk").exists() {
        return Err("/usr/bin/chengban-desk is still there after apt-get remove".into());
    }
    eprintln!("xtask: the .deb installs with its Depends, starts to its login screen and syncs, and removes cleanly");
    Ok(())
}

fn installed_files() -> Result {
    let listed = Command::new("dpkg").args(["-L", "chengban-desk"]).output().map_err(|e| format!("dpkg -L: {e}"))?;
    let listed = String::from_utf8_lossy(&listed.stdout);
    for want in [
        "/usr/bin/chengban-desk",
        "/usr/share/applications/chengban-desk.desktop",
        "/usr/share/icons/hicolor/128x128/apps/chengban-desk.png",
    ] {
        if !listed.lines().any(|l| l == want) {
            return Err(format!("the .deb does not install {want}"));
        }
    }
    if sys::has_command("desktop-file-validate") {
        sys::run(Command::new("desktop-file-validate").arg("/usr/share/applications/chengban-desk.desktop"))?;
    }
    Ok(())
}

/// Debian puts `wine64` in /usr/lib/wine (the `wine` package adds the wrapper on PATH).
fn wine64() -> Option<PathBuf> {
    if sys::has_command("wine64") {
        return Some(PathBuf::from("wine64"));
    }
    Some(PathBuf::from("/usr/lib/wine/wine64")).filter(|p| p.is_file())
}

struct Wine {
    bin: PathBuf,
    prefix: PathBuf,
}

impl Wine {
    fn cmd(&self) -> Command {
        let mut c = Command::new(&self.bin);
        c.env("WINEPREFIX", &self.prefix).env("WINEDEBUG", "-all").env("WINEDLLOVERRIDES", "mscoree,mshtml=").env_remove("DISPLAY");
        c
    }

    fn run(&self, args: &[&str]) -> Result {
        sys::run(self.cmd().args(args))
    }

    /// `C:\…` in the prefix.
    fn path(&self, windows: &str) -> PathBuf {
        let rest = windows.trim_start_matches("C:\\").replace('\\', "/");
        self.prefix.join("drive_c").join(rest)
    }

    /// The registry key's values as `"name"="value"` lines, or None when it is absent.
    fn key(&self, key: &str) -> Option<String> {
        let ok = self.cmd().args(["reg", "export", key]).arg("C:\\key.reg").arg("/y").status().is_ok_and(|s| s.success());
        let bytes = std::fs::read(self.path("C:\\key.reg")).ok().filter(|_| ok)?;
        let _ = std::fs::remove_file(self.path("C:\\key.reg"));
        let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        Some(String::from_utf16_lossy(&units).replace("\\\\", "\\"))
    }

    fn user_dir(&self) -> Result<PathBuf> {
        let users = self.prefix.join("drive_c/users");
        std::fs::read_dir(&users)
            .map_err(|e| format!("{}: {e}", users.display()))?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n != "Public") && p.join("AppData").is_dir())
            .ok_or_else(|| "no user folder in the wine prefix".to_string())
    }
}

fn expect(ok: bool, what: &str) -> Result {
    if ok {
        Ok(())
    } else {
        Err(format!("windows installer: {what}"))
    }
}

/// Waits for the uninstaller, which copies itself away and returns at once.
fn until_gone(path: &Path) -> Result {
    let deadline = Instant::now() + Duration::from_secs(60);
    while path.exists() {
        if Instant::now() > deadline {
            return Err(format!("windows installer: {} still there a minute after uninstalling", path.display()));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Ok(())
}

fn windows(setup: &Path) -> Result {
    let Some(bin) = wine64() else {
        eprintln!("xtask: NOT CHECKED: wine64 is missing, so the Windows installer was not run (.ci/run installs it)");
        return Ok(());
    };
    let prefix = sys::target_dir().join("packages/wine-check");
    let _ = std::fs::remove_dir_all(&prefix);
    let wine = Wine { bin, prefix };
    wine.run(&["wineboot", "--init"])?;
    let setup = setup.to_string_lossy().to_string();

    // This user, into a folder IT chose; the user's data is there from an earlier start.
    wine.run(&[&setup, "/S", "/D=C:\\Apps\\Chengban"])?;
    let dir = wine.path("C:\\Apps\\Chengban");
    for file in ["chengban-desk.exe", "WebView2Loader.dll", "uninstall.exe"] {
        expect(dir.join(file).is_file(), &format!("{file} not installed beside the exe"))?;
    }
    let user = wine.user_dir()?;
    let menu = user.join("AppData/Roaming/Microsoft/Windows/Start Menu/Programs/承办台.lnk");
    expect(menu.is_file(), "no Start-menu shortcut 承办台 for this user")?;
    let entry = wine.key(&format!("HKEY_CURRENT_USER\\{UNINSTALL_KEY}")).ok_or("windows installer: no uninstall entry in HKCU")?;
    for want in ["\"DisplayName\"=\"承办台\"", "uninstall.exe\\\" /S /CurrentUser\"", "\"InstallLocation\"=\"C:\\Apps\\Chengban\""] {
        expect(entry.contains(want), &format!("the uninstall entry lacks {want}: {entry}"))?;
    }
    let data = user.join("AppData/Local/chengban");
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    std::fs::write(data.join("cache-work.sqlite"), b"the clerk's work").map_err(|e| format!("user data: {e}"))?;

    // Upgrade in place: no folder given, the same one is used, the data stays.
    std::fs::write(dir.join("chengban-desk.exe"), b"old").map_err(|e| format!("old exe: {e}"))?;
    wine.run(&[&setup, "/S"])?;
    expect(std::fs::metadata(dir.join("chengban-desk.exe")).is_ok_and(|m| m.len() > 3), "the upgrade did not replace the exe")?;
    expect(!user.join("AppData/Local/Programs/Chengban").exists(), "the upgrade installed a second copy in the default folder")?;

    // Uninstall: the program, its shortcut and entries go; the user's data stays.
    wine.run(&["C:\\Apps\\Chengban\\uninstall.exe", "/S", "/CurrentUser"])?;
    until_gone(&dir.join("chengban-desk.exe"))?;
    until_gone(&dir)?;
    expect(!menu.exists(), "the Start-menu shortcut is left after uninstalling")?;
    expect(wine.key(&format!("HKEY_CURRENT_USER\\{UNINSTALL_KEY}")).is_none(), "the uninstall entry is left")?;
    expect(std::fs::read(data.join("cache-work.sqlite")).is_ok_and(|d| d == b"the clerk's work"), "uninstalling touched the user's data")?;

    // All users (wine runs as an administrator): Program Files, HKLM, everyone's Start menu.
    wine.run(&[&setup, "/S", "/AllUsers"])?;
    let all = wine.path("C:\\Program Files\\Chengban");
    expect(all.join("chengban-desk.exe").is_file(), "/AllUsers did not install into Program Files")?;
    let shared_menu = wine.path("C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\承办台.lnk");
    expect(shared_menu.is_file(), "no Start-menu shortcut for all users")?;
    let entry = wine.key(&format!("HKEY_LOCAL_MACHINE\\{UNINSTALL_KEY}")).ok_or("windows installer: no uninstall entry in HKLM")?;
    expect(entry.contains("/S /AllUsers"), &format!("the all-users entry does not uninstall for all users: {entry}"))?;
    wine.run(&["C:\\Program Files\\Chengban\\uninstall.exe", "/S", "/AllUsers"])?;
    until_gone(&all)?;
    expect(!shared_menu.exists(), "the all-users shortcut is left after uninstalling")?;
    expect(wine.key(&format!("HKEY_LOCAL_MACHINE\\{UNINSTALL_KEY}")).is_none(), "the all-users uninstall entry is left")?;

    let server = if wine.bin.is_absolute() { wine.bin.with_file_name("wineserver") } else { PathBuf::from("wineserver") };
    let _ = Command::new(server).arg("-k").env("WINEPREFIX", &wine.prefix).status();
    let _ = std::fs::remove_dir_all(&wine.prefix);
    eprintln!("xtask: the Windows installer installs for this user and for all users, upgrades in place and uninstalls cleanly (wine)");
    Ok(())
}
