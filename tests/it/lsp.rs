//! `thutuc lsp` spoken to as an editor does: JSON-RPC over the binary's standard input and
//! output (initialize, didOpen, didChange, completion, hover, definition, codeAction,
//! shutdown, exit), on a copy of the bundled catalogue.

use crate::support::{bundled, copy_bundled, copy_dir};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next: i64,
    /// Notifications received while waiting for responses.
    notes: Vec<Value>,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_thutuc"))
            .arg("lsp")
            .current_dir(dir)
            .env("THUTUC_TODAY", "2026-12-06")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if out.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if out.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next: 0,
            notes: Vec::new(),
        }
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn recv(&mut self) -> Value {
        self.rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.recv();
            if m["id"] == json!(id) {
                assert!(m.get("error").is_none(), "{method}: {m}");
                return m["result"].clone();
            }
            self.notes.push(m);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self.notes.iter().position(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
        }) {
            let n = self.notes.remove(i);
            return n["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.recv();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.notes.push(m);
        }
    }

    fn finish(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn at(uri: &str, line: usize, character: usize) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

fn labels(v: &Value) -> Vec<String> {
    let items = v
        .as_array()
        .or_else(|| v["items"].as_array())
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

/// Line and character of the first `needle` in `text` (ASCII before it on its line).
fn find(text: &str, needle: &str) -> (usize, usize) {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let line = text[..i].matches('\n').count();
    let col = text[..i]
        .rsplit('\n')
        .next()
        .unwrap()
        .encode_utf16()
        .count();
    (line, col)
}

#[test]
fn an_editor_session_gets_diagnostics_completion_hover_definitions_and_fixes() {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("catalogue");
    // With the test overlays (tests/fixtures/provinces) beside the bundled one (Hải Phòng).
    copy_bundled(&cat);
    let cat = cat.canonicalize().unwrap();
    let file = cat.join("procedures/ho-tich/1.000419.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let u = uri(&file);
    let mut c = Client::start(tmp.path());
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert!(
        init["capabilities"]["completionProvider"].is_object(),
        "{init}"
    );
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let d = c.diagnostics(&u);
    assert!(
        d.iter().all(|d| d["severity"] != 1),
        "the bundled file is valid: {d:?}"
    );

    // A typo in a rule: validate's code and Vietnamese words, with the hint.
    let typo = text.replace(
        "when: last_residence_unknown",
        "when: last_residence_unknwn",
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": typo}]}),
    );
    let d = c.diagnostics(&u);
    let e = d
        .iter()
        .find(|d| d["severity"] == 1)
        .unwrap_or_else(|| panic!("{d:?}"));
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.contains("last_residence_unknwn")
            && msg.contains("có phải ý bạn là `last_residence_unknown`?"),
        "{msg}"
    );
    assert_eq!(e["source"], "thutuc");
    let (line, col) = find(&typo, "last_residence_unknwn");
    assert_eq!(
        e["range"]["start"],
        json!({"line": line, "character": col}),
        "{e}"
    );

    // The fix the hint names, as a code action.
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": u}, "range": e["range"], "context": {"diagnostics": [e]}
        }),
    );
    let edit = &actions[0]["edit"]["changes"][&u][0];
    assert_eq!(edit["newText"], "last_residence_unknown", "{actions}");

    // Half typed: never a crash, the findings say what is wrong.
    let half = format!("{typo}\ndossier:\n  documents:\n    - id: x\n      when: \"not \n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": half}]}),
    );
    assert!(!c.diagnostics(&u).is_empty());

    // Completion of facts inside a rule: the procedure's and the shared ones.
    let mut edit = text.clone();
    edit.push_str("requirements:\n  - text: { vi: Điều kiện }\n    when: not \n");
    let lines = edit.lines().count();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 4}, "contentChanges": [{"text": edit}]}),
    );
    c.diagnostics(&u);
    let got = labels(&c.request(
        "textDocument/completion",
        at(&u, lines - 1, "    when: not ".len()),
    ));
    for want in ["residence_in_db", "fee_exempt", "channel", "and"] {
        assert!(got.iter().any(|l| l == want), "{want} missing from {got:?}");
    }
    // Field ids with their Vietnamese names, and channel values in a comparison.
    let f = edit.replace("field: ho-tich", "field: h");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 5}, "contentChanges": [{"text": f}]}),
    );
    c.diagnostics(&u);
    let (line, col) = find(&f, "field: h");
    let r = c.request(
        "textDocument/completion",
        at(&u, line, col + "field: h".len()),
    );
    let items = r.as_array().unwrap();
    let ht = items
        .iter()
        .find(|i| i["label"] == "ho-tich")
        .expect("ho-tich offered");
    assert_eq!(ht["detail"], "Hộ tịch");
    let (line, col) = find(&f, "when: channel == \"direct\"");
    let got = labels(&c.request(
        "textDocument/completion",
        at(&u, line, col + "when: channel == \"".len()),
    ));
    assert!(got.contains(&"online_full".to_string()), "{got:?}");
    // Keys of a document.
    let k = f.replace(
        "      originals: 1\n      copies: 0\n      when: not death_notice_electronic",
        "      originals: 1\n      co",
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 6}, "contentChanges": [{"text": k}]}),
    );
    c.diagnostics(&u);
    let (line, _) = find(&k, "      originals: 1\n      co");
    let got = labels(&c.request(
        "textDocument/completion",
        at(&u, line + 1, "      co".len()),
    ));
    assert!(got.contains(&"copies".to_string()), "{got:?}");

    // Back to the file as it is; hover and definition.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 7}, "contentChanges": [{"text": text}]}),
    );
    c.diagnostics(&u);
    let (line, col) = find(&text, "nd-123-2015");
    let h = c.request("textDocument/hover", at(&u, line, col + 2));
    let hv = h["contents"]["value"].as_str().unwrap();
    assert!(
        hv.contains("123/2015/NĐ-CP") && hv.contains("15/11/2015"),
        "{hv}"
    );
    let (line, col) = find(&text, "residence_in_db\n");
    let h = c.request("textDocument/hover", at(&u, line, col + 1));
    let hv = h["contents"]["value"].as_str().unwrap();
    assert!(hv.contains("Cơ sở dữ liệu quốc gia về dân cư"), "{hv}");
    let def = c.request("textDocument/definition", at(&u, line, col + 1));
    assert_eq!(def["uri"], u.as_str());
    let (line, col) = find(&text, "nd-123-2015");
    let def = c.request("textDocument/definition", at(&u, line, col + 1));
    assert_eq!(def["uri"], uri(&cat.join("catalogue.yaml")));

    // An overlay: the procedure code it names leads to the procedure's file.
    let ov = cat.join("provinces/da-nang.yaml");
    let ov_text = std::fs::read_to_string(&ov).unwrap();
    let ou = uri(&ov);
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": ou, "languageId": "yaml", "version": 1, "text": ov_text}}),
    );
    c.diagnostics(&ou);
    let (line, col) = find(&ov_text, "code: \"2.000513\"");
    let def = c.request("textDocument/definition", at(&ou, line, col + 8));
    assert_eq!(
        def["uri"],
        uri(&cat.join("procedures/ho-tich/2.000513.yaml")),
        "{def}"
    );

    // A file outside any catalogue, and garbage: empty answers, the server goes on.
    let outside = uri(&tmp.path().join("notes.yaml"));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": outside, "languageId": "yaml", "version": 1, "text": "a: [\n"}}));
    assert!(c.diagnostics(&outside).is_empty());
    assert_eq!(
        c.request("textDocument/completion", at(&outside, 0, 3)),
        Value::Null
    );
    assert_eq!(
        c.request("textDocument/hover", at(&outside, 0, 0)),
        Value::Null
    );
    c.finish();
}

