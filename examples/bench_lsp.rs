//! Speed evidence for `thutuc lsp` on a large catalogue, printed beside its baseline.
//!
//! ```sh
//! cargo run --release --example bench_lsp -- [N=10000] [--runs R]
//! ```
//!
//! Generates a synthetic catalogue of N procedures (`examples/common/gen.rs`) into a temporary
//! directory and runs the server in-process over an in-memory connection, speaking to it as
//! an editor does. It measures, each over R rounds (default 30), the median and the worst:
//!
//! * completion of facts inside a rule (`when: not `) — goal ≤ 50 ms;
//! * hover on a fact — goal ≤ 50 ms;
//! * from a `didChange` of a procedure file to its `publishDiagnostics` — goal ≤ 200 ms;
//!
//! and, as the baseline measured in the same run, checking the whole catalogue again
//! (`catalogue::load`, what a server would do without keeping the catalogue between
//! keystrokes), plus the first `didOpen` (which loads the catalogue once). Goals are printed
//! as PASS/MISS, never asserted.

#[path = "common/gen.rs"]
#[allow(dead_code)]
mod generator;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use thutuc::catalogue::{self, Source};
use thutuc::limits::Limits;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Client {
    conn: Connection,
    next: i32,
}

impl Client {
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .unwrap();
        loop {
            match self.conn.receiver.recv().unwrap() {
                Message::Response(r) if r.id == id => {
                    return r.response_result.unwrap_or(Value::Null);
                }
                _ => {}
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.into(), params).into())
            .unwrap();
    }

    fn diagnostics(&self) -> Value {
        loop {
            if let Message::Notification(n) = self.conn.receiver.recv().unwrap()
                && n.method == "textDocument/publishDiagnostics"
            {
                return n.params;
            }
        }
    }
}

fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (ms(v[v.len() / 2]), ms(*v.last().unwrap()))
}

fn verdict(worst: f64, goal: f64) -> &'static str {
    if worst <= goal { "PASS" } else { "MISS" }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut n = 10_000usize;
    let mut runs = 30usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().and_then(|r| r.parse().ok()).expect("--runs R"),
            s => n = s.replace('_', "").parse().expect("N"),
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalogue");
    let summary = generator::write_catalogue(
        &dir,
        &generator::Options {
            n,
            ..generator::Options::default()
        },
        false,
    )
    .expect("generate");
    let dir = dir.canonicalize().unwrap();
    println!("catalogue: {n} procedures, {} KB", summary.bytes / 1024);

    // Baseline: checking the whole catalogue again.
    let limits = Limits::default();
    let mut base = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let loaded = catalogue::load(Source::Dir(dir.clone()).files(&limits).unwrap(), &limits);
        base.push(t.elapsed());
        std::mem::forget(loaded);
    }
    let (base_med, _) = stats(base);

    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || thutuc::lsp::serve(&server, None));
    let mut c = Client {
        conn: client,
        next: 0,
    };
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    let file = dir.join(&summary.procedure_files[n / 2]);
    let text = std::fs::read_to_string(&file).unwrap();
    let uri = format!("file://{}", file.display());
    let t = Instant::now();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 0, "text": text}}),
    );
    c.diagnostics();
    let open = t.elapsed();

    // A requirement with a rule being typed at the end of the file.
    let typed = format!("{text}requirements:\n  - text: {{ vi: Điều kiện }}\n    when: not \n");
    let line = typed.lines().count() - 1;
    let pos = json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 14}});
    let mut changes = Vec::new();
    for v in 1..=runs as i32 {
        // Alternate between two texts so that every change is a real one.
        let body = if v % 2 == 0 {
            typed.clone()
        } else {
            typed.replace("when: not ", "when: not  ")
        };
        let t = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": body}]}),
        );
        c.diagnostics();
        changes.push(t.elapsed());
    }
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": runs as i32 + 1}, "contentChanges": [{"text": typed}]}));
    c.diagnostics();
    let mut completions = Vec::new();
    let mut offered = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let r = c.request("textDocument/completion", pos.clone());
        completions.push(t.elapsed());
        offered = r.as_array().map_or(0, Vec::len);
    }
    // Hover on the first word of the first rule's fact, else on the code.
    let (hl, hc) = typed
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("fee_exempt").map(|c| (i, c + 1)))
        .unwrap_or((0, 8));
    let hpos = json!({"textDocument": {"uri": uri}, "position": {"line": hl, "character": hc}});
    let mut hovers = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        c.request("textDocument/hover", hpos.clone());
        hovers.push(t.elapsed());
    }
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    thread.join().unwrap().unwrap();

    let (cm, cw) = stats(completions);
    let (hm, hw) = stats(hovers);
    let (dm, dw) = stats(changes);
    println!("rounds: {runs} each; median / worst");
    println!(
        "  completion in a rule ({offered} items) {cm:8.2} ms / {cw:8.2} ms   goal ≤ 50 ms   {}",
        verdict(cw, 50.0)
    );
    println!(
        "  hover on a fact                   {hm:8.2} ms / {hw:8.2} ms   goal ≤ 50 ms   {}",
        verdict(hw, 50.0)
    );
    println!(
        "  didChange → diagnostics           {dm:8.2} ms / {dw:8.2} ms   goal ≤ 200 ms  {}",
        verdict(dw, 200.0)
    );
    println!("baseline, measured in this run:");
    println!(
        "  checking the whole catalogue again (catalogue::load) {base_med:8.1} ms (median of 3)"
    );
    println!(
        "  first didOpen (loads the catalogue once)              {:8.1} ms",
        open.as_secs_f64() * 1e3
    );
}
