//! One catalogue as the server holds it: loaded once from disk (open files as typed), then
//! kept current file by file, so that a keystroke re-reads one file, not ten thousand.

use super::FileKind;
use crate::catalogue::{self, Catalogue, InputFile, Source, checks};
use crate::diag::{Diagnostic, Severity};
use crate::limits::Limits;
use crate::model::Procedure;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A catalogue folder and what was read of it.
pub struct Workspace {
    /// The folder holding catalogue.yaml (as found from the opened file).
    pub root: PathBuf,
    /// The limits in force (the manifest's `limits:` over the defaults).
    pub limits: Limits,
    /// The catalogue: every procedure that could be read, sorted by code.
    pub cat: Catalogue,
    /// Findings of the last full load, by catalogue path, for files not reread since.
    loaded: HashMap<String, Vec<Diagnostic>>,
    /// The code each procedure file holds, by catalogue path.
    codes: HashMap<String, String>,
    /// Codes (or file stems) of procedure files with errors, for the overlay checks.
    broken: HashSet<String>,
}

/// The folder holding catalogue.yaml that holds `file`, if any.
pub fn root_of(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .find(|d| d.join(catalogue::MANIFEST).is_file())
        .map(Path::to_path_buf)
}

/// The kind of a file by its path inside the catalogue.
pub fn kind_of(rel: &str) -> FileKind {
    let yaml = rel.ends_with(".yaml") || rel.ends_with(".yml");
    match rel {
        _ if !yaml => FileKind::Other,
        catalogue::MANIFEST => FileKind::Manifest,
        r if r.starts_with("procedures/") => FileKind::Procedure,
        r if r.starts_with("provinces/") => FileKind::Overlay,
        r if r.starts_with("tests/") => FileKind::Test,
        r if r.starts_with("calendar/") => FileKind::Calendar,
        _ => FileKind::Other,
    }
}

fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

impl Workspace {
    /// Loads the catalogue at `root`, reading the files in `open` (catalogue path → text) as
    /// the editor holds them rather than from disk.
    pub fn load(root: &Path, open: &HashMap<String, String>) -> Workspace {
        let source = Source::Dir(root.to_path_buf());
        let limits = catalogue::manifest_limits(&source);
        let mut files = source.files(&limits).unwrap_or_default();
        for f in &mut files {
            if let Some(text) = open.get(&f.rel) {
                f.bytes = Ok(text.clone().into_bytes());
            }
        }
        let loaded = catalogue::load(files, &limits);
        let mut by_file: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        let mut broken = HashSet::new();
        for d in loaded.diagnostics {
            let Some(f) = &d.file else { continue };
            let rel = rel_of(root, &f.path);
            if d.severity == Severity::Error && rel.starts_with("procedures/") {
                broken.insert(stem(&rel).to_string());
            }
            by_file.entry(rel).or_default().push(d);
        }
        let codes = loaded.codes.into_iter().collect();
        Workspace {
            root: root.to_path_buf(),
            limits,
            cat: loaded.catalogue,
            loaded: by_file,
            codes,
            broken,
        }
    }

    /// The path inside the catalogue of a file.
    pub fn rel(&self, path: &Path) -> String {
        rel_of(&self.root, path)
    }

    fn input(&self, rel: &str, text: &str) -> InputFile {
        InputFile {
            rel: rel.to_string(),
            display: self.root.join(rel),
            bytes: Ok(text.as_bytes().to_vec()),
        }
    }

    /// The procedure held by the file at `rel`, as last read.
    pub fn procedure_at(&self, rel: &str) -> Option<&Procedure> {
        self.codes.get(rel).and_then(|c| self.cat.procedure(c))
    }