#[test]
fn the_server_survives_the_fuzzers_inputs_and_garbage() {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("catalogue");
    copy_dir(&bundled(), &cat);
    let cat = cat.canonicalize().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs: Vec<Vec<u8>> = vec![
        b"\xff\xfe\x00garbage".to_vec(),
        b"".to_vec(),
        b"- - - [{".to_vec(),
    ];
    // Every input a fuzzer once crashed on, and a sample of the rule parser's seeds.
    for (sub, take) in [
        ("regressions/yaml_loader", usize::MAX),
        ("regressions/rule_parser", usize::MAX),
        ("regressions/overlay_merge", usize::MAX),
        ("seeds/rule_parser", 12),
    ] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(sub))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for p in files
            .into_iter()
            .filter(|p| !p.ends_with(".gitkeep"))
            .take(take)
        {
            inputs.push(std::fs::read(p).unwrap());
        }
    }
    let mut c = Client::start(tmp.path());
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    for (i, where_) in [
        "procedures/ho-tich/9.999999.yaml",
        "provinces/x.yaml",
        "tests/x.yaml",
        "catalogue.yaml",
    ]
    .iter()
    .enumerate()
    {
        let u = uri(&cat.join(where_));
        for (v, input) in inputs.iter().enumerate() {
            let text = String::from_utf8_lossy(input).into_owned();
            let text = if v == 0 {
                text
            } else {
                format!("when: {text}\n")
            };
            let v = v as i64 + 1;
            if v == 1 {
                c.notify("textDocument/didOpen", json!({"textDocument": {"uri": u, "languageId": "yaml", "version": v, "text": text}}));
            } else {
                c.notify("textDocument/didChange", json!({"textDocument": {"uri": u, "version": v}, "contentChanges": [{"text": text}]}));
            }
            c.diagnostics(&u);
            let n = text.lines().count().max(1);
            c.request("textDocument/completion", at(&u, n - 1, 3 + i));
            c.request("textDocument/hover", at(&u, 0, 2));
            c.request("textDocument/definition", at(&u, n - 1, 1));
        }
    }
    c.finish();
}
