//! The `.deb`'s `Depends`, checked on a Debian with nothing else: a minimal Debian of this
//! machine's release made with debootstrap, the package installed there with apt (only what it
//! depends on comes along), every linked library found, a font that covers Chinese present, and
//! the app started on this machine's Xvfb until its window draws (`artifacts/clean-system.ppm`);
//! the browser mode's `.deb` first, in the same bare system ([`crate::web_check`]).
//! Needs root (debootstrap, chroot, mounts) and the Debian mirror.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::sys::{self, Result};

const MIRROR: &str = "http://deb.debian.org/debian";

/// Mounts undone on drop, the last first, so a failed check leaves no mount behind.
struct Mounts(Vec<PathBuf>);

impl Mounts {
    fn add(&mut self, args: &[&str], source: &str, target: &Path) -> Result {
        std::fs::create_dir_all(target).map_err(|e| format!("{}: {e}", target.display()))?;
        sys::run(Command::new("mount").args(args).arg(source).arg(target))?;
        self.0.push(target.to_path_buf());
        Ok(())
    }
}

impl Drop for Mounts {
    fn drop(&mut self) {
        for target in self.0.iter().rev() {
            let _ = Command::new("umount").args(["-R", "-l"]).arg(target).status();
        }
    }
}

/// A process group killed on drop (the app and its WebKit processes; Xvfb).
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.0.id())]).status();
        let _ = self.0.wait();
    }
}

fn chroot(root: &Path, script: &str) -> Command {
    let mut c = Command::new("chroot");
    c.arg(root).args([
        "env",
        "-i",
        "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
        "DEBIAN_FRONTEND=noninteractive",
        "LANG=C.UTF-8",
        "sh",
        "-c",
        script,
    ]);
    c
}

fn codename() -> Result<String> {
    let release = std::fs::read_to_string("/etc/os-release").map_err(|e| format!("/etc/os-release: {e}"))?;
    release
        .lines()
        .find_map(|l| l.strip_prefix("VERSION_CODENAME=").map(|v| v.trim_matches('"').to_string()))
        .ok_or_else(|| "no VERSION_CODENAME in /etc/os-release".to_string())
}

/// `web`: the browser mode's `.deb`, checked first in the same bare system (before the app's
/// Depends could bring what it lacks).
pub fn check(deb: &Path, web: Option<&Path>) -> Result {
    let root_user = Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root_user || !sys::has_command("debootstrap") || !sys::has_command("Xvfb") {
        eprintln!("xtask: NOT CHECKED: the .deb's Depends on a bare Debian (needs root, debootstrap and Xvfb)");
        return Ok(());
    }
    let root = sys::target_dir().join("packages/clean-root");
    let _ = Command::new("umount").args(["-R", "-l"]).arg(root.join("proc")).arg(root.join("dev")).stderr(Stdio::null()).status();
    let _ = std::fs::remove_dir_all(&root);
    let mirror = std::env::var("CHENGBAN_DEBIAN_MIRROR").unwrap_or_else(|_| MIRROR.to_string());
    sys::run(Command::new("debootstrap").args(["--variant=minbase", &codename()?]).arg(&root).arg(&mirror).stdout(Stdio::null()))?;
    if let Some(web) = web {
        let mut mounts = Mounts(Vec::new());
        mounts.add(&["-t", "proc"], "proc", &root.join("proc"))?;
        crate::web_check::check(&root, web, |script| chroot(&root, script))?;
        drop(mounts);
    }
    let name = deb.file_name().and_then(|n| n.to_str()).ok_or("package name")?;
    std::fs::copy(deb, root.join("tmp").join(name)).map_err(|e| format!("copy the .deb: {e}"))?;
    sys::run(&mut chroot(&root, &format!("apt-get update -qq && apt-get install -y -qq --no-install-recommends /tmp/{name} >/dev/null")))?;

    let ldd = chroot(&root, "ldd /usr/bin/chengban-desk").output().map_err(|e| format!("ldd: {e}"))?;
    let missing: Vec<String> =
        String::from_utf8_lossy(&ldd.stdout).lines().filter(|l| l.contains("not found")).map(str::to_string).collect();
    if !ldd.status.success() || !missing.is_empty() {
        return Err(format!("on a bare Debian the app lacks libraries its Depends should bring: {missing:?}"));
    }
    let fonts = chroot(&root, "fc-list :lang=zh family").output().map_err(|e| format!("fc-list: {e}"))?;
    if String::from_utf8_lossy(&fonts.stdout).trim().is_empty() {
        return Err("on a bare Debian no installed font covers Chinese: the window would show boxes".into());
    }
    starts_and_draws(&root)?;
    let _ = std::fs::remove_dir_all(&root);
    eprintln!("xtask: on a bare Debian the .deb brings everything the app links, a Chinese font, and the app draws its window");
    Ok(())
}

