//! Finding one procedure by its code, reading only what that needs: shared by `eval` and
//! `show`.

use super::Global;
use crate::catalogue::{self, Catalogue, InputFile, Loaded};
use crate::diag::Lang;
use crate::limits::Limits;
use crate::model::Procedure;

/// An error that stops a command before it computes anything (exit code 2).
#[derive(Debug)]
pub struct UsageError {
    /// What went wrong.
    pub message: String,
    /// A hint.
    pub help: Option<String>,
    /// The language the message is written in (labels the hint).
    pub lang: Lang,
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.help {
            let label = match self.lang {
                Lang::En => "help",
                Lang::Vi => "gợi ý",
            };
            write!(f, "\n  {label}: {h}")?;
        }
        Ok(())
    }
}

pub fn usage(message: impl Into<String>, help: Option<String>) -> UsageError {
    UsageError {
        message: message.into(),
        help,
        lang: Lang::En,
    }
}

/// Loads only what evaluating `code` needs: the manifest, calendar data and the procedure's
/// own file when it is named after its code; otherwise the whole catalogue.
pub fn load_for(g: &Global, code: &str, limits: &Limits) -> Result<Loaded, UsageError> {
    let files = g
        .source()
        .files(limits)
        .map_err(|e| usage(e.to_string(), None))?;
    let wanted = format!("/{code}.yaml");
    let found = files
        .iter()
        .any(|f| f.rel.starts_with("procedures/") && f.rel.ends_with(&wanted));
    let files: Vec<InputFile> = if found {
        files
            .into_iter()
            .filter(|f| !f.rel.starts_with("procedures/") || f.rel.ends_with(&wanted))
            .collect()
    } else {
        files
    };
    Ok(if found {
        catalogue::load_part(files, limits)
    } else {
        catalogue::load(files, limits)
    })
}

/// Finds a procedure or says which code was meant.
pub fn find<'c>(cat: &'c Catalogue, code: &str) -> Result<&'c Procedure, UsageError> {
    cat.procedure(code).ok_or_else(|| {
        let codes: Vec<&str> = cat.procedures.iter().map(|p| p.code.as_str()).collect();
        let near = crate::diag::nearest(code, codes.iter().copied()).or_else(|| {
            // Codes differ by digits; compare by edit distance rather than by prefix.
            codes
                .iter()
                .copied()
                .min_by_key(|c| strsim::levenshtein(c, code))
                .filter(|c| strsim::levenshtein(c, code) <= 2)
        });
        usage(
            format!("there is no procedure with the code {code} in this catalogue"),
            near.map(|n| {
                let name = cat
                    .procedure(n)
                    .map(|p| p.name.vi.clone())
                    .unwrap_or_default();
                format!("did you mean {n} ({name})?")
            }),
        )
    })
}
