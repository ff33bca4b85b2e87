//! Internal processes and delivery lists: `validate` holds each process to its deadline,
//! `decision --kind process` writes the approval decision (DOCX, HTML, Markdown, JSON, CSV for
//! the one-stop system), the list decisions come out, `metrics` counts delivery, and `diff`
//! tells process changes in words.
//!
//! The processes below are TEST INPUT written for these tests in a test province's overlay
//! (`provinces/thu-nghiem.yaml`), not the process of any real province: no real process text
//! for a bundled procedure could be found (see the guide's chapter on processes).

use super::support::{bundled, copy_dir, json, thutuc, write};

/// A test overlay: its units, the decision's form and processes for three bundled civil-status
/// procedures (deadlines: 1.004837 and 2.000756 3 and 2 working days, 1.004845 2).
const OVERLAY: &str = r#"id: thu-nghiem
name: { vi: Tỉnh Thử nghiệm, en: Test province }
code_suffix: 000.00.00.T99
resolutions:
  - id: qd-thu-nghiem
    number: 1/QĐ-UBND
    title: { vi: Quyết định dùng để kiểm thử, en: A decision for tests }
    issued: 2026-01-05
units:
  - { id: mot-cua, name: { vi: Công chức Bộ phận Một cửa cấp xã, en: One-stop desk officer } }
  - { id: tu-phap, name: { vi: Công chức Tư pháp - Hộ tịch, en: Justice and civil status officer } }
  - { id: lanh-dao, name: { vi: Chủ tịch Ủy ban nhân dân cấp xã, en: Chairman of the commune People's Committee } }
process_decision:
  issuer: { vi: "Ủy ban nhân dân\ntỉnh Thử nghiệm", en: "Test People's Committee" }
  symbol: QĐ-UBND
  place: { vi: Thử nghiệm, en: Test }
  authority: { vi: Chủ tịch Ủy ban nhân dân tỉnh Thử nghiệm, en: Chairman of the Test People's Committee }
  levels: [commune]
  grounds:
    - { vi: "Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính", en: "Government Decree 61/2018/NĐ-CP of 23 April 2018 on the one-stop mechanism" }
  proposer: { vi: Giám đốc Sở Tư pháp, en: the Director of the Department of Justice }
  implementers: { vi: Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Tư pháp, en: The Chief of Office; the Director of Justice }
  assignments:
    - { vi: "Giao Văn phòng Ủy ban nhân dân tỉnh cấu hình quy trình điện tử trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.", en: "The Office configures the electronic processes." }
  signer_title: { vi: Chủ tịch, en: Chairman }
  recipients:
    - { vi: Như Điều 3, en: As in Article 3 }
    - { vi: "Lưu: VT", en: "Archive: VT" }
list_decision:
  issuer: { vi: "Ủy ban nhân dân\ntỉnh Thử nghiệm", en: "Test People's Committee" }
  symbol: QĐ-UBND
  levels: [commune]
procedures:
  # The national record leaves this charge to each province: a test amount.
  - code: "2.000513"
    fees:
      - { channel: online_full, id: le-phi, amount: "100,000 VND", basis: qd-thu-nghiem }
      - { channel: postal, id: le-phi, amount: "100,000 VND", basis: qd-thu-nghiem }
      - { channel: direct, id: le-phi, amount: "100,000 VND", basis: qd-thu-nghiem }
  - code: "1.004837"
    process:
      approved_by: qd-thu-nghiem
      steps:
        - name: { vi: Tiếp nhận hồ sơ, en: Receive the dossier }
          unit: mot-cua
          time: 4 hours
          output: { vi: Giấy tiếp nhận hồ sơ }
        - name: { vi: Thẩm định, en: Appraise }
          unit: tu-phap
          time: 1,5 working days
        - name: { vi: Ký duyệt, en: Sign }
          unit: lanh-dao
          time: 0,5 working days
        - name: { vi: Trả kết quả, en: Return the result }
          unit: mot-cua
          time: 4 hours
          output: { vi: Trích lục đăng ký giám hộ }
  - code: "1.004845"
    process:
      channels: [direct]
      steps:
        - name: { vi: Tiếp nhận hồ sơ }
          unit: mot-cua
          time: 0,5 working days
        - name: { vi: Thẩm định }
          unit: tu-phap
          time: 1 working day
        - name: { vi: Trả kết quả }
          unit: mot-cua
          time: 0,5 working days
    delivery:
      boundary_free: { scope: province, where: { vi: Bộ phận Một cửa của bất kỳ Ủy ban nhân dân cấp xã nào trong tỉnh } }
  - code: "2.000756"
    delivery:
      internal: { between: { vi: Ủy ban nhân dân cấp xã và Sở Tư pháp } }
"#;

/// The bundled catalogue with the test overlay, in `cat/` of a temp dir.
fn fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&bundled(), &tmp.path().join("cat"));
    write(&tmp, "cat/provinces/thu-nghiem.yaml", OVERLAY);
    tmp
}

fn findings(r: &super::support::Run) -> Vec<(String, u64, u64, String)> {
    json(r)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_test_overlay_is_valid() {
    let tmp = fixture();
    let r = thutuc(tmp.path(), &["-C", "cat", "validate", "--format", "json"]);
    let process: Vec<_> = findings(&r)
        .into_iter()
        .filter(|f| f.0.starts_with("process/"))
        .collect();
    assert!(process.is_empty(), "{process:?}");
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn steps_over_the_deadline_fail_validate_with_both_numbers() {
    let tmp = fixture();
    let over = OVERLAY.replace("time: 1 working day", "time: 2 working days");
    write(&tmp, "cat/provinces/thu-nghiem.yaml", &over);
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "validate", "--format", "json", "--lang", "vi"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let f: Vec<_> = findings(&r)
        .into_iter()
        .filter(|f| f.0 == "process/over-deadline")
        .collect();
    // Only the direct channel is the process's: one finding, at the process's first line.
    assert_eq!(f.len(), 1, "{f:?}");
    let line = over
        .lines()
        .position(|l| l.contains("channels: [direct]"))
        .unwrap() as u64
        + 1;
    assert_eq!((f[0].1, f[0].2), (line, 7), "{f:?}");
    assert!(
        f[0].3.contains("3 ngày làm việc") && f[0].3.contains("2 ngày làm việc"),
        "{}",
        f[0].3
    );
    // The human rendering points at the file, line and column.
    let r = thutuc(tmp.path(), &["-C", "cat", "validate", "--lang", "vi"]);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains(&format!("cat/provinces/thu-nghiem.yaml:{line}:7")),
        "{all}"
    );
}

#[test]
fn bad_processes_are_findings_where_they_are_written() {
    let tmp = fixture();
    let bad = OVERLAY
        .replace("approved_by: qd-thu-nghiem", "approved_by: qd-khong-co")
        .replace("channels: [direct]", "channels: [direct, online_partial]")
        .replace(
            "          unit: lanh-dao\n          time: 0,5 working days",
            "          step: 2\n          unit: lanh-dao2\n          time: -0,5 working days",
        )
        .replace(
            "          unit: mot-cua\n          time: 4 hours\n          output: { vi: Trích lục",
            "          time: 1 month\n          output: { vi: Trích lục",
        );
    write(&tmp, "cat/provinces/thu-nghiem.yaml", &bad);
    let r = thutuc(tmp.path(), &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 1);
    let f = findings(&r);
    let at = |code: &str, needle: &str| {
        let line = bad.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
        assert!(
            f.iter().any(|x| x.0 == code && x.1 == line),
            "{code} at line {line} ({needle}): {f:#?}"
        );
    };
    at("process/unknown-act", "qd-khong-co");
    at("process/unknown-channel", "online_partial");
    at("process/duplicate-step", "step: 2");
    at("process/unknown-unit", "lanh-dao2");
    at("process/bad-time", "-0,5 working days");
    at("process/bad-time", "time: 1 month");
    at("process/missing-unit", "name: { vi: Trả kết quả, en");
    // As people read them: the overlay's findings only (the summary line counts the bundled
    // procedures, which change).
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "validate",
            "cat/provinces/thu-nghiem.yaml",
            "--lang",
            "vi",
        ],
    );
    let shown: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| !l.starts_with("Đã kiểm tra"))
        .collect();
    insta::assert_snapshot!("bad_processes_vi", shown.join("\n"));
}

