//! `thutuc plan`, `thutuc report` and `thutuc drift` on real git repositories made with the
//! git CLI, their figures reconciled with `metrics` and `diff`.

use crate::support::*;
use std::path::Path;

const PROC: &str = "cat/procedures/cu-tru/1.004222.yaml";
const OTHER: &str = "cat/procedures/cu-tru/1.004194.yaml";

/// Git with a fixed author and the given date (ISO with offset).
fn git_on(dir: &Path, date: &str, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Cán bộ Tư pháp")
        .env("GIT_AUTHOR_EMAIL", "tuphap@example.vn")
        .env("GIT_COMMITTER_NAME", "Cán bộ Tư pháp")
        .env("GIT_COMMITTER_EMAIL", "tuphap@example.vn")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The mini procedure with compliance figures.
fn with_compliance(p: &str, minutes: u32, applications: &str) -> String {
    format!(
        "{p}compliance:\n  applications_per_year: {applications}\n  minutes: {{ prepare: {minutes}, submit: 30 }}\n  other_costs: 5,000 VND\n  sources:\n    applications_per_year: {{ vi: Báo cáo thống kê của Công an tỉnh năm 2025 }}\n"
    )
}

fn other_procedure() -> String {
    MINI_PROCEDURE
        .replace("\"1.004222\"", "\"1.004194\"")
        .replace(
            "Đăng ký thường trú, en: Permanent residence registration",
            "Đăng ký tạm trú, en: Temporary residence registration",
        )
}

/// Four commits: the catalogue on 15/12/2025; a simplification of 1.004222 (document
/// dropped, time cut) and a volume not stated for 1.004194 on 10/03/2026; 1.004194 abolished
/// (file removed) on 20/07/2026; on 05/08/2026 a new procedure.
fn repo() -> tempfile::TempDir {
    let tmp = mini();
    let d = tmp.path();
    write(&tmp, PROC, with_compliance(MINI_PROCEDURE, 90, "1000"));
    write(&tmp, OTHER, with_compliance(&other_procedure(), 60, "500"));
    git_on(
        d,
        "2025-12-15T09:00:00+07:00",
        &["init", "-q", "-b", "main"],
    );
    git_on(d, "2025-12-15T09:00:00+07:00", &["add", "."]);
    git_on(
        d,
        "2025-12-15T09:00:00+07:00",
        &["commit", "-q", "-m", "Công bố danh mục"],
    );
    let simplified = with_compliance(MINI_PROCEDURE, 30, "1000")
        .replace(
            "        - { id: consent, name: { vi: Văn bản đồng ý của chủ hộ }, originals: 1 }\n",
            "",
        )
        .replace("      documents:\n", "      documents: []\n");
    write(&tmp, PROC, simplified);
    write(
        &tmp,
        OTHER,
        with_compliance(&other_procedure(), 45, "not stated"),
    );
    git_on(
        d,
        "2026-03-10T09:00:00+07:00",
        &["commit", "-q", "-am", "Đơn giản hóa"],
    );
    git_on(d, "2026-07-20T09:00:00+07:00", &["rm", "-q", OTHER]);
    git_on(
        d,
        "2026-07-20T09:00:00+07:00",
        &["commit", "-q", "-m", "Bãi bỏ 1.004194"],
    );
    let new = MINI_PROCEDURE
        .replace("\"1.004222\"", "\"1.010028\"")
        .replace(
            "Đăng ký thường trú, en: Permanent residence registration",
            "Xóa đăng ký tạm trú, en: Removal of temporary residence",
        );
    write(&tmp, "cat/procedures/cu-tru/1.010028.yaml", new);
    git_on(d, "2026-08-05T09:00:00+07:00", &["add", "."]);
    git_on(
        d,
        "2026-08-05T09:00:00+07:00",
        &["commit", "-q", "-m", "Công bố mới"],
    );
    tmp
}

fn cost_of(metrics: &serde_json::Value, code: &str) -> serde_json::Value {
    metrics["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == code)
        .map(|p| p["compliance_cost"].clone())
        .unwrap_or(serde_json::Value::Null)
}

#[test]
fn plan_costs_reconcile_with_metrics_and_diff() {
    let tmp = repo();
    let d = tmp.path();
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "plan",
            "--baseline",
            "HEAD~3",
            "--to",
            "HEAD~2",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let plan = json(&r);
    let before = json(&thutuc(
        d,
        &[
            "-C", "cat", "metrics", "--rev", "HEAD~3", "--format", "json",
        ],
    ));
    let after = json(&thutuc(
        d,
        &[
            "-C", "cat", "metrics", "--rev", "HEAD~2", "--format", "json",
        ],
    ));
    let diff = json(&thutuc(
        d,
        &["-C", "cat", "diff", "HEAD~3", "HEAD~2", "--format", "json"],
    ));
    let amended: Vec<&str> = diff["amended"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    let procs = plan["procedures"].as_array().unwrap();
    assert_eq!(procs.len(), 2, "{plan:#}");
    for p in procs {
        let code = p["code"].as_str().unwrap();
        assert!(amended.contains(&code), "{code} is not amended in diff");
        assert_eq!(p["cost_before"], cost_of(&before, code), "{code}");
        assert_eq!(p["cost_after"], cost_of(&after, code), "{code}");
    }
    // 1.004222: (120 min × 40,000 / 60 + 20,000 + 5,000) × 1,000 before; (60 min …) after.
    let p = &procs[1];
    assert_eq!(p["code"], "1.004222");
    assert_eq!(p["cost_before"], 105_000_000);
    assert_eq!(p["cost_after"], 65_000_000);
    assert_eq!(p["saving"], 40_000_000);
    assert_eq!(p["saving_pct"], 38.1);
    let changes: Vec<&str> = p["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        changes
            .iter()
            .any(|c| c.contains("Văn bản đồng ý của chủ hộ")),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(|c| c.contains("120 → 60")),
        "{changes:?}"
    );
    // 1.004194: the volume is no longer stated: unknown, never 0, out of the totals.
    let q = &procs[0];
    assert_eq!(q["code"], "1.004194");
    assert!(q["cost_after"].is_null() && q["saving"].is_null(), "{q:#}");
    let t = &plan["totals"];
    assert_eq!(t["unmeasured"], 1);
    assert_eq!(t["cost_before"], 105_000_000);
    assert_eq!(t["cost_after"], 65_000_000);
    assert_eq!(
        t["saving"].as_i64().unwrap(),
        t["cost_before"].as_i64().unwrap() - t["cost_after"].as_i64().unwrap()
    );
    // Abolished: its whole cost is saved.
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "plan",
            "--baseline",
            "HEAD~2",
            "--to",
            "HEAD~1",
            "--format",
            "json",
        ],
    );
    let plan = json(&r);
    let procs = plan["procedures"].as_array().unwrap();
    assert_eq!(procs.len(), 1);
    assert_eq!(procs[0]["kind"], "abolished");
    assert_eq!(procs[0]["cost_after"], 0);
}

#[test]
fn plan_explains_a_cost_with_its_sources_and_writes_documents() {
    let tmp = repo();
    let d = tmp.path();
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "--lang",
            "vi",
            "plan",
            "--baseline",
            "HEAD~3",
            "--to",
            "HEAD~2",
            "--explain",
            "1.004222",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for want in [
        "Điều 27 Thông tư số 02/2017/TT-VPCP",
        "120 × 40.000 / 60 = 80.000 đồng",
        "Số hồ sơ mỗi năm: 1.000 — nguồn: Báo cáo thống kê của Công an tỉnh năm 2025",
        "Thời gian thực hiện: 60 phút",
        "nguồn: chưa có thông tin",
        "105.000 × 1 × 1.000 = 105.000.000 đồng",
        "Chi phí tiết kiệm: 105.000.000 − 65.000.000 = 40.000.000 đồng/năm (38,10%)",
    ] {
        assert!(r.stdout.contains(want), "{want}\n{}", r.stdout);
    }
    // DOCX is a file: without -o it is a usage error, with -o a Word package.
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "plan",
            "--baseline",
            "HEAD~3",
            "--format",
            "docx",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "plan",
            "--baseline",
            "HEAD~3",
            "--format",
            "docx",
            "-o",
            "plan.docx",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(d.join("plan.docx")).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "plan",
            "--baseline",
            "HEAD~3",
            "--to",
            "HEAD~2",
            "--format",
            "html",
        ],
    );
    assert!(
        r.stdout.contains("<svg") && r.stdout.contains("Residence"),
        "{}",
        r.stdout
    );
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "plan",
            "--baseline",
            "HEAD~3",
            "--to",
            "HEAD~2",
            "--format",
            "csv",
        ],
    );
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with("1.004194"))
        .unwrap();
    // Unknown is an empty cell, never 0.
    assert!(row.contains(",amended,42500000,,,,"), "{row}");
}

