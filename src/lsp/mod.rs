//! `thutuc lsp`: a language server for the catalogue's YAML files, over stdio.
//!
//! Built on `lsp-server` (rust-analyzer's scaffold) with a synchronous dispatch loop in the
//! manner of ruff's server: one thread reads messages and this loop answers each in turn.
//! The catalogue is found from the opened file (the folder holding catalogue.yaml), loaded
//! once, then kept current file by file ([`workspace`]). A file that is half typed, outside
//! any catalogue, or not text at all gets no answer or empty answers, never a crash: a
//! handler that fails answers with an error and the loop goes on.

mod actions;
mod complete;
mod hover;
mod position;
mod spot;
mod workspace;

use crate::diag::{Diagnostic, Lang, Severity};
use crate::model::{FactDecl, Manifest, Procedure};
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::Url;
use position::Lines;
use std::collections::HashMap;
use std::path::PathBuf;
use workspace::Workspace;

/// What a catalogue file is, by where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `procedures/**.yaml`.
    Procedure,
    /// `catalogue.yaml`.
    Manifest,
    /// `provinces/*.yaml`.
    Overlay,
    /// `tests/**.yaml`.
    Test,
    /// `calendar/*.yaml`.
    Calendar,
    /// Anything else.
    Other,
}

/// What completion and hover know about the file at hand.
pub struct Known<'a> {
    /// The catalogue's manifest.
    pub manifest: &'a Manifest,
    /// Every procedure, sorted by code.
    pub procedures: &'a [Procedure],
    /// The procedure the cursor is about: the file's own, a scenario file's, or the one an
    /// overlay entry names.
    pub this: Option<&'a Procedure>,
    /// The kind of file.
    pub kind: FileKind,
    /// The language of answers.
    pub lang: Lang,
}

impl Known<'_> {
    /// A fact the procedure or the catalogue declares.
    pub fn fact(&self, id: &str) -> Option<&FactDecl> {
        self.this
            .and_then(|p| p.facts.iter().find(|f| f.id.as_str() == id))
            .or_else(|| self.manifest.facts.iter().find(|f| f.id.as_str() == id))
    }
}

/// An open file.
struct Doc {
    text: String,
    version: i32,
    /// The catalogue it belongs to, and its path inside it.
    home: Option<(PathBuf, String)>,
}

/// The server's state.
pub struct Server {
    docs: HashMap<Url, Doc>,
    workspaces: HashMap<PathBuf, Workspace>,
    /// `--lang`, else each catalogue's language.
    lang: Option<Lang>,
}

/// What the server offers.
pub fn capabilities() -> lsp_types::ServerCapabilities {
    use lsp_types::*;
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(
                [" ", ":", "\"", "[", ",", "-", "="]
                    .map(String::from)
                    .to_vec(),
            ),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Runs the server on standard input and output until the client says `exit`.
pub fn run(lang: Option<Lang>) -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    serve(&connection, lang)?;
    drop(connection);
    io.join().map_err(|e| e.to_string())
}