    /// Rereads one procedure file from the editor's text and returns its findings: the
    /// file's own, and the catalogue-wide checks of it (the same as `validate`).
    pub fn update_procedure(&mut self, rel: &str, text: &str) -> Vec<Diagnostic> {
        self.loaded.remove(rel);
        let (_, p, mut diags) = catalogue::decode_procedure(self.input(rel, text), &self.limits);
        let Some(p) = p else {
            self.broken.insert(stem(rel).to_string());
            return diags;
        };
        let pair = [(rel.to_string(), p)];
        let mut wide = Vec::new();
        // The file's own errors are said once, not again as their consequences.
        let broken: HashSet<String> = diags
            .iter()
            .any(|d| d.severity == Severity::Error)
            .then(|| pair[0].1.code.value.to_string())
            .into_iter()
            .collect();
        checks::whole_catalogue(&self.cat.manifest, &pair, &broken, &mut wide);
        let [(_, p)] = pair;
        // The manifest's own findings belong to the manifest.
        diags.extend(
            wide.into_iter()
                .filter(|d| d.file.as_ref().is_some_and(|f| f.path == p.file.path)),
        );
        let clash = self
            .codes
            .iter()
            .find(|(r, c)| r.as_str() != rel && c.as_str() == p.code.as_str())
            .and_then(|(_, c)| self.cat.procedure(c));
        if let Some(first) = clash {
            diags.push(checks::duplicate_code(&p, first));
        }
        if diags.iter().any(|d| d.severity == Severity::Error) {
            self.broken.insert(p.code.value.to_string());
        } else {
            self.broken.remove(p.code.as_str());
            self.broken.remove(stem(rel));
        }
        // The catalogue keeps one procedure per code: a clash keeps the first file's.
        if clash.is_none() {
            if let Some(old) = self.codes.get(rel).cloned()
                && let Ok(i) = self
                    .cat
                    .procedures
                    .binary_search_by(|x| x.code.as_str().cmp(&old))
            {
                self.cat.procedures.remove(i);
            }
            match self
                .cat
                .procedures
                .binary_search_by(|x| x.code.as_str().cmp(p.code.as_str()))
            {
                Ok(i) => self.cat.procedures[i] = p.clone(),
                Err(i) => self.cat.procedures.insert(i, p.clone()),
            }
            self.codes.insert(rel.to_string(), p.code.value.to_string());
        }
        diags
    }

    /// The findings of an overlay, a scenario file or a calendar year read from the
    /// editor's text, checked against the catalogue as it is now.
    pub fn check_other(&self, rel: &str, text: &str) -> Vec<Diagnostic> {
        let file = self.input(rel, text);
        match kind_of(rel) {
            FileKind::Overlay => {
                let (p, mut out) = self.read(&file, crate::province::read);
                if let Some(p) = p {
                    let national = crate::province::National {
                        procedures: &self.cat.procedures,
                        broken: &self.broken,
                    };
                    let fields: Vec<&str> = self
                        .cat
                        .manifest
                        .fields
                        .iter()
                        .map(|f| f.id.as_str())
                        .collect();
                    crate::province::check(&p, &national, &fields, rel, &mut out);
                    crate::province::check_fee_types(
                        &p,
                        &national,
                        &self.cat.manifest.facts,
                        &mut out,
                    );
                }
                out
            }
            FileKind::Test => {
                let (scenarios, mut out) =
                    crate::scenarios::read(std::slice::from_ref(&file), &self.limits);
                if out.iter().all(|d| d.severity != Severity::Error) {
                    let calendar = self.cat.calendar();
                    for r in crate::scenarios::run(&self.cat, scenarios, &calendar) {
                        for f in r.failures {
                            let at = r.scenario.offset as usize;
                            out.push(Diagnostic::error("test/failed", f).at(
                                &r.scenario.file,
                                at,
                                at + r.scenario.name.vi.len(),
                                None,
                            ));
                        }
                    }
                }
                out
            }
            FileKind::Calendar => self.read(&file, crate::calendar::data::read_year).1,
            _ => Vec::new(),
        }
    }

    /// Parses a file and reads it with `read`: what it yields and the findings.
    fn read<T>(
        &self,
        file: &InputFile,
        read: impl FnOnce(&mut crate::shape::Cx<'_>, crate::yaml::NodeId) -> Option<T>,
    ) -> (Option<T>, Vec<Diagnostic>) {
        let (src, doc) = match catalogue::parse_file(file, &self.limits) {
            Ok(x) => x,
            Err(d) => return (None, vec![*d]),
        };
        let Some(root) = doc.root() else {
            return (None, Vec::new());
        };
        let mut cx = crate::shape::Cx::new(&doc, &src, &self.limits);
        let v = read(&mut cx, root);
        (v, cx.diags)
    }

    /// The findings of the last full load for a file (the manifest's after a reload).
    pub fn loaded(&self, rel: &str) -> Vec<Diagnostic> {
        self.loaded.get(rel).cloned().unwrap_or_default()
    }
}

fn rel_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
