//! Owner-only files and folders: the database holds customers' names, phones and
//! addresses.

use std::path::Path;

#[cfg(unix)]
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let meta = std::fs::metadata(dir)?;
    let mode = meta.permissions().mode();
    // A shared sticky folder (`/tmp`) is not ours to close; our own data dir is.
    if mode & 0o077 != 0 && mode & 0o1000 == 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(unix)]
pub fn create_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    // Created 0600 before SQLite opens it, so it is never readable by others, not
    // even for a moment; an existing one is tightened.
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    tighten(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(unix)]
pub fn tighten_companions(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = std::path::PathBuf::from(p);
        if p.exists() {
            tighten(&p, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn tighten(path: &Path, want: std::fs::Permissions) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o077 != 0 {
        std::fs::set_permissions(path, want)?;
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(not(unix))]
pub fn create_file(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
pub fn tighten_companions(_: &Path) -> std::io::Result<()> {
    Ok(())
}