/// Runs the server on a connection (stdio, or in memory for benchmarks).
pub fn serve(connection: &Connection, lang: Option<Lang>) -> Result<(), String> {
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    connection.initialize(caps).map_err(|e| e.to_string())?;
    let mut server = Server {
        docs: HashMap::new(),
        workspaces: HashMap::new(),
        lang,
    };
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                let id = req.id.clone();
                let resp = guarded(|| server.request(req)).unwrap_or_else(|| {
                    Err((
                        lsp_server::ErrorCode::InternalError,
                        "internal error".into(),
                    ))
                });
                let resp = match resp {
                    Ok(v) => Response::new_ok(id, v),
                    Err((code, m)) => Response::new_err(id, code as i32, m),
                };
                send(connection, resp.into());
            }
            Message::Notification(n) => {
                if let Some(out) = guarded(|| server.notification(n)) {
                    for m in out {
                        send(connection, m);
                    }
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn send(connection: &Connection, m: Message) {
    // The client is gone: the reader ends the loop.
    let _ = connection.sender.send(m);
}

/// Runs a handler; a panic in it (a bug) is caught so the server keeps serving.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

type Answer = Result<serde_json::Value, (lsp_server::ErrorCode, String)>;

fn params<P: serde::de::DeserializeOwned>(
    v: serde_json::Value,
) -> Result<P, (lsp_server::ErrorCode, String)> {
    serde_json::from_value(v).map_err(|e| (lsp_server::ErrorCode::InvalidParams, e.to_string()))
}

fn json<T: serde::Serialize>(v: T) -> Answer {
    serde_json::to_value(v).map_err(|e| (lsp_server::ErrorCode::InternalError, e.to_string()))
}

impl Server {
    fn request(&mut self, req: Request) -> Answer {
        use lsp_types::request::*;
        match req.method.as_str() {
            Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(req.params)?;
                json(self.completion(&p.text_document_position))
            }
            HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(req.params)?;
                json(self.hover(&p.text_document_position_params))
            }
            GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = params(req.params)?;
                json(self.definition(&p.text_document_position_params))
            }
            CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(req.params)?;
                json(self.code_actions(&p))
            }
            m => Err((
                lsp_server::ErrorCode::MethodNotFound,
                format!("unknown request {m}"),
            )),
        }
    }

    fn notification(&mut self, n: Notification) -> Vec<Message> {
        use lsp_types::notification::*;
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                else {
                    return Vec::new();
                };
                let d = p.text_document;
                self.open(d.uri, d.text, d.version)
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                else {
                    return Vec::new();
                };
                // Full sync: the last change is the whole text.
                let Some(c) = p.content_changes.into_iter().last() else {
                    return Vec::new();
                };
                self.change(p.text_document.uri, c.text, p.text_document.version)
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                else {
                    return Vec::new();
                };
                self.close(p.text_document.uri)
            }
            _ => Vec::new(),
        }
    }

    /// The catalogue a file belongs to and its path inside it, loading the catalogue the
    /// first time.
    fn home(&mut self, uri: &Url) -> Option<(PathBuf, String)> {
        let path = uri.to_file_path().ok()?;
        // The same folder however the editor spells it (a link, `..`).
        let path = match (
            path.parent().and_then(|d| d.canonicalize().ok()),
            path.file_name(),
        ) {
            (Some(d), Some(n)) => d.join(n),
            _ => path,
        };
        let root = workspace::root_of(&path)?;
        if !self.workspaces.contains_key(&root) {
            let open = self.open_texts(&root);
            self.workspaces
                .insert(root.clone(), Workspace::load(&root, &open));
        }
        let rel = self.workspaces[&root].rel(&path);
        Some((root, rel))
    }

    /// The texts of the open files of a catalogue, by catalogue path.
    fn open_texts(&self, root: &PathBuf) -> HashMap<String, String> {
        self.docs
            .values()
            .filter_map(|d| match &d.home {
                Some((r, rel)) if r == root => Some((rel.clone(), d.text.clone())),
                _ => None,
            })
            .collect()
    }

    fn open(&mut self, uri: Url, text: String, version: i32) -> Vec<Message> {
        let home = self.home(&uri);
        self.docs.insert(
            uri.clone(),
            Doc {
                text,
                version,
                home,
            },
        );
        self.reread(&uri)
    }

    fn change(&mut self, uri: Url, text: String, version: i32) -> Vec<Message> {
        match self.docs.get_mut(&uri) {
            Some(d) => {
                d.text = text;
                d.version = version;
            }
            None => return self.open(uri, text, version),
        }
        self.reread(&uri)
    }

    fn close(&mut self, uri: Url) -> Vec<Message> {
        let Some(doc) = self.docs.remove(&uri) else {
            return Vec::new();
        };
        // What the editor held and did not save is no longer the catalogue: read the disk.
        if let Some((root, rel)) = &doc.home
            && workspace::kind_of(rel) == FileKind::Procedure
            && let Some(ws) = self.workspaces.get_mut(root)
            && let Ok(text) = std::fs::read_to_string(root.join(rel))
        {
            ws.update_procedure(rel, &text);
        }
        vec![publish(&uri, None, Vec::new())]
    }

    /// Rereads an open file into its catalogue; returns the diagnostics to publish: the
    /// file's, and those of the other open files its change may affect.
    fn reread(&mut self, uri: &Url) -> Vec<Message> {
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        let Some((root, rel)) = doc.home.clone() else {
            return vec![publish(uri, Some(doc.version), Vec::new())];
        };
        let kind = workspace::kind_of(&rel);
        let mut affected = vec![uri.clone()];
        match kind {
            FileKind::Manifest => {
                // Everything depends on the manifest: load again, with the open files.
                let open = self.open_texts(&root);
                self.workspaces
                    .insert(root.clone(), Workspace::load(&root, &open));
                affected = self.open_in(&root);
            }
            FileKind::Procedure => {
                let text = doc.text.clone();
                let ws = self.workspaces.get_mut(&root).expect("loaded by home()");
                let diags = ws.update_procedure(&rel, &text);
                let mut out = vec![self.publish_for(uri, diags)];
                // Overlays and scenarios name procedures: check the open ones again.
                for other in self.open_in(&root) {
                    if &other != uri
                        && let Some(d) = self.docs.get(&other)
                        && let Some((_, r)) = &d.home
                        && matches!(workspace::kind_of(r), FileKind::Overlay | FileKind::Test)
                    {
                        let diags = self.workspaces[&root].check_other(r, &d.text);
                        out.push(self.publish_for(&other, diags));
                    }
                }
                return out;
            }
            _ => {}
        }
        affected
            .into_iter()
            .filter_map(|u| {
                let d = self.docs.get(&u)?;
                let (root, rel) = d.home.clone()?;
                let ws = self.workspaces.get(&root)?;
                let diags = match workspace::kind_of(&rel) {
                    FileKind::Manifest => ws.loaded(&rel),
                    FileKind::Procedure => ws.loaded(&rel),
                    _ => ws.check_other(&rel, &d.text),
                };
                Some(self.publish_for(&u, diags))
            })
            .collect()
    }

    /// The open files of a catalogue.
    fn open_in(&self, root: &PathBuf) -> Vec<Url> {
        self.docs
            .iter()
            .filter(|(_, d)| d.home.as_ref().is_some_and(|(r, _)| r == root))
            .map(|(u, _)| u.clone())
            .collect()
    }

    fn lang_of(&self, root: Option<&PathBuf>) -> Lang {
        self.lang
            .or_else(|| {
                root.and_then(|r| self.workspaces.get(r))
                    .map(|w| w.cat.manifest.language)
            })
            .unwrap_or_default()
    }

    fn publish_for(&self, uri: &Url, mut diags: Vec<Diagnostic>) -> Message {
        let Some(doc) = self.docs.get(uri) else {
            return publish(uri, None, Vec::new());
        };
        let lang = self.lang_of(doc.home.as_ref().map(|(r, _)| r));
        crate::diag::sort(&mut diags);
        let lines = Lines::new(&doc.text);
        let shift = bom(&doc.text);
        let path = uri.to_file_path().ok();
        let out = diags
            .iter()
            // Findings about other files (a clash names the other file in its message).
            .filter(|d| match (&d.file, &path) {
                (Some(f), Some(p)) => f.path.file_name() == p.file_name(),
                _ => true,
            })
            .map(|d| to_lsp(d, &lines, shift, lang))
            .collect();
        publish(uri, Some(doc.version), out)
    }

    /// The file at `uri`, its catalogue and what is known at an offset of it.
    fn with_known<T>(
        &self,
        uri: &Url,
        at: lsp_types::Position,
        f: impl FnOnce(&Known<'_>, &Doc, &Workspace, usize) -> T,
    ) -> Option<T> {
        let doc = self.docs.get(uri)?;
        let (root, rel) = doc.home.as_ref()?;
        let ws = self.workspaces.get(root)?;
        let offset = Lines::new(&doc.text).offset(at);
        let kind = workspace::kind_of(rel);
        let this = match kind {
            FileKind::Procedure => ws.procedure_at(rel),
            FileKind::Test => named_code(&doc.text, "procedure", doc.text.len())
                .and_then(|c| ws.cat.procedure(&c)),
            FileKind::Overlay => {
                named_code(&doc.text, "code", offset).and_then(|c| ws.cat.procedure(&c))
            }
            _ => None,
        };
        let known = Known {
            manifest: &ws.cat.manifest,
            procedures: &ws.cat.procedures,
            this,
            kind,
            lang: self.lang_of(Some(root)),
        };
        Some(f(&known, doc, ws, offset))
    }

    fn completion(
        &self,
        at: &lsp_types::TextDocumentPositionParams,
    ) -> Option<lsp_types::CompletionResponse> {
        self.with_known(&at.text_document.uri, at.position, |k, doc, _, offset| {
            let s = spot::spot(&doc.text, offset)?;
            let typed = match &s {
                spot::Spot::Key { prefix, .. } => prefix.len(),
                spot::Spot::Value { before, .. } => {
                    before.len()
                        - before
                            .trim_end_matches(|c: char| {
                                c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
                            })
                            .len()
                }
            };
            let lines = Lines::new(&doc.text);
            let range = lines.range(offset - typed, offset);
            let items: Vec<_> = complete::items(&s, k)
                .into_iter()
                .map(|i| i.lsp(range))
                .collect();
            Some(lsp_types::CompletionResponse::Array(items))
        })
        .flatten()
    }

    fn hover(&self, at: &lsp_types::TextDocumentPositionParams) -> Option<lsp_types::Hover> {
        self.with_known(&at.text_document.uri, at.position, |k, doc, ws, offset| {
            let (start, end, text) = hover::hover(k, ws, &doc.text, offset)?;
            let lines = Lines::new(&doc.text);
            Some(lsp_types::Hover {
                contents: lsp_types::HoverContents::Markup(lsp_types::MarkupContent {
                    kind: lsp_types::MarkupKind::Markdown,
                    value: text,
                }),
                range: Some(lines.range(start, end)),
            })
        })
        .flatten()
    }

    fn definition(
        &self,
        at: &lsp_types::TextDocumentPositionParams,
    ) -> Option<lsp_types::GotoDefinitionResponse> {
        self.with_known(&at.text_document.uri, at.position, |k, doc, _, offset| {
            let (file, start, end) = hover::definition(k, &doc.text, offset)?;
            let uri = Url::from_file_path(&file.path).ok()?;
            let lines = Lines::new(file.text());
            // The definition may be in the file being edited, whose text may be newer.
            let range = if uri == at.text_document.uri {
                Lines::new(&doc.text).range(start, end)
            } else {
                lines.range(start, end)
            };
            Some(lsp_types::GotoDefinitionResponse::Scalar(
                lsp_types::Location { uri, range },
            ))
        })
        .flatten()
    }

    fn code_actions(&self, p: &lsp_types::CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        let Some(doc) = self.docs.get(&p.text_document.uri) else {
            return Vec::new();
        };
        let lang = self.lang_of(doc.home.as_ref().map(|(r, _)| r));
        actions::fixes(
            &p.text_document.uri,
            &doc.text,
            &p.context.diagnostics,
            lang,
        )
    }
}

