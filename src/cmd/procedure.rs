//! Finding one procedure by its code, reading only what that needs: shared by `eval` and
//! `show`.

use super::Global;
use crate::catalogue::{self, Catalogue, InputFile, Loaded};
use crate::diag::{Lang, Tr};
use crate::limits::Limits;
use crate::messages::{self, Localized};
use crate::model::Procedure;

/// An error that stops a command before it computes anything (exit code 2).
#[derive(Debug)]
pub struct UsageError {
    /// What went wrong.
    pub message: Tr,
    /// A hint.
    pub help: Option<Tr>,
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.render(Lang::En).trim_end())
    }
}

impl Localized for UsageError {
    fn tr(&self) -> (Tr, Option<Tr>) {
        (self.message.clone(), self.help.clone())
    }
}

/// A usage error with its hint.
pub fn usage(message: Tr, help: Option<Tr>) -> UsageError {
    UsageError { message, help }
}

/// Loads the whole catalogue in use.
pub fn load_all(g: &Global, limits: &Limits) -> Result<Loaded, UsageError> {
    let files = g.source().files(limits).map_err(|e| {
        let (m, h) = e.tr();
        usage(m, h)
    })?;
    Ok(catalogue::load(files, limits))
}

/// Loads only what evaluating `code` needs: the manifest, calendar data and the procedure's
/// own file when it is named after its code; otherwise the whole catalogue.
pub fn load_for(g: &Global, code: &str, limits: &Limits) -> Result<Loaded, UsageError> {
    let files = g.source().files(limits).map_err(|e| {
        let (m, h) = e.tr();
        usage(m, h)
    })?;
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
            messages::no_procedure(code),
            near.map(|n| {
                let name = cat.procedure(n).map(|p| &p.name);
                let named = |lang| match name {
                    Some(t) => format!("{n} ({})", t.get(lang)),
                    None => n.to_string(),
                };
                Tr {
                    en: messages::did_you_mean(&named(Lang::En)).en,
                    vi: messages::did_you_mean(&named(Lang::Vi)).vi,
                }
            }),
        )
    })
}

/// How many candidates a name that matches several procedures lists.
const CANDIDATES: usize = 10;

/// Finds a procedure by its code or, when no code is that, by its name as people type it
/// (without accents, in any case: [`crate::catalogue::search`]). A name that matches several
/// procedures is an error listing them, never a guess.
pub fn find_named<'c>(cat: &'c Catalogue, text: &str) -> Result<&'c Procedure, UsageError> {
    use crate::catalogue::search;
    if let Some(p) = cat.procedure(text.trim()) {
        return Ok(p);
    }
    // A code that is not in the catalogue is not completed into one that is: it is told
    // with the nearest code, never guessed.
    if text.trim().chars().all(|c| c.is_ascii_digit() || c == '.') {
        return find(cat, text);
    }
    let ranked = search::rank(&cat.procedures, text);
    if let Some(p) = search::the_one(&ranked, text) {
        return Ok(p);
    }
    if ranked.len() < 2 {
        return find(cat, text);
    }
    let n = ranked.len();
    let lines = |lang: Lang| {
        let mut s: String = ranked
            .iter()
            .take(CANDIDATES)
            .map(|p| format!("\n    {}  {}", p.code.as_str(), p.name.get(lang)))
            .collect();
        if n > CANDIDATES {
            let more = n - CANDIDATES;
            s.push_str(&match lang {
                Lang::Vi => format!("\n    … và {more} thủ tục khác"),
                Lang::En => format!("\n    … and {more} more"),
            });
        }
        s
    };
    let first = ranked[0].code.as_str();
    let (vi, en) = (lines(Lang::Vi), lines(Lang::En));
    Err(usage(
        Tr {
            en: format!("`{text}` matches {n} procedures:{en}"),
            vi: format!("`{text}` khớp với {n} thủ tục:{vi}"),
        },
        Some(crate::tr!(
            "give the code (e.g. {first}), or more words of the name; `thutuc list \"{text}\"` lists them all",
            "hãy ghi mã thủ tục (ví dụ {first}) hoặc thêm từ trong tên; `thutuc list \"{text}\"` liệt kê tất cả"
        )),
    ))
}