#[test]
fn report_of_a_year_reconciles_with_diff_and_metrics() {
    let tmp = repo();
    let d = tmp.path();
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "report",
            "--from",
            "01/01/2026",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let rep = json(&r);
    let codes = |k: &str| -> Vec<String> {
        rep[k]["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes("new"), ["1.010028"]);
    assert_eq!(codes("amended"), ["1.004222"]);
    assert_eq!(codes("abolished"), ["1.004194"]);
    assert_eq!(rep["new"]["count"], 1);
    // The same as diff between the commit before the period and the last one in it.
    let diff = json(&thutuc(
        d,
        &["-C", "cat", "diff", "HEAD~3", "HEAD", "--format", "json"],
    ));
    let added: Vec<&str> = diff["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let removed: Vec<&str> = diff["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(added, ["1.010028"]);
    assert_eq!(removed, ["1.004194"]);
    // In force at the end: the procedures metrics counts at that commit.
    let m = json(&thutuc(
        d,
        &["-C", "cat", "metrics", "--rev", "HEAD", "--format", "json"],
    ));
    assert_eq!(rep["in_force"]["total"], m["totals"]["procedures"]);
    assert_eq!(rep["in_force"]["by_level"]["commune"], 2);
    assert_eq!(rep["in_force"]["by_field"]["cu-tru"], 2);
    // No act is recorded: every change is dated by its commit, and the report says so.
    assert_eq!(rep["dated_by_commit"], 3);
    assert_eq!(rep["amended"]["items"][0]["date"], "2026-03-10");
    assert_eq!(rep["abolished"]["items"][0]["date"], "2026-07-20");
    // A half year sees only what happened in it.
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-30",
            "--format",
            "json",
        ],
    );
    let half = json(&r);
    // 1.004222 was amended in March; 1.004194's change that month (its yearly volume is no
    // longer stated) touches no part of the published procedure: no amendment.
    assert_eq!(half["amended"]["count"], 1);
    assert_eq!(half["new"]["count"], 0);
    assert_eq!(half["abolished"]["count"], 0);
    assert_eq!(half["in_force"]["total"], 2);
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "--lang",
            "vi",
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
    );
    assert!(r.stdout.contains("theo ngày commit"), "{}", r.stdout);
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "html",
        ],
    );
    assert!(
        r.stdout.contains("<svg") && r.stdout.contains("03/2026"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_period_without_changes_shows_its_counts_not_an_empty_chart() {
    let tmp = repo();
    let d = tmp.path();
    let args = |format: &'static str| {
        let mut v: Vec<&str> = "-C cat --lang vi report --from 2026-04-01 --to 2026-06-30 --format"
            .split(' ')
            .collect();
        v.push(format);
        v
    };
    let rep = json(&thutuc(d, &args("json")));
    for k in ["new", "amended", "abolished"] {
        assert_eq!(rep[k]["count"], 0, "{k}: {rep}");
    }
    let r = thutuc(d, &args("html"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // No chart of nothing and no table of headings only; the counts are there.
    assert!(!r.stdout.contains("<svg"), "{}", r.stdout);
    assert!(!r.stdout.contains("Căn cứ xác định ngày"), "{}", r.stdout);
    assert!(r.stdout.contains("<li>Công bố mới: 0</li>"), "{}", r.stdout);
}

#[test]
fn reversed_empty_or_unreadable_periods_are_usage_errors() {
    let tmp = repo();
    let d = tmp.path();
    for (from, to) in [
        ("2026-12-31", "2026-01-01"),
        ("2026-05-05", "05/05/2026"),
        ("31/02/2026", "2026-12-31"),
        ("", "2026-12-31"),
    ] {
        let r = thutuc(d, &["-C", "cat", "report", "--from", from, "--to", to]);
        assert_eq!(r.code, 2, "{from} {to}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn drift_lists_national_changes_since_the_overlay_last_followed() {
    let tmp = mini_with_calendar();
    let d = tmp.path();
    write(
        &tmp,
        "cat/provinces/da-nang.yaml",
        "id: da-nang\nname: { vi: Thành phố Đà Nẵng, en: Da Nang }\ncode_suffix: 000.00.00.H17\nresolutions: []\nprocedures:\n  - code: \"1.004222\"\n    deadlines: { direct: 5 working days }\n",
    );
    git_on(
        d,
        "2026-01-05T09:00:00+07:00",
        &["init", "-q", "-b", "main"],
    );
    git_on(d, "2026-01-05T09:00:00+07:00", &["add", "."]);
    git_on(
        d,
        "2026-01-05T09:00:00+07:00",
        &["commit", "-q", "-m", "Danh mục và bản địa phương hóa"],
    );
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "drift",
            "--province",
            "da-nang",
            "--at",
            "2026-02-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r)["pending"].as_array().unwrap().len(), 0);
    // The national procedure changes; a new one comes in the overlay's field.
    write(
        &tmp,
        PROC,
        MINI_PROCEDURE.replace("amount: 20,000 VND", "amount: 15,000 VND"),
    );
    write(&tmp, OTHER, other_procedure());
    git_on(d, "2026-03-02T09:00:00+07:00", &["add", "."]);
    git_on(
        d,
        "2026-03-02T09:00:00+07:00",
        &["commit", "-q", "-m", "Sửa đổi lệ phí, thêm thủ tục"],
    );
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "drift",
            "--province",
            "da-nang",
            "--at",
            "2026-03-10",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    let pending = v["pending"].as_array().unwrap();
    let got: Vec<(&str, &str)> = pending
        .iter()
        .map(|p| (p["code"].as_str().unwrap(), p["change"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("1.004194", "new"), ("1.004222", "amended")]);
    // No act and no localisation rule recorded: no due date, never a guessed one.
    for p in pending {
        assert!(
            p["act"].is_null() && p["due"].is_null() && p["days_left"].is_null(),
            "{p:#}"
        );
    }
    assert_eq!(v["follows"]["date"], "2026-01-05");
    // Listed before the change: nothing pending yet.
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "drift",
            "--province",
            "da-nang",
            "--at",
            "2026-02-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(json(&r)["pending"].as_array().unwrap().len(), 0);
    // The overlay follows: nothing pending.
    write(
        &tmp,
        "cat/provinces/da-nang.yaml",
        "id: da-nang\nname: { vi: Thành phố Đà Nẵng, en: Da Nang }\ncode_suffix: 000.00.00.H17\nresolutions: []\nprocedures:\n  - code: \"1.004222\"\n    deadlines: { direct: 4 working days }\n",
    );
    git_on(
        d,
        "2026-03-20T09:00:00+07:00",
        &["commit", "-q", "-am", "Địa phương hóa"],
    );
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "drift",
            "--province",
            "da-nang",
            "--at",
            "2026-04-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(json(&r)["pending"].as_array().unwrap().len(), 0);
    // An unknown province is a usage error with the ones there are.
    let r = thutuc(d, &["-C", "cat", "drift", "--province", "da-nag"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("da-nang"), "{}", r.stderr);
}

#[test]
fn bundled_catalogue_plan_report_and_drift_come_out() {
    // The repository's own catalogue, with its real history and baseline.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join(".git").exists() {
        return; // a source tarball has no history to report on
    }
    let r = thutuc(root, &["-C", "catalogue", "plan", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let plan = json(&r);
    let t = &plan["totals"];
    // The bundled compliance inputs are estimates that name no source: the plan says so.
    assert_eq!(t["unsourced"], t["measured"], "{t}");
    assert_eq!(
        t["saving"].as_i64().unwrap(),
        t["cost_before"].as_i64().unwrap() - t["cost_after"].as_i64().unwrap()
    );
    let r = thutuc(
        root,
        &[
            "-C",
            "catalogue",
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rep = json(&r);
    let m = json(&thutuc(
        root,
        &[
            "-C",
            "catalogue",
            "metrics",
            "--rev",
            "HEAD",
            "--format",
            "json",
        ],
    ));
    assert_eq!(rep["in_force"]["total"], m["totals"]["procedures"]);
    // The procedures added to the repository in 2026 were in force before: those in the
    // catalogue's first commit are not classified (the report says the period begins before
    // the history), and those added later as data completion are not "published new".
    assert!(rep["history_start"]["commit"].is_string(), "{rep}");
    let new: Vec<&str> = rep["new"]["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(!new.contains(&"3.000346"), "{new:?}");
    assert!(!new.contains(&"1.000419"), "{new:?}");
    // The bundled catalogue's one province (each overlay cites a real People's Council
    // resolution): drift for it comes out; for a province it lacks, a usage error naming
    // what there is.
    let r = thutuc(
        root,
        &[
            "-C",
            "catalogue",
            "drift",
            "--province",
            "hai-phong",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = json(&r);
    assert!(d.to_string().contains("hai-phong"), "{d}");
    let r = thutuc(root, &["-C", "catalogue", "drift", "--province", "da-nang"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("hai-phong"), "{}", r.stderr);
}

#[test]
fn presets_expand_into_targets_with_their_sources() {
    let tmp = repo();
    let d = tmp.path();
    write(
        &tmp,
        "cat/targets.yaml",
        "presets: [nq-66-2025, qd-1085-2022, khai-bao-20]\n",
    );
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "check",
            "--baseline",
            "HEAD~3",
            "--format",
            "json",
        ],
    );
    assert!(matches!(r.code, 0 | 1), "{}", r.stderr);
    let v = json(&r);
    let ids: Vec<&str> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "nq-66-2025-thoi-gian",
            "nq-66-2025-chi-phi",
            "qd-1085-2022-thu-tuc",
            "qd-1085-2022-chi-phi",
            "khai-bao-20"
        ]
    );
    let t = &v["targets"][0];
    assert_eq!(t["metric"], "deadline_working_days");
    assert_eq!(t["required_pct"], -30.0);
    assert!(
        t["basis"]
            .as_str()
            .unwrap()
            .contains("66/NQ-CP ngày 26/3/2025")
    );
    // One procedure abolished of two: the number of procedures fell by 50%.
    let t = &v["targets"][2];
    assert_eq!(t["metric"], "procedures");
    assert_eq!(t["baseline"], 2);
    assert_eq!(t["current"], 2);
    // An unknown preset is a finding with the names there are.
    write(&tmp, "cat/targets.yaml", "presets: [nq-66]\n");
    let r = thutuc(d, &["-C", "cat", "check", "--baseline", "HEAD~3"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("nq-66-2025"), "{}", r.stdout);
    write(&tmp, "cat/targets.yaml", "{}\n");
    let r = thutuc(d, &["-C", "cat", "check", "--baseline", "HEAD~3"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
}