/// Starts the installed app in the bare system on a private Xvfb and waits until its window has
/// drawn more than a blank screen, with the app still running.
fn starts_and_draws(root: &Path) -> Result {
    let display = (90..140).find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()).ok_or("no free X display")?;
    let fb = tempfile_dir()?;
    let xvfb = Command::new("Xvfb")
        .arg(format!(":{display}"))
        .args(["-screen", "0", "1280x800x24", "-nolisten", "tcp", "-fbdir"])
        .arg(&fb)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("Xvfb: {e}"))?;
    let _xvfb = Group(xvfb);
    let mut mounts = Mounts(Vec::new());
    mounts.add(&["-t", "proc"], "proc", &root.join("proc"))?;
    mounts.add(&["--rbind"], "/dev", &root.join("dev"))?;
    mounts.add(&["--bind"], "/tmp/.X11-unix", &root.join("tmp/.X11-unix"))?;
    let log = std::fs::File::create(fb.join("app.log")).map_err(|e| format!("app log: {e}"))?;
    let run = format!("DISPLAY=:{display} HOME=/root XDG_RUNTIME_DIR=/tmp exec /usr/bin/chengban-desk");
    let app = chroot(root, &run)
        .stdout(log.try_clone().map_err(|e| format!("app log: {e}"))?)
        .stderr(log)
        .process_group(0)
        .spawn()
        .map_err(|e| format!("chroot: {e}"))?;
    let mut app = Group(app);
    let deadline = Instant::now() + Duration::from_secs(40);
    let shot = loop {
        std::thread::sleep(Duration::from_secs(1));
        if let Ok(Some(status)) = app.0.try_wait() {
            let said = std::fs::read_to_string(fb.join("app.log")).unwrap_or_default();
            return Err(format!("on a bare Debian the app exited ({status}):\n{said}"));
        }
        let frame = std::fs::read(fb.join("Xvfb_screen0")).map_err(|e| format!("framebuffer: {e}"))?;
        if let Some(image) = Xwd::parse(&frame).filter(|i| i.colours() > 50) {
            break image;
        }
        if Instant::now() > deadline {
            let said = std::fs::read_to_string(fb.join("app.log")).unwrap_or_default();
            return Err(format!("on a bare Debian the app drew no window in 40 s:\n{said}"));
        }
    };
    let out = sys::root().join("artifacts");
    let _ = std::fs::create_dir_all(&out);
    shot.write_ppm(&out.join("clean-system.ppm"))?;
    drop(app);
    drop(mounts);
    let _ = std::fs::remove_dir_all(&fb);
    Ok(())
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("chengban-clean-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// The 24-bit screen Xvfb keeps in an XWD file (`-fbdir`).
struct Xwd {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Xwd {
    fn parse(data: &[u8]) -> Option<Self> {
        let word = |i: usize| data.get(i * 4..i * 4 + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
        let (header, width, height, bits, line, colours) = (word(0)?, word(4)?, word(5)?, word(11)?, word(12)?, word(19)?);
        if bits != 32 {
            return None;
        }
        let start = header + colours * 12;
        let mut rgb = Vec::with_capacity(width * height * 3);
        for y in 0..height {
            let row = data.get(start + y * line..start + y * line + width * 4)?;
            for px in row.chunks_exact(4) {
                rgb.extend_from_slice(&[px[2], px[1], px[0]]);
            }
        }
        Some(Self { width, height, rgb })
    }

    fn colours(&self) -> usize {
        let mut seen: Vec<[u8; 3]> = self.rgb.chunks_exact(3).step_by(7).map(|c| [c[0], c[1], c[2]]).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    fn write_ppm(&self, path: &Path) -> Result {
        let mut out = format!("P6\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.rgb);
        std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))
    }
}