#[test]
fn a_bad_process_writes_no_decision() {
    let tmp = fixture();
    write(
        &tmp,
        "cat/provinces/thu-nghiem.yaml",
        OVERLAY.replace("time: 1 working day", "time: 5 working days"),
    );
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "decision",
            "--kind",
            "process",
            "--to",
            "cat",
            "--province",
            "thu-nghiem",
            "--format",
            "docx",
            "-o",
            "qd.docx",
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("process/over-deadline"), "{}", r.stderr);
    assert!(!tmp.path().join("qd.docx").exists());
}

fn decide(tmp: &tempfile::TempDir, extra: &[&str], format: &str, out: &str) -> String {
    let mut args = vec![
        "-C",
        "cat",
        "decision",
        "--to",
        "cat",
        "--province",
        "thu-nghiem",
        "--format",
        format,
        "-o",
        out,
        "--force",
    ];
    args.extend_from_slice(extra);
    let r = thutuc(tmp.path(), &args);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    std::fs::read_to_string(tmp.path().join(out)).unwrap_or_default()
}

#[test]
fn the_process_decision_for_the_one_stop_system() {
    let tmp = fixture();
    let j: serde_json::Value =
        serde_json::from_str(&decide(&tmp, &["--kind", "process"], "json", "qd.json")).unwrap();
    let procs = j["procedures"].as_array().unwrap();
    assert_eq!(procs.len(), 2, "{j:#}");
    let p = &procs[0];
    assert_eq!(p["code"], "1.004837.000.00.00.T99");
    assert_eq!(p["name"], "Thủ tục đăng ký giám hộ");
    assert_eq!(p["deadline"]["amount"], 3.0);
    assert_eq!(p["deadline"]["unit"], "working_days");
    assert_eq!(p["approved_by"], "1/QĐ-UBND");
    let steps = p["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    assert_eq!(steps[1]["name"], "Thẩm định");
    assert_eq!(steps[1]["unit"], "Công chức Tư pháp - Hộ tịch");
    assert_eq!(steps[1]["time"]["amount"], 1.5);
    assert_eq!(steps[1]["time"]["unit"], "working_days");
    assert_eq!(steps[0]["time"]["unit"], "hours");
    assert_eq!(steps[0]["output"], "Giấy tiếp nhận hồ sơ");
    assert!(steps[1]["output"].is_null());
    assert_eq!(p["total"]["amount"], 3.0);
    assert_eq!(p["total"]["text"], "3 ngày làm việc");
    // Article 1 counts the processes; Article 2 carries the author's assignment.
    let articles = &j["front"]["articles"];
    assert!(
        articles[0]["text"][0]
            .as_str()
            .unwrap()
            .starts_with("Phê duyệt kèm theo Quyết định này 02 quy trình nội bộ"),
        "{articles:#}"
    );
    assert!(
        articles[1]["text"]
            .to_string()
            .contains("cấu hình quy trình điện tử")
    );

    // CSV: one row per step, loaded as a spreadsheet would (Python's csv module).
    decide(&tmp, &["--kind", "process"], "csv", "qd.csv");
    let py = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import csv,sys\nrows=list(csv.DictReader(open(sys.argv[1],encoding='utf-8',newline='')))\n\
             print(len(rows)); print(rows[1]['code'], rows[1]['step'], rows[1]['amount'], rows[1]['time_unit'], rows[1]['unit'])",
        )
        .arg(tmp.path().join("qd.csv"))
        .output()
        .expect("python3 runs (CI installs it)");
    let out = String::from_utf8_lossy(&py.stdout);
    assert!(
        py.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&py.stderr)
    );
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "7",
            "1.004837.000.00.00.T99 2 1.5 working_days Công chức Tư pháp - Hộ tịch"
        ]
    );

    let md = decide(&tmp, &["--kind", "process"], "markdown", "qd.md");
    assert!(
        md.contains(
            "| Bước | Nội dung công việc | Đơn vị / người thực hiện | Thời gian | Kết quả |"
        ),
        "{md}"
    );
    assert!(md.contains("| 2 | Thẩm định | Công chức Tư pháp - Hộ tịch | 1,5 ngày làm việc |  |"));
    assert!(md.contains("**Tổng thời gian giải quyết** |  | **3 ngày làm việc** | Thời hạn giải quyết: 3 ngày làm việc |"));
    assert!(md.contains("QUY TRÌNH NỘI BỘ, QUY TRÌNH ĐIỆN TỬ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"));
    let html = decide(&tmp, &["--kind", "process"], "html", "qd.html");
    assert!(html.contains("<th>Đơn vị / người thực hiện</th>"), "{html}");
    decide(&tmp, &["--kind", "process"], "docx", "qd.docx");
    let bytes = std::fs::read(tmp.path().join("qd.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("Đơn vị / người thực hiện"));
    assert!(
        xml.contains("<w:gridSpan w:val=\"3\"/>"),
        "the total row spans three columns"
    );
}

#[test]
fn with_from_only_the_processes_that_changed() {
    let tmp = fixture();
    copy_dir(&tmp.path().join("cat"), &tmp.path().join("cat2"));
    write(
        &tmp,
        "cat2/provinces/thu-nghiem.yaml",
        OVERLAY.replace("time: 1,5 working days", "time: 1 working day"),
    );
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "decision",
            "--kind",
            "process",
            "--from",
            "cat",
            "--to",
            "cat2",
            "--province",
            "thu-nghiem",
            "--format",
            "json",
            "-o",
            "qd.json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("qd.json")).unwrap())
            .unwrap();
    let procs = j["procedures"].as_array().unwrap();
    assert_eq!(procs.len(), 1, "{j:#}");
    assert_eq!(procs[0]["national_code"], "1.004837");
    assert_eq!(procs[0]["status"], "amended");
    // diff tells the change in words.
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "diff", "cat", "cat2", "--lang", "vi"],
    );
    assert!(
        r.stdout
            .contains("Quy trình nội bộ › Bước 2 · Thẩm định: 1,5 ngày làm việc → 1 ngày làm việc"),
        "{}",
        r.stdout
    );
}