/// The code a `key: "…"` line names: the last such line before `offset` (an overlay's
/// entries), or the file's (`procedure:` of a scenario file).
fn named_code(text: &str, key: &str, offset: usize) -> Option<String> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[..end].lines().rev().find_map(|l| {
        let l = l.trim_start().trim_start_matches("- ").trim_start();
        let v = l.strip_prefix(key)?.strip_prefix(':')?.trim();
        let v = v
            .split(" #")
            .next()
            .unwrap_or(v)
            .trim()
            .trim_matches(['"', '\'']);
        (!v.is_empty()).then(|| v.to_string())
    })
}

/// Bytes of a byte-order mark the reader dropped before the offsets it gives.
fn bom(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

fn publish(uri: &Url, version: Option<i32>, diagnostics: Vec<lsp_types::Diagnostic>) -> Message {
    Notification::new(
        "textDocument/publishDiagnostics".into(),
        lsp_types::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        },
    )
    .into()
}

/// A finding as the editor shows it: the same code and words as `validate`, the hint
/// below the message.
fn to_lsp(d: &Diagnostic, lines: &Lines<'_>, shift: usize, lang: Lang) -> lsp_types::Diagnostic {
    let (start, end) = d
        .labels
        .first()
        .map_or((0, 0), |l| (l.start + shift, l.end + shift));
    let mut message = d.message.get(lang).to_string();
    if let Some(h) = &d.help {
        message.push_str(&format!(
            "\n{}: {}",
            crate::messages::help(lang),
            h.get(lang)
        ));
    }
    let related: Vec<lsp_types::DiagnosticRelatedInformation> = match (&d.file, d.labels.len() > 1)
    {
        (Some(f), true) => match Url::from_file_path(&f.path) {
            Ok(uri) => d.labels[1..]
                .iter()
                .filter_map(|l| {
                    Some(lsp_types::DiagnosticRelatedInformation {
                        location: lsp_types::Location {
                            uri: uri.clone(),
                            range: lines.range(l.start + shift, l.end + shift),
                        },
                        message: l.text.as_ref()?.get(lang).to_string(),
                    })
                })
                .collect(),
            Err(()) => Vec::new(),
        },
        _ => Vec::new(),
    };
    lsp_types::Diagnostic {
        range: lines.range(start, end),
        severity: Some(match d.severity {
            Severity::Error => lsp_types::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp_types::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp_types::NumberOrString::String(d.code.to_string())),
        source: Some("thutuc".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}
