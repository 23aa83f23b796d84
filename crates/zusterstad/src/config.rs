//! Settings from the command line, the environment (`ZUSTERSTAD_*`) and an optional
//! TOML file, in that order of precedence.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// The settings file: every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub bind: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub demo: Option<bool>,
    pub tile_url: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub public_url: Option<String>,
    pub trusted_proxies: Option<Vec<std::net::IpAddr>>,
    pub file_store: Option<String>,
}

impl FileSettings {
    pub fn read(path: Option<&Path>) -> anyhow::Result<FileSettings> {
        let Some(path) = path else { return Ok(FileSettings::default()) };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the settings file {}", path.display()))?;
        toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("the settings file {} is not valid: {}", path.display(), e.message().trim()))
    }
}

pub const DEFAULT_DATA_DIR: &str = "data";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// Creates the data folder if needed and checks that it can be written, so a bad
/// folder stops start-up with one clear line.
pub fn prepare_data_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    let probe = dir.join(".write-test");
    std::fs::write(&probe, b"ok").with_context(|| format!("cannot write to the data folder {}", dir.display()))?;
    std::fs::remove_file(&probe).ok();
    Ok(())
}

/// The database URL: the one given, else a SQLite file in the data folder.
pub fn database_url(given: Option<String>, data_dir: &Path) -> anyhow::Result<String> {
    if let Some(url) = given {
        return Ok(url);
    }
    let path = data_dir.join("zusterstad.db");
    let Some(path) = path.to_str() else {
        bail!("the data folder path {} is not valid UTF-8", data_dir.display());
    };
    Ok(format!("sqlite://{path}?mode=rwc"))
}
