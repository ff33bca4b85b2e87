//! Command implementations: each takes parsed options, does its work through the domain
//! modules and returns what to print and the exit code. No argument parsing here.

pub mod calendar;
pub mod decision;
pub mod diff;
pub mod drift;
pub mod eval;
pub mod help;
pub mod import;
pub mod kinds;
pub mod list;
pub mod log;
pub mod metrics;
pub mod names;
pub mod plan;
pub mod procedure;
pub mod report;
pub mod revision;
pub mod show;
pub mod site;
pub mod table;
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
        crate::catalogue::manifest_language(&self.source())
    }

    /// The language of messages shown before the catalogue is loaded: `--lang`, else the
    /// catalogue's.
    pub fn message_lang(&self) -> Lang {
        self.lang
            .unwrap_or_else(|| crate::catalogue::manifest_language(&self.source()))
    }

    /// The limits in force: the defaults, then the manifest's `limits:`, then `--limit`.
    pub fn limits(&self) -> crate::limits::Limits {
        crate::catalogue::manifest_limits(&self.source()).with(&self.limits)
    }
}

/// The note that the bundled catalogue was used, since there is no `./catalogue`.
pub fn bundled_notice(lang: Lang) -> String {
    let text = crate::messages::t(
        lang,
        "ở đây không có thư mục ./catalogue: đang dùng bản danh mục đóng gói sẵn trong thutuc (dùng -C DIR để chọn danh mục)",
        "there is no ./catalogue here: the catalogue bundled into thutuc is used (pass -C DIR to choose one)",
    );
    format!("{}: {text}", crate::messages::note(lang))
}

/// The errors that stop a command (files that cannot be trusted), printed as `validate`
/// prints them, with exit 1: what the command would have said rests on those files.
pub fn stopped_by(
    errors: &[crate::diag::Diagnostic],
    files: usize,
    lang: Lang,
    color: bool,
) -> Outcome {
    let summary = crate::diag::render::Summary::of(files, errors);
    Outcome::out(
        crate::diag::render::human(errors, summary, lang, color),
        crate::exit::FINDINGS,
    )
}

/// Lets go of what a command built without freeing it. `main` runs one command and exits
/// right after printing, so freeing a large catalogue, or a repository's caches, piece by
/// piece would only delay the exit (about 90 ms for 10,000 procedures). Only for values of
/// commands that `main` runs once per process.
pub fn leave<T>(value: T) {
    std::mem::forget(value);
}

/// How this program gives memory it has freed back to be used again (set by the binary,
/// which chooses the allocator; nothing by default).
static RELEASE_FREED: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what [`release_freed`] does; the first call wins.
pub fn on_release_freed(release: fn()) {
    let _ = RELEASE_FREED.set(release);
}

/// Makes memory freed by a large load usable again, by whichever thread allocates next.
pub fn release_freed() {
    if let Some(release) = RELEASE_FREED.get() {
        release();
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
