//! `thutuc review`: the App driven by key sequences and drawn on a `TestBackend`, on real git
//! repositories made with the git CLI; one end-to-end run of the binary inside tmux.

use crate::support::*;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;
use thutuc::diag::Lang;
use thutuc::tui::{App, Effect, Origin, Pane, Request, RevSpec, data};

const MANIFEST: &str = "\
name: { vi: Danh mục thử, en: Test catalogue }
language: vi
baseline: v1
levels:
  - { id: province, name: { vi: Cấp tỉnh, en: Province } }
  - { id: commune, name: { vi: Cấp xã, en: Commune } }
fields:
  - { id: cu-tru, name: { vi: \"Đăng ký, quản lý cư trú\", en: Residence } }
  - { id: ho-tich, name: { vi: Hộ tịch, en: Civil status } }
legal:
  - id: tt-75-2022-btc
    number: 75/2022/TT-BTC
    title: { vi: Thông tư quy định mức thu lệ phí đăng ký cư trú }
    issued: 2022-12-22
";

const FIELDS: &str = "form_fields:
  - { id: full_name, label: { vi: Họ và tên, en: Full name }, reusable: national_population_db }
  - { id: phone, label: { vi: Số điện thoại, en: Phone } }
  - { id: email, label: { vi: Thư điện tử, en: Email } }
compliance:
  applications_per_year: 1000
  minutes: { prepare: 60, travel: 60 }
";

const TARGETS: &str = "targets:
  - { id: fields, metric: declared_fields, change: -20% }
  - { id: fees, metric: fees_total, change: -50% }
";

fn birth(code: &str, vi: &str, en: &str, fee: &str) -> String {
    format!(
        "code: \"{code}\"
name: {{ vi: {vi}, en: {en} }}
field: ho-tich
levels: [commune]
channels:
  - channel: direct
    deadline: 1 working day
    fees:
      - {{ id: le-phi, name: {{ vi: Lệ phí hộ tịch }}, amount: \"{fee}\" }}
dossier:
  documents:
    - {{ id: to-khai, name: {{ vi: Tờ khai đăng ký khai sinh, en: Birth registration form }}, originals: 1 }}
    - {{ id: giay-chung-sinh, name: {{ vi: Giấy chứng sinh }}, originals: 1, copies: 1 }}
"
    )
}

/// v1: three procedures; v2: one amended (fees, a reused field), one abolished, one new.
fn repo() -> tempfile::TempDir {
    let tmp = mini();
    let d = tmp.path();
    write(&tmp, "cat/catalogue.yaml", MANIFEST);
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!("{MINI_PROCEDURE}{FIELDS}"),
    );
    let temp = MINI_PROCEDURE
        .replace("\"1.004222\"", "\"1.004194\"")
        .replace(
            "Đăng ký thường trú, en: Permanent residence registration",
            "Đăng ký tạm trú, en: Temporary residence registration",
        );
    write(&tmp, "cat/procedures/cu-tru/1.004194.yaml", temp);
    write(
        &tmp,
        "cat/procedures/ho-tich/1.001193.yaml",
        birth(
            "1.001193",
            "Đăng ký khai sinh",
            "Birth registration",
            "8,000 VND",
        ),
    );
    write(&tmp, "cat/targets.yaml", TARGETS);
    git_at(d, &["init", "-q", "-b", "main"]);
    git_at(d, &["add", "."]);
    git_at(d, &["commit", "-q", "-m", "Công bố danh mục"]);
    git_at(d, &["tag", "v1"]);
    let amended = format!(
        "{}{}",
        MINI_PROCEDURE.replace("amount: 20,000 VND", "amount: 10,000 VND"),
        FIELDS.replace(
            "{ vi: Số điện thoại, en: Phone } }",
            "{ vi: Số điện thoại, en: Phone }, reusable: vneid }"
        )
    );
    write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", amended);
    std::fs::remove_file(d.join("cat/procedures/cu-tru/1.004194.yaml")).unwrap();
    write(
        &tmp,
        "cat/procedures/ho-tich/2.000986.yaml",
        birth(
            "2.000986",
            "Đăng ký kết hôn có yếu tố nước ngoài",
            "Marriage registration with a foreign element",
            "1,000,000 VND",
        ),
    );
    git_at(d, &["add", "-A"]);
    git_at(
        d,
        &["commit", "-q", "-m", "Giảm lệ phí, bãi bỏ đăng ký tạm trú"],
    );
    git_at(d, &["tag", "v2"]);
    tmp
}

/// [`repo`] then a commit that only changes code outside the catalogue folder, and one that
/// lowers a fee and adds a procedure with a long name, by other authors on later dates.
fn history() -> tempfile::TempDir {
    let tmp = repo();
    let d = tmp.path();
    write(
        &tmp,
        "tools/kiem-tra.sh",
        "#!/bin/sh\nthutuc validate cat\n",
    );
    git_at(d, &["add", "-A"]);
    git_at(
        d,
        &[
            "commit",
            "-q",
            "--author",
            "Trần Văn Minh <minh@example.vn>",
            "--date",
            "2025-03-10T08:00:00+07:00",
            "-m",
            "Thêm kịch bản kiểm tra cho CI",
        ],
    );
    write(
        &tmp,
        "cat/procedures/ho-tich/1.001193.yaml",
        birth(
            "1.001193",
            "Đăng ký khai sinh",
            "Birth registration",
            "5,000 VND",
        ),
    );
    write(
        &tmp,
        "cat/procedures/ho-tich/1.000689.yaml",
        birth(
            "1.000689",
            "\"Đăng ký khai sinh kết hợp nhận cha, mẹ, con có yếu tố nước ngoài\"",
            "Birth registration combined with recognition of parents and children with a foreign element",
            "10,000 VND",
        ),
    );
    git_at(d, &["add", "-A"]);
    git_at(
        d,
        &[
            "commit",
            "-q",
            "--author",
            "Nguyễn Thị Lan <lan@example.vn>",
            "--date",
            "2025-04-24T14:30:00+07:00",
            "-m",
            "Giảm lệ phí đăng ký khai sinh theo Quyết định số 15/QĐ-UBND, thêm thủ tục khai sinh kết hợp nhận cha, mẹ, con",
        ],
    );
    tmp
}

fn rev(s: &str) -> RevSpec {
    RevSpec::Rev(s.into())
}

/// An app whose loads run synchronously (what the worker would do), so tests are exact.
struct Harness {
    app: App,
    lang: Lang,
    origin: Origin,
    term: Terminal<TestBackend>,
}

impl Harness {
    fn new(tmp: &tempfile::TempDir, lang: Lang, a: RevSpec, b: RevSpec, w: u16, h: u16) -> Self {
        let origin = Origin {
            dir: Some(tmp.path().join("cat")),
            limits: Default::default(),
        };
        let app = App::new(lang, Request { a, b }, w, h);
        let mut h = Harness {
            app,
            lang,
            origin,
            term: Terminal::new(TestBackend::new(w, h)).unwrap(),
        };
        h.settle();
        h
    }

    fn settle(&mut self) {
        for e in self.app.take_effects() {
            let Effect::Load { id, request } = e;
            let r = data::load(&self.origin, &request).map_err(|e| data::told(&e, self.lang));
            self.app.loaded(id, r);
        }
    }

    fn keys(&mut self, keys: &[KeyCode]) {
        for k in keys {
            self.app.event(&Event::Key((*k).into()));
            self.settle();
        }
    }

    fn chars(&mut self, s: &str) {
        for c in s.chars() {
            self.keys(&[KeyCode::Char(c)]);
        }
    }

    fn resize(&mut self, w: u16, h: u16) {
        self.term.backend_mut().resize(w, h);
        self.app.event(&Event::Resize(w, h));
    }

    fn screen(&mut self) -> String {
        self.term.draw(|f| self.app.draw(f)).unwrap();
        self.term.backend().to_string()
    }
}

use KeyCode::Char;

#[test]
fn first_screen_80x24_vietnamese() {
    let tmp = repo();
    let mut h = Harness::new(&tmp, Lang::Vi, rev("v1"), rev("v2"), 80, 24);
    assert!(!h.app.is_loading());
    let s = h.screen();
    assert!(s.contains("Đăng ký khai sinh"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn loading_screen_before_the_worker_answers() {
    let app = App::new(
        Lang::En,
        Request {
            a: rev("v1"),
            b: rev("v2"),
        },
        80,
        24,
    );
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let s = term.backend().to_string();
    assert!(s.contains("Loading…"), "{s}");
    assert!(s.contains("loading…"), "{s}");
}

#[test]
fn next_change_and_diff_pane_wide() {
    let tmp = repo();
    let mut h = Harness::new(&tmp, Lang::Vi, rev("v1"), rev("v2"), 120, 32);
    // `]` goes through the changed procedures in tree order.
    h.keys(&[Char('g'), Char(']')]);
    assert_eq!(h.app.selected_code(), Some("1.004194"));
    h.keys(&[Char(']')]);
    assert_eq!(h.app.selected_code(), Some("1.004222"));
    h.keys(&[Char('3')]);
    assert_eq!(h.app.focus(), Pane::Diff);
    let s = h.screen();
    assert!(
        s.contains("Phí, lệ phí › Trực tiếp › Lệ phí đăng ký thường trú: 20.000 đồng"),
        "{s}"
    );
    assert!(s.contains("@@"), "{s}");
    insta::assert_snapshot!(s);
    h.keys(&[Char('['), Char('[')]);
    assert_eq!(h.app.selected_code(), Some("2.000986"), "wraps around");
}

#[test]
fn navigate_search_help_switch_pane_resize() {
    let tmp = repo();
    let mut h = Harness::new(&tmp, Lang::Vi, rev("v1"), rev("v2"), 80, 24);
    // Rows: field cu-tru, 1.004194, 1.004222, field ho-tich, 1.001193, 2.000986.
    h.keys(&[Char('g')]);
    assert_eq!(h.app.selected_code(), None, "a field heading");
    h.keys(&[Char('j')]);
    assert_eq!(h.app.selected_code(), Some("1.004194"));
    h.keys(&[KeyCode::Down, Char('j'), Char('j')]);
    assert_eq!(h.app.selected_code(), Some("1.001193"));
    h.keys(&[Char('k'), KeyCode::Up]);
    assert_eq!(h.app.selected_code(), Some("1.004222"));
    h.keys(&[Char('G')]);
    assert_eq!(h.app.selected_code(), Some("2.000986"));
    // `h` closes the field; `l` opens it again.
    h.keys(&[Char('h')]);
    assert_eq!(h.app.selected_code(), None);
    h.keys(&[Char('l'), Char('j')]);
    assert_eq!(h.app.selected_code(), Some("1.001193"));

    // Search without diacritics finds the Vietnamese name; n / N cycle.
    h.keys(&[Char('/')]);
    h.chars("dang ky");
    h.keys(&[KeyCode::Enter]);
    // Incremental: the selection already matches, so it stays.
    assert_eq!(h.app.selected_code(), Some("1.001193"));
    h.keys(&[Char('n')]);
    assert_eq!(h.app.selected_code(), Some("2.000986"));
    h.keys(&[Char('n')]);
    assert_eq!(h.app.selected_code(), Some("1.004194"), "wraps around");
    h.keys(&[Char('N')]);
    assert_eq!(h.app.selected_code(), Some("2.000986"));
    h.keys(&[Char('/')]);
    h.chars("kết hôn");
    h.keys(&[KeyCode::Enter]);
    assert_eq!(h.app.selected_code(), Some("2.000986"));
    h.keys(&[Char('/')]);
    h.chars("không có");
    h.keys(&[KeyCode::Enter]);
    assert!(h.app.message().unwrap().contains("Không tìm thấy"));

    // Tab cycles the panes; Shift-Tab goes back; l opens the detail.
    h.keys(&[Char('g'), Char('j')]);
    assert_eq!(h.app.focus(), Pane::Tree);
    h.keys(&[KeyCode::Tab]);
    assert_eq!(h.app.focus(), Pane::Detail);
    h.keys(&[KeyCode::Tab, KeyCode::Tab]);
    assert_eq!(h.app.focus(), Pane::Dashboard);
    h.keys(&[KeyCode::Tab]);
    assert_eq!(h.app.focus(), Pane::Tree);
    h.keys(&[KeyCode::BackTab]);
    assert_eq!(h.app.focus(), Pane::Dashboard);
    let dash = h.screen();
    assert!(dash.contains("ĐẠT"), "{dash}");
    insta::assert_snapshot!("dashboard_80x24", dash);
    h.keys(&[Char('h'), Char('l')]);
    assert_eq!(
        h.app.focus(),
        Pane::Dashboard,
        "l goes back to the last right pane"
    );
    h.keys(&[Char('1'), Char('j'), Char('l')]);
    assert_eq!(h.app.focus(), Pane::Dashboard);
    h.keys(&[Char('2')]);
    let detail = h.screen();
    assert!(detail.contains("Thành phần hồ sơ"), "{detail}");

    // Help lists every key; Esc closes it and q is not a quit while it is open.
    h.keys(&[Char('?')]);
    assert!(h.app.help_open());
    let help = h.screen();
    for (k, _, _) in thutuc::tui::components::KEYS {
        assert!(help.contains(k), "{k} missing from\n{help}");
    }
    insta::assert_snapshot!("help_80x24", help);
    h.keys(&[KeyCode::Esc]);
    assert!(!h.app.help_open());
    assert!(!h.app.should_quit());

    // Resize: everything is laid out again, even very small.
    h.resize(60, 12);
    let small = h.screen();
    assert_eq!(small.lines().count(), 12);
    h.resize(100, 30);
    h.screen();

    h.keys(&[Char('q')]);
    assert!(h.app.should_quit());
}

#[test]
fn detail_pane_in_english() {
    let tmp = repo();
    let mut h = Harness::new(&tmp, Lang::En, rev("v1"), RevSpec::WorkTree, 100, 40);
    h.keys(&[Char('g'), Char('j'), Char('j'), Char('l')]);
    assert_eq!(h.app.selected_code(), Some("1.004222"));
    assert_eq!(h.app.focus(), Pane::Detail);
    let s = h.screen();
    for want in [
        "Permanent residence registration",
        "Online (full process)",
        "Commune",
        "reused from vneid",
    ] {
        assert!(s.contains(want), "{want} missing:\n{s}");
    }
    // Conditions with the facts' labels, not the rule as written.
    let detail = h.app.detail_text();
    assert!(
        detail.contains("(when the applicant is not exempt from the charge)"),
        "{detail}"
    );
    assert!(!detail.contains("fee_exempt"), "{detail}");
    insta::assert_snapshot!(s);
}

#[test]
fn picker_changes_a_side_and_mouse_scrolls() {
    let tmp = repo();
    let mut h = Harness::new(&tmp, Lang::En, rev("v1"), rev("v2"), 80, 24);
    assert_eq!(h.app.snapshot().unwrap().counts(), (1, 1, 1, 0));
    h.keys(&[Char('r')]);
    let picker = h.screen();
    assert!(picker.contains("Choose revision A"), "{picker}");
    assert!(picker.contains("tag v2"), "{picker}");
    // Choose `tag v2` for A: the sides are then equal.
    let snap = h.app.snapshot().unwrap().clone();
    let pos = snap
        .revisions
        .iter()
        .position(|r| r.spec == rev("v2"))
        .unwrap();
    let cur = snap
        .revisions
        .iter()
        .position(|r| r.spec == rev("v1"))
        .unwrap();
    let k = if pos > cur {
        KeyCode::Down
    } else {
        KeyCode::Up
    };
    for _ in 0..pos.abs_diff(cur) {
        h.keys(&[k]);
    }
    h.keys(&[KeyCode::Enter]);
    assert_eq!(h.app.request().a, rev("v2"));
    assert_eq!(h.app.snapshot().unwrap().counts(), (0, 0, 0, 0));
    // Esc closes a picker without a change.
    h.keys(&[Char('R'), KeyCode::Esc]);
    assert_eq!(h.app.request().b, rev("v2"));

    // The wheel over the tree moves the selection.
    h.keys(&[Char('g')]);
    let wheel = |kind| {
        Event::Mouse(MouseEvent {
            kind,
            column: 2,
            row: 5,
            modifiers: KeyModifiers::NONE,
        })
    };
    h.app.event(&wheel(MouseEventKind::ScrollDown));
    assert_eq!(h.app.selected_code(), Some("1.001193"), "three rows down");
    h.app.event(&wheel(MouseEventKind::ScrollUp));
    assert_eq!(h.app.selected_code(), None);
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let tmp = repo();
    let mut h = Harness::new(&tmp, Lang::Vi, rev("v1"), rev("v2"), 80, 24);
    h.keys(&[Char('/')]);
    h.app
        .event(&Event::Key(KeyEvent::new(Char('c'), KeyModifiers::CONTROL)));
    assert!(h.app.should_quit());
}

#[test]
fn stale_worker_results_are_dropped() {
    let tmp = repo();
    let origin = Origin {
        dir: Some(tmp.path().join("cat")),
        limits: Default::default(),
    };
    let w = thutuc::tui::spawn_worker(origin, Lang::En);
    let mut app = App::new(
        Lang::En,
        Request {
            a: rev("v1"),
            b: rev("v2"),
        },
        80,
        24,
    );
    for e in app.take_effects() {
        let Effect::Load { id, request } = e;
        w.request(id, request);
    }
    // A newer choice before the first answer: the first answer must not be shown.
    app.event(&Event::Key(Char('r').into()));
    app.event(&Event::Key(KeyCode::Esc.into()));
    let a_is_v2 = Request {
        a: rev("v2"),
        b: rev("v2"),
    };
    w.request(2, a_is_v2.clone());
    let (id, r) = w.recv_timeout(Duration::from_secs(20)).expect("an answer");
    assert_eq!(id, 2, "only the latest request is answered");
    let snap = r.unwrap();
    assert_eq!(snap.counts(), (0, 0, 0, 0));
    // And the app itself ignores answers to requests it has superseded.
    app.loaded(0, Ok(snap));
    assert!(app.snapshot().is_none());
}

#[test]
fn unknown_revision_exits_2_before_touching_the_terminal() {
    let tmp = repo();
    // In the catalogue's language (vi), or the one asked for.
    let r = thutuc(tmp.path(), &["-C", "cat", "review", "v9"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("không có phiên bản `v9`"), "{}", r.stderr);
    let r = thutuc(tmp.path(), &["-C", "cat", "--lang", "en", "review", "v9"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("unknown revision `v9`"), "{}", r.stderr);
}

fn tmux(sock: &str, args: &[&str]) -> String {
    let out = std::process::Command::new("tmux")
        .arg("-L")
        .arg(sock)
        .args(args)
        .output()
        .expect("tmux");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn wait_for(sock: &str, want: &str) -> String {
    let mut screen = String::new();
    for _ in 0..100 {
        screen = tmux(sock, &["capture-pane", "-p", "-t", "review"]);
        if screen.contains(want) {
            return screen;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("`{want}` never appeared:\n{screen}");
}

#[test]
fn end_to_end_in_tmux() {
    let has_tmux = std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_tmux {
        // CI installs tmux (.ci/run): there a missing tmux is a failure, not a skip.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "tmux is not on PATH and CI=true: the end-to-end review test cannot run"
        );
        println!("note: tmux is not on PATH; skipping the end-to-end review test");
        return;
    }
    let tmp = repo();
    let sock = format!("thutuc-test-{}", std::process::id());
    let bin = env!("CARGO_BIN_EXE_thutuc");
    let cmd = format!(
        "cd '{}' && TERM=xterm-256color THUTUC_TODAY=2026-12-06 '{bin}' -C cat --lang en review v1 v2; echo EXIT=$?; sleep 30",
        tmp.path().display()
    );
    tmux(
        &sock,
        &[
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "-s",
            "review",
            &cmd,
        ],
    );
    let result = std::panic::catch_unwind(|| {
        let s = wait_for(&sock, "Marriage registration");
        assert!(s.contains("+1 -1 ~1"), "{s}");
        tmux(&sock, &["send-keys", "-t", "review", "g", "]", "]", "3"]);
        wait_for(&sock, "+        amount: 10,000 VND");
        tmux(&sock, &["send-keys", "-t", "review", "?"]);
        wait_for(&sock, "choose revision A / B");
        // Separately: ESC followed at once by q reads as Alt-q.
        tmux(&sock, &["send-keys", "-t", "review", "Escape"]);
        std::thread::sleep(Duration::from_millis(300));
        tmux(&sock, &["send-keys", "-t", "review", "q"]);
        let s = wait_for(&sock, "EXIT=0");
        // Back on the normal screen: none of the UI is left.
        assert!(!s.contains("Catalogue"), "{s}");
    });
    tmux(&sock, &["kill-server"]);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// Every screen at 80x24 and 120x35, in Vietnamese and English, on a history where A (v2) is
/// not the manifest's baseline (v1) and one commit only changed code.
#[test]
fn every_screen_at_both_sizes_in_both_languages() {
    let tmp = history();
    for (w, hgt) in [(80u16, 24u16), (120, 35)] {
        for lang in [Lang::Vi, Lang::En] {
            let l = match lang {
                Lang::Vi => "vi",
                Lang::En => "en",
            };
            let name = |screen: &str| format!("{screen}_{w}x{hgt}_{l}");
            let mut h = Harness::new(&tmp, lang, rev("v2"), rev("HEAD"), w, hgt);
            assert!(h.app.snapshot().is_some(), "{:?}", h.app.message());
            assert_eq!(h.app.snapshot().unwrap().counts(), (1, 0, 1, 0));
            // The tree, and the detail of the procedure with the long name.
            h.keys(&[Char('G'), Char('g'), Char(']')]);
            assert_eq!(h.app.selected_code(), Some("1.000689"));
            let s = h.screen();
            let full = match lang {
                Lang::Vi => "Đăng ký khai sinh kết hợp nhận cha, mẹ, con có yếu tố nước ngoài",
                Lang::En => {
                    "Birth registration combined with recognition of parents and children with a foreign element"
                }
            };
            let detail = h.app.detail_text();
            assert_eq!(detail.lines().next(), Some(full), "{detail}");
            insta::assert_snapshot!(name("tree_detail"), s);
            // The diff of the amended procedure.
            h.keys(&[Char(']'), Char('3')]);
            assert_eq!(h.app.selected_code(), Some("1.001193"));
            let s = h.screen();
            insta::assert_snapshot!(name("diff"), s);
            // The YAML lines do not wrap: `>` brings the end of the fee line into view.
            let mut presses = 0;
            while !h.screen().contains("5,000 VND\" }") {
                assert!(
                    presses < 12,
                    "never scrolled to the amount:\n{}",
                    h.screen()
                );
                h.keys(&[Char('>')]);
                presses += 1;
            }
            if w == 80 {
                assert!(presses > 0, "at 80 columns the line is cut first");
                insta::assert_snapshot!(name("diff_scrolled"), h.screen());
            }
            h.keys(&[Char('0')]);
            assert_eq!(h.screen(), s, "0 goes back to the start of the lines");
            // Targets, measured against the baseline v1 and not against A = v2.
            h.keys(&[Char('4')]);
            let s = h.screen();
            let against = match lang {
                Lang::Vi => "Chỉ tiêu so với mốc v1",
                Lang::En => "Targets against the baseline v1",
            };
            assert!(s.contains(against), "{s}");
            insta::assert_snapshot!(name("targets"), s);
            // The picker: catalogue commits with date and author, the baseline marked.
            h.keys(&[Char('r')]);
            let s = h.screen();
            let date = match lang {
                Lang::Vi => "24/04/2025",
                Lang::En => "2025-04-24",
            };
            assert!(s.contains(date), "{s}");
            assert!(s.contains("Nguyễn Thị Lan"), "{s}");
            assert!(
                !s.contains("Thêm kịch bản kiểm tra"),
                "code-only commit hidden:\n{s}"
            );
            assert!(s.contains("◆"), "{s}");
            insta::assert_snapshot!(name("picker"), s);
            h.keys(&[Char('a')]);
            let s = h.screen();
            assert!(
                s.contains("Thêm kịch bản kiểm tra"),
                "shown after `a`:\n{s}"
            );
            h.keys(&[KeyCode::Esc, Char('?')]);
            insta::assert_snapshot!(name("help"), h.screen());
        }
    }
}

#[test]
fn targets_pane_measures_against_the_baseline_not_revision_a() {
    let tmp = history();
    // A = HEAD~1 (a code-only commit over v2): measured against A the fee target would be
    // judged on a 8,000 → 5,000 change; against the baseline v1 it is 28,000 + 8,000 → …
    let mut h = Harness::new(&tmp, Lang::En, rev("HEAD~1"), rev("HEAD"), 120, 35);
    let d = &h.app.snapshot().unwrap().dashboard;
    let base = d.baseline.clone().expect("the manifest sets a baseline");
    assert!(base.starts_with("v1 ("), "{base}");
    let ts = d.targets.clone().unwrap();
    // The same figures `thutuc check` gives against the manifest's baseline.
    let r = thutuc(tmp.path(), &["-C", "cat", "check", "--format", "json"]);
    let v = json(&r);
    let from_check: Vec<(String, i64, i64)> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["baseline"].as_i64().unwrap(),
                t["current"].as_i64().unwrap(),
            )
        })
        .collect();
    let from_tui: Vec<(String, i64, i64)> = ts
        .iter()
        .map(|t| (t.id.clone(), t.baseline as i64, t.current as i64))
        .collect();
    assert_eq!(from_tui, from_check);
    // A itself would have given other baselines.
    assert_ne!(
        d.before.get(thutuc::metrics::Metric::FeesTotal),
        ts[1].baseline
    );
    h.keys(&[Char('4')]);
    let s = h.screen();
    assert!(s.contains("Targets against the baseline v1"), "{s}");
}

#[test]
fn an_unreadable_revision_is_told_in_the_users_language_not_shown_as_changes() {
    let tmp = repo();
    write(
        &tmp,
        "cat/procedures/ho-tich/9.999999.yaml",
        "code: [unclosed\n",
    );
    git_at(tmp.path(), &["add", "-A"]);
    git_at(tmp.path(), &["commit", "-q", "-m", "Tệp hỏng"]);
    let mut h = Harness::new(&tmp, Lang::Vi, rev("v2"), rev("HEAD"), 80, 24);
    assert!(h.app.snapshot().is_none(), "nothing is compared");
    let s = h.screen();
    assert!(s.contains("không đọc được đầy đủ danh mục tại HEAD"), "{s}");
    // The status line holds the headline only, on its one row.
    let status = s.lines().last().unwrap();
    assert!(status.contains("lỗi: không đọc được"), "{status}");
    assert!(!s.contains("cannot be read"), "{s}");
}

/// The review screen tells a process change in words: "Bước 2 · Thẩm định: 3 ngày làm việc →
/// 2 ngày làm việc" (the process is test input, not a real province's).
#[test]
fn process_changes_in_words_on_the_review_screen() {
    let tmp = mini();
    let d = tmp.path();
    let manifest = format!(
        "{MANIFEST}units:\n  - {{ id: mot-cua, name: {{ vi: Bộ phận Một cửa }} }}\n  - {{ id: tu-phap, name: {{ vi: Công chức Tư pháp - Hộ tịch }} }}\n"
    );
    write(&tmp, "cat/catalogue.yaml", manifest);
    std::fs::remove_file(d.join("cat/procedures/cu-tru/1.004222.yaml")).unwrap();
    let with = |days: &str| {
        birth(
            "1.001193",
            "Đăng ký khai sinh",
            "Birth registration",
            "8,000 VND",
        )
        .replace("deadline: 1 working day", "deadline: 5 working days")
            + &format!(
                "process:\n  steps:\n    - {{ name: {{ vi: Tiếp nhận hồ sơ }}, unit: mot-cua, time: 4 hours }}\n    - {{ name: {{ vi: Thẩm định }}, unit: tu-phap, time: {days} }}\n"
            )
    };
    write(
        &tmp,
        "cat/procedures/ho-tich/1.001193.yaml",
        with("3 working days"),
    );
    git_at(d, &["init", "-q", "-b", "main"]);
    git_at(d, &["add", "."]);
    git_at(d, &["commit", "-q", "-m", "Quy trình"]);
    git_at(d, &["tag", "v1"]);
    write(
        &tmp,
        "cat/procedures/ho-tich/1.001193.yaml",
        with("2 working days"),
    );
    git_at(d, &["commit", "-q", "-am", "Rút ngắn thẩm định"]);
    git_at(d, &["tag", "v2"]);
    let mut h = Harness::new(&tmp, Lang::Vi, rev("v1"), rev("v2"), 160, 32);
    h.keys(&[Char('g'), Char(']'), Char('3')]);
    assert_eq!(h.app.selected_code(), Some("1.001193"));
    let s = h.screen();
    assert!(
        s.contains("Quy trình nội bộ › Bước 2 · Thẩm định: 3 ngày làm việc → 2 ngày làm việc"),
        "{s}"
    );
}
