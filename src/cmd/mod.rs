//! Command implementations: each takes parsed options, does its work through the domain
//! modules and returns what to print and the exit code. No argument parsing here.

pub mod calendar;
pub mod decision;
pub mod diff;
pub mod eval;
pub mod import;
pub mod log;
pub mod metrics;
pub mod show;
pub mod test;
pub mod usage;
pub mod validate;

use crate::catalogue::Source;
use crate::diag::Lang;
use std::path::PathBuf;

/// Options every command shares.
#[derive(Debug, Clone)]
pub struct Global {
    /// `-C`: the catalogue directory, when given.
    pub catalogue: Option<PathBuf>,
    /// `--lang`, when given (otherwise the catalogue's language).
    pub lang: Option<Lang>,
    /// Whether to colour human output.
    pub color: bool,
    /// `--limit KEY=VALUE` overrides, in order (they win over the manifest's `limits:`).
    pub limits: Vec<crate::limits::Override>,
}

impl Global {
    /// Where the catalogue comes from: `-C DIR`, else `./catalogue`, else the bundled copy.
    pub fn source(&self) -> Source {
        match &self.catalogue {
            Some(dir) => Source::Dir(dir.clone()),
            None if std::path::Path::new("catalogue/catalogue.yaml").exists() => {
                Source::Dir("catalogue".into())
            }
            None => Source::Bundled,
        }
    }

    /// The catalogue's language (its manifest's `language`), for messages printed without a
    /// loaded catalogue.
    pub fn language(&self) -> Lang {
        let defaults = crate::limits::Limits::default();
        let manifest = match self.source() {
            Source::Dir(d) => Some(crate::catalogue::InputFile {
                rel: crate::catalogue::MANIFEST.into(),
                display: d.join(crate::catalogue::MANIFEST),
                bytes: crate::catalogue::read_limited(
                    &d.join(crate::catalogue::MANIFEST),
                    defaults.max_file_bytes,
                ),
            }),
            Source::Bundled => Source::Bundled
                .files(&defaults)
                .ok()
                .and_then(|fs| fs.into_iter().find(|f| f.rel == crate::catalogue::MANIFEST)),
        };
        manifest
            .map(|f| {
                crate::catalogue::load(vec![f], &defaults)
                    .catalogue
                    .manifest
                    .language
            })
            .unwrap_or_default()
    }

    /// The limits in force: the defaults, then the manifest's `limits:`, then `--limit`.
    pub fn limits(&self) -> crate::limits::Limits {
        crate::catalogue::manifest_limits(&self.source()).with(&self.limits)
    }
}

/// What a command produced.
#[derive(Debug)]
pub struct Outcome {
    /// Text for standard output.
    pub stdout: String,
    /// Warnings for standard error.
    pub stderr: String,
    /// Exit code (see [`crate::exit`]).
    pub code: u8,
}

impl Outcome {
    /// Output with no warnings.
    pub fn out(stdout: String, code: u8) -> Outcome {
        Outcome {
            stdout,
            stderr: String::new(),
            code,
        }
    }
}