#[test]
fn the_four_list_decisions() {
    let tmp = fixture();
    let list = |kind: &str| -> serde_json::Value {
        serde_json::from_str(&decide(&tmp, &["--kind", kind], "json", "ds.json")).unwrap()
    };
    let online = list("online");
    let rows = online["list"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["detail"] == "Toàn trình" || r["detail"] == "Một phần")
    );
    // The postal list holds the procedures whose record has a postal channel.
    let postal = list("postal");
    assert!(
        postal["list"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["national_code"] == "1.004837" && r["detail"] == "Tiếp nhận hồ sơ"),
        "{postal:#}"
    );
    let bf = list("boundary-free");
    let rows = bf["list"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{bf:#}");
    assert_eq!(rows[0]["national_code"], "1.004845");
    assert!(
        rows[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("Trong phạm vi tỉnh: ")
    );
    let internal = list("internal");
    assert_eq!(internal["list"][0]["national_code"], "2.000756");
    let md = decide(&tmp, &["--kind", "boundary-free"], "markdown", "ds.md");
    assert!(
        md.contains("không phụ thuộc vào địa giới hành chính"),
        "{md}"
    );
    decide(&tmp, &["--kind", "internal"], "docx", "ds.docx");

    // With --from: what was added to the list and what was removed from it.
    copy_dir(&tmp.path().join("cat"), &tmp.path().join("cat2"));
    write(
        &tmp,
        "cat2/provinces/thu-nghiem.yaml",
        OVERLAY.replace("  - code: \"2.000756\"\n    delivery:\n      internal: { between: { vi: Ủy ban nhân dân cấp xã và Sở Tư pháp } }\n", "")
            .replace("boundary_free: { scope: province", "internal: { between: { vi: Ủy ban nhân dân cấp xã và Công an cấp xã } }\n      boundary_free: { scope: province"),
    );
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "decision",
            "--kind",
            "internal",
            "--from",
            "cat",
            "--to",
            "cat2",
            "--province",
            "thu-nghiem",
            "--format",
            "json",
            "-o",
            "dd.json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("dd.json")).unwrap())
            .unwrap();
    assert_eq!(j["added"][0]["national_code"], "1.004845", "{j:#}");
    assert_eq!(j["removed"][0]["national_code"], "2.000756", "{j:#}");
}

#[test]
fn metrics_count_delivery_per_level_and_field() {
    let tmp = fixture();
    let r = thutuc(tmp.path(), &["-C", "cat", "metrics", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let t = &j["totals"];
    let online_keys: Vec<&String> = t
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| k.contains("online"))
        .collect();
    assert!(online_keys.len() >= 6, "{online_keys:?}");
    let n = t["procedures"].as_u64().unwrap();
    let parts: u64 = ["online_full", "online_partial", "not_online"]
        .iter()
        .map(|k| t[k].as_u64().unwrap())
        .sum();
    assert_eq!(parts, n, "every procedure is full, partial or not online");
    assert!(j["by_level"]["commune"]["online_full_pct"].is_number());
    assert!(j["by_field"]["ho-tich"]["postal"].as_u64().unwrap() > 0);
    let human = thutuc(tmp.path(), &["-C", "cat", "metrics", "--lang", "vi"]);
    assert!(
        human.stdout.contains("Cách thức thực hiện theo cấp"),
        "{}",
        human.stdout
    );
}

#[test]
fn the_catalogue_decision_still_needs_from() {
    let tmp = fixture();
    let r = thutuc(
        tmp.path(),
        &[
            "-C", "cat", "decision", "--to", "cat", "--format", "json", "-o", "x.json",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--from"), "{}", r.stderr);
    assert!(!tmp.path().join("x.json").exists());
}

/// Nothing bundled is guessed: every procedure of the bundled catalogue whose delivery says
/// results are returned by post has a national record that says so; none claims a process,
/// reception regardless of boundary or an internal procedure (no record or list decision
/// found states them), and every stated delivery names its source.
#[test]
fn bundled_delivery_attributes_are_the_records_words() {
    use thutuc::catalogue::{Source, load};
    use thutuc::limits::Limits;
    use thutuc::model::process::Postal;
    let limits = Limits::default();
    let loaded = load(Source::Dir(bundled()).files(&limits).unwrap(), &limits);
    let records = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/national-records/portal");
    let mut checked = 0;
    for p in &loaded.catalogue.procedures {
        assert!(
            p.process.is_none(),
            "{}: no real process is bundled",
            p.code.as_str()
        );
        let d = &p.delivery;
        assert!(
            d.boundary_free.is_none() && d.internal.is_none(),
            "{}",
            p.code.as_str()
        );
        if d.postal.is_some() {
            assert!(
                d.source.is_some(),
                "{}: a delivery names its source",
                p.code.as_str()
            );
        }
        if matches!(d.postal, Some(Postal::Return | Postal::Both)) {
            let text = std::fs::read_dir(&records)
                .unwrap()
                .map(|m| m.unwrap().path().join(format!("{}.json", p.code.as_str())))
                .find(|f| f.exists())
                .map(|f| std::fs::read_to_string(f).unwrap())
                .unwrap_or_else(|| panic!("{}: no record", p.code.as_str()));
            assert!(
                text.contains("nhận kết quả") && text.contains("qua dịch vụ bưu chính"),
                "{}: the record does not say results are returned by post",
                p.code.as_str()
            );
            checked += 1;
        }
    }
    assert!(checked >= 1);
    for prov in &loaded.catalogue.provinces {
        assert!(
            prov.procedures
                .iter()
                .all(|l| l.process.is_none() && l.delivery.is_none()),
            "{}: no real process or list decision is bundled",
            prov.id.as_str()
        );
    }
}

/// A catalogue without any `process:` has nothing to approve: no empty decision is written.
#[test]
fn no_process_no_decision() {
    let tmp = tempfile::tempdir().unwrap();
    crate::support::copy_bundled(&tmp.path().join("cat"));
    let r = crate::support::thutuc(
        tmp.path(),
        &[
            "-C", "cat", "decision", "--kind", "process", "--to", "cat", "--format", "json", "-o",
            "qd.json",
        ],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("`process:`"), "{}", r.stderr);
    assert!(!tmp.path().join("qd.json").exists());
}
