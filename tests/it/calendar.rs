//! `thutuc calendar`, calendar-file validation, working hours and provisional due dates, on
//! the real binary with the bundled 2020–2026 decision files.

use crate::support::*;
use std::process::Command;

fn run(tmp: &tempfile::TempDir, args: &[&str]) -> Run {
    let mut all = vec!["-C", "cat"];
    all.extend_from_slice(args);
    thutuc(tmp.path(), &all)
}

#[test]
fn a_decided_year_and_a_computed_year() {
    let tmp = mini_with_calendar();
    let r = run(&tmp, &["--lang", "vi", "calendar", "2025"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("calendar_2025_vi", r.stdout);
    let r = run(&tmp, &["--lang", "en", "calendar", "2027"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("calendar_2027_en", r.stdout);
}

#[test]
fn json_names_the_source_and_the_labour_code() {
    let tmp = mini_with_calendar();
    let v = json(&run(
        &tmp,
        &["--lang", "en", "calendar", "2020", "--format", "json"],
    ));
    assert_eq!(v["computed"], false);
    assert!(v["labour_code"].as_str().unwrap().contains("art. 115"));
    // 2020, under the 2012 Code: one National Day day.
    let national: Vec<&str> = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["date"].as_str().unwrap().starts_with("2020-09"))
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(national, ["2020-09-02"]);
    let v = json(&run(&tmp, &["calendar", "2024", "--format", "json"]));
    assert!(v["source"].as_str().unwrap().contains("8662/VPCP-KGVX"));
    let worked: Vec<&str> = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "working_day")
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(worked, ["2024-05-04"]);
    let v = json(&run(&tmp, &["calendar", "2031", "--format", "json"]));
    assert_eq!(v["provisional"], true);
}

#[test]
fn ics_loads_as_rfc_5545() {
    let tmp = mini_with_calendar();
    let out = Command::new(env!("CARGO_BIN_EXE_thutuc"))
        .args([
            "-C", "cat", "--lang", "vi", "calendar", "2026", "--format", "ics",
        ])
        .current_dir(tmp.path())
        .env("SOURCE_DATE_EPOCH", "1764547200")
        .output()
        .unwrap();
    assert!(out.status.success());
    let ics = String::from_utf8(out.stdout).unwrap();
    // Every line ends with CRLF and holds at most 75 octets.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for l in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(l.len() <= 75 && !l.contains('\n'), "{l:?}");
    }
    let unfolded = ics.replace("\r\n ", "");
    let events: Vec<&str> = unfolded.split("BEGIN:VEVENT").skip(1).collect();
    // 2026: 13 weekdays off and Saturdays 10/1 and 22/8 worked.
    assert_eq!(events.len(), 15);
    for e in &events {
        for key in [
            "UID:",
            "DTSTAMP:20251201T000000Z",
            "DTSTART;VALUE=DATE:",
            "DTEND;VALUE=DATE:",
            "SUMMARY:",
            "END:VEVENT",
        ] {
            assert!(e.contains(key), "{key} in {e}");
        }
    }
    assert!(unfolded.contains(
        "DTSTART;VALUE=DATE:20260110\r\nDTEND;VALUE=DATE:20260111\r\nSUMMARY:Ngày làm việc: Làm bù cho ngày 02/01"
    ));
    assert!(unfolded.contains("DESCRIPTION:Nguồn: Thông báo số 9441/TB-BNV"));
}

/// Reads an iCalendar file from stdin with the `icalendar` package (PyPI), the parser behind
/// many Python calendar tools, and prints each event as JSON: what an office calendar would
/// import. Any parse error, a non all-day start or a naive DTSTAMP is reported, not hidden.
const READ_ICS: &str = r#"
import datetime, json, sys
import icalendar
data = sys.stdin.buffer.read()
cal = icalendar.Calendar.from_ical(data)
errors = list(getattr(cal, "errors", []))
events = []
for ev in cal.walk("VEVENT"):
    errors += list(getattr(ev, "errors", []))
    start, end, stamp = ev.decoded("DTSTART"), ev.decoded("DTEND"), ev.decoded("DTSTAMP")
    events.append({
        "uid": str(ev["UID"]),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "all_day": type(start) is datetime.date and type(end) is datetime.date,
        "value": ev["DTSTART"].params.get("VALUE"),
        "stamp_utc": stamp.utcoffset() == datetime.timedelta(0),
        "stamp": stamp.strftime("%Y%m%dT%H%M%SZ"),
        "summary": str(ev["SUMMARY"]),
        "description": str(ev["DESCRIPTION"]),
        "transp": str(ev["TRANSP"]),
    })
print(json.dumps({"version": icalendar.__version__, "calname": str(cal.get("X-WR-CALNAME")), "errors": [str(e) for e in errors], "events": events}, ensure_ascii=False))
"#;

/// Whether `python3` with the `icalendar` package is here; missing, it fails under CI (which
/// installs it, .ci/run) and the test is skipped with a note elsewhere.
fn icalendar_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import icalendar"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "python3 with icalendar is missing: .ci/run must install it"
        );
        eprintln!("note: python3 -c 'import icalendar' failed: skipping the real-parser check");
    }
    ok
}

#[test]
fn ics_loads_in_a_real_calendar_parser() {
    if !icalendar_available() {
        return;
    }
    let tmp = mini_with_calendar();
    for (lang, working, source) in [
        ("vi", "Ngày làm việc: ", "Nguồn: "),
        ("en", "Working day: ", "Source: "),
    ] {
        let ics = Command::new(env!("CARGO_BIN_EXE_thutuc"))
            .args([
                "-C", "cat", "--lang", lang, "calendar", "2025", "--format", "ics",
            ])
            .current_dir(tmp.path())
            .env("SOURCE_DATE_EPOCH", "1764547200")
            .output()
            .unwrap();
        assert!(
            ics.status.success(),
            "{}",
            String::from_utf8_lossy(&ics.stderr)
        );
        let raw = &ics.stdout;
        // RFC 5545 §3.1: every line ends with CRLF (no bare LF or CR) and holds at most 75
        // octets; long Vietnamese lines are folded (the parser below unfolds them).
        let text = std::str::from_utf8(raw).unwrap();
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        let lines: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
        for l in &lines {
            assert!(l.len() <= 75 && !l.contains(['\n', '\r']), "{l:?}");
        }
        let folded = lines.iter().filter(|l| l.starts_with(' ')).count();
        assert!(folded > 20, "{lang}: only {folded} folded lines");
        // Some folds fall right after a multi-byte character (Vietnamese letters are 2–3
        // octets), which a byte-counting folder would split.
        assert!(
            lines
                .windows(2)
                .any(|w| w[1].starts_with(' ') && !w[0].is_ascii()),
            "{lang}: no fold after Vietnamese text"
        );

        let out = Command::new("python3")
            .args(["-c", READ_ICS])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(raw)?;
                child.wait_with_output()
            })
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(parsed["errors"], serde_json::json!([]), "{lang}");
        let events = parsed["events"].as_array().unwrap();

        // The same days as the JSON listing, in order, each with its date and name.
        let listing = json(&run(
            &tmp,
            &["--lang", lang, "calendar", "2025", "--format", "json"],
        ));
        let days = listing["days"].as_array().unwrap();
        assert_eq!(events.len(), days.len(), "{lang}");
        // 2025: 1/1, Tết 27/1–31/1, Giỗ Tổ 7/4, 30/4, 1/5, 2/5 (swapped), 1/9, 2/9 off; 26/4 worked.
        assert!(events.len() >= 13, "{lang}: {}", events.len());
        let mut uids = std::collections::BTreeSet::new();
        for (e, d) in events.iter().zip(days) {
            let date = d["date"].as_str().unwrap();
            let name = d["name"].as_str().unwrap();
            let next = date
                .parse::<jiff::civil::Date>()
                .unwrap()
                .tomorrow()
                .unwrap()
                .to_string();
            assert_eq!(e["start"], date, "{lang} {e}");
            assert_eq!(
                e["end"],
                next.as_str(),
                "{lang}: one all-day event, end exclusive"
            );
            assert_eq!(e["all_day"], true, "{lang} {e}");
            assert_eq!(e["value"], "DATE", "{lang} {e}");
            let summary = match d["kind"].as_str().unwrap() {
                "day_off" => name.to_string(),
                "working_day" => format!("{working}{name}"),
                k => panic!("kind {k}"),
            };
            assert_eq!(e["summary"], summary.as_str(), "{lang}");
            let description = format!("{source}{}", d["source"].as_str().unwrap());
            assert_eq!(e["description"], description.as_str(), "{lang}");
            assert_eq!(
                e["transp"],
                if d["kind"] == "day_off" {
                    "TRANSPARENT"
                } else {
                    "OPAQUE"
                }
            );
            // DTSTAMP: UTC, the build's SOURCE_DATE_EPOCH (1 December 2025 00:00 UTC).
            assert_eq!(e["stamp_utc"], true, "{lang} {e}");
            assert_eq!(e["stamp"], "20251201T000000Z", "{lang} {e}");
            assert!(
                uids.insert(e["uid"].as_str().unwrap().to_string()),
                "{lang}: UID twice: {e}"
            );
        }
        // The calendar's name as the office sees it, in its language, with no escapes left.
        let calname = if lang == "vi" {
            assert!(events.iter().any(|e| e["summary"] == "Nghỉ Tết Nguyên đán"));
            "Lịch nghỉ và ngày làm bù của cơ quan nhà nước"
        } else {
            "Days off and make-up working days of Vietnamese state agencies"
        };
        assert_eq!(parsed["calname"], calname);
    }
}

#[test]
fn working_days_between_two_dates() {
    let tmp = mini_with_calendar();
    let r = run(
        &tmp,
        &[
            "--lang",
            "en",
            "calendar",
            "--between",
            "24/01/2025",
            "2025-02-11",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("calendar_between_tet_2025", r.stdout);
    let v = json(&run(
        &tmp,
        &[
            "calendar",
            "--between",
            "2026-12-28",
            "2027-01-07",
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["working_days"], 7);
    assert_eq!(v["provisional"], true);
    assert_eq!(v["provisional_years"], serde_json::json!([2027]));
}

#[test]
fn bad_input_is_refused_with_exit_2() {
    let tmp = mini_with_calendar();
    for (args, needle) in [
        (
            &["calendar", "2200"][..],
            "outside the calendar: the calendar covers 2014–2199",
        ),
        (&["calendar", "1899"], "1899 is outside"),
        (&["calendar", "2013"], "2013 is outside"),
        (&["calendar", "năm-2025"], "is not a year"),
        (
            &["calendar", "--between", "2025-02-30", "2025-03-01"],
            "`2025-02-30` is not a date",
        ),
        (
            &["calendar", "--between", "2025-01-01", "01/01/2200"],
            "outside the calendar",
        ),
        (&["calendar", "--between", "2025-01-01"], ""),
    ] {
        let mut all = vec!["--lang", "en"];
        all.extend_from_slice(args);
        let r = run(&tmp, &all);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(r.stderr.contains(needle), "{args:?}: {}", r.stderr);
    }
    // In Vietnamese too.
    let r = run(&tmp, &["--lang", "vi", "calendar", "2200"]);
    assert!(r.stderr.contains("năm 2200 nằm ngoài lịch"), "{}", r.stderr);
}

#[test]
fn calendar_files_are_validated_with_their_position() {
    let tmp = mini_with_calendar();
    write(
        &tmp,
        "cat/calendar/2025.yaml",
        "year: 2025
source: Thông báo thử
days_off:
  - { date: 2025-01-01, name: Tết Dương lịch }
  - { date: 2025-01-27, name: Tết }
  - { date: 2025-01-27, name: Tết lặp lại }
  - { date: 2024-12-31, name: Giao thừa }
  - { date: 2025-04-07, name: Giỗ Tổ }
  - { date: 2025-04-30, name: 30/4 }
  - { date: 2025-05-01, name: 1/5 }
  - { date: 2025-09-02, name: 2/9 }
working_days:
  - { date: 2025-02-07, name: Thứ Sáu }
",
    );
    let r = run(&tmp, &["--lang", "en", "validate", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r);
    let found: Vec<(String, String, u64, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let f = |code: &str, line, column| {
        (
            code.to_string(),
            "cat/calendar/2025.yaml".to_string(),
            line,
            column,
        )
    };
    assert_eq!(
        found,
        [
            // mùng 1 Tết (29/1) is not a day off: reported at `days_off`.
            f("calendar/tet-without-new-year", 4, 3),
            f("calendar/duplicate-day", 6, 13),
            f("calendar/wrong-year", 7, 13),
            f("calendar/working-day-not-weekend", 13, 13),
        ]
    );
    // The calendar command refuses to list a year from a file it cannot trust.
    let r = run(&tmp, &["--lang", "en", "calendar", "2025"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("calendar/2025.yaml:13:13"),
        "{}",
        r.stdout
    );
}

const HOURS_PROCEDURE: &str = "\
code: \"1.013590\"
name: { vi: Khai báo tạm trú tại cửa khẩu, en: Stay notice at the border }
field: cu-tru
levels: [commune]
agencies:
  implementing: { vi: Đồn Biên phòng cửa khẩu, en: Border post }
channels:
  - channel: online_full
    deadline: 4 hours
  - channel: direct
    deadline: 4 hours
";

fn hours_cat(manifest_extra: &str) -> tempfile::TempDir {
    let tmp = mini_with_calendar();
    write(
        &tmp,
        "cat/catalogue.yaml",
        format!("{MINI_MANIFEST}{manifest_extra}"),
    );
    write(&tmp, "cat/procedures/cu-tru/1.013590.yaml", HOURS_PROCEDURE);
    tmp
}

#[test]
fn hour_deadlines_count_working_time_and_explain_it() {
    let tmp = hours_cat("");
    // Friday 16:30 + 4 h: 16:30–17:00, weekend not counted, Monday 07:30–11:00.
    let r = run(
        &tmp,
        &[
            "--lang",
            "en",
            "eval",
            "1.013590",
            "--channel",
            "online_full",
            "--received",
            "2025-03-07T16:30",
            "--explain",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("due 2025-03-10 11:00"), "{}", r.stdout);
    for line in [
        "working hours: 07:30–11:30, 13:00–17:00",
        "counted: 2025-03-07 16:30–17:00 (0.5 h of working time)",
        "not counted: 2025-03-08..2025-03-09 (weekend)",
        "counted: 2025-03-10 07:30–11:00 (3.5 h of working time)",
    ] {
        assert!(r.stdout.contains(line), "{line}\n{}", r.stdout);
    }
    // A UTC offset is converted to Vietnam time: 09:30Z is 16:30 in Hanoi.
    let v = json(&run(
        &tmp,
        &[
            "eval",
            "1.013590",
            "--channel",
            "online_full",
            "--received",
            "2025-03-07T09:30Z",
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["deadline"]["due"], "2025-03-10");
    assert_eq!(v["deadline"]["due_time"], "11:00");
    assert_eq!(v["deadline"]["provisional"], false);
    // −05:00: 14:00 in New York is 02:00 the next day in Vietnam (a Saturday).
    let v = json(&run(
        &tmp,
        &[
            "eval",
            "1.013590",
            "--received",
            "2025-03-06T14:00-05:00",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        (
            v["deadline"]["due"].as_str(),
            v["deadline"]["due_time"].as_str()
        ),
        (Some("2025-03-07"), Some("11:30"))
    );
    let r = run(
        &tmp,
        &[
            "--lang",
            "en",
            "eval",
            "1.013590",
            "--received",
            "2025-03-06T14:00+7",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("UTC offset"), "{}", r.stderr);
}

#[test]
fn hours_of_the_catalogue_and_of_an_agency() {
    // The catalogue works 07:00–11:00, 13:30–17:30; the border post around the clock.
    let tmp = hours_cat(
        "working_hours:
  sessions: [\"07:00-11:00\", \"13:30-17:30\"]
  source: Quy chế làm việc thử
  agencies:
    - { agency: Đồn Biên phòng cửa khẩu, sessions: [\"00:00-24:00\"], every_day: true }
",
    );
    let v = json(&run(
        &tmp,
        &[
            "eval",
            "1.013590",
            "--received",
            "2025-03-07T22:00",
            "--format",
            "json",
        ],
    ));
    // Friday 22:00 + 4 h = Saturday 02:00 at a post open every day.
    assert_eq!(
        (
            v["deadline"]["due"].as_str(),
            v["deadline"]["due_time"].as_str()
        ),
        (Some("2025-03-08"), Some("02:00"))
    );
    // Another procedure's agency keeps the catalogue's hours.
    write(
        &tmp,
        "cat/procedures/cu-tru/1.013590.yaml",
        HOURS_PROCEDURE.replace("Đồn Biên phòng cửa khẩu", "UBND xã"),
    );
    let v = json(&run(
        &tmp,
        &[
            "eval",
            "1.013590",
            "--received",
            "2025-03-07T16:30",
            "--format",
            "json",
        ],
    ));
    // 16:30–17:30 (1 h), Monday 07:00–10:00.
    assert_eq!(
        (
            v["deadline"]["due"].as_str(),
            v["deadline"]["due_time"].as_str()
        ),
        (Some("2025-03-10"), Some("10:00"))
    );
    // The procedure's own hours win.
    write(
        &tmp,
        "cat/procedures/cu-tru/1.013590.yaml",
        format!("{HOURS_PROCEDURE}working_hours: {{ sessions: [\"08:00-12:00\"] }}\n"),
    );
    let v = json(&run(
        &tmp,
        &[
            "eval",
            "1.013590",
            "--received",
            "2025-03-07T16:30",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        (
            v["deadline"]["due"].as_str(),
            v["deadline"]["due_time"].as_str()
        ),
        (Some("2025-03-10"), Some("12:00"))
    );
}

#[test]
fn bad_working_hours_are_explained_with_their_position() {
    let tmp = hours_cat(
        "working_hours:
  sessions:
    - \"07:30-11:30\"
    - \"11:00-12:00\"
    - \"17:00-13:00\"
  agencies:
    - { agency: Đồn, sessions: [] }
",
    );
    let r = run(&tmp, &["--lang", "en", "validate"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    insta::assert_snapshot!("bad_working_hours", r.stdout);
}

#[test]
fn provisional_due_dates() {
    let tmp = mini_with_calendar();
    let args = |received: &'static str| {
        vec![
            "-C",
            "cat",
            "--lang",
            "en",
            "eval",
            "1.004222",
            "--set",
            "fee_exempt=false",
            "--set",
            "residence_case=own_home",
            "--received",
            received,
        ]
    };
    let r = thutuc(tmp.path(), &args("2026-12-28T09:00"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("due 2027-01-07"), "{}", r.stdout);
    assert!(
        r.stdout.contains("⚠ provisional: the days off of 2027 are computed by the rule, not yet fixed by a decision; add calendar/2027.yaml"),
        "{}",
        r.stdout
    );
    let mut a = args("2026-12-28T09:00");
    a.extend(["--format", "json"]);
    let v = json(&thutuc(tmp.path(), &a));
    assert_eq!(v["deadline"]["provisional"], true);
    assert_eq!(
        v["deadline"]["provisional_years"],
        serde_json::json!([2027])
    );
    // Inside a decided year: not provisional, no warning.
    let r = thutuc(tmp.path(), &args("2026-03-02T09:00"));
    assert!(!r.stdout.contains("provisional"), "{}", r.stdout);
    // The same date without the 2026 file: provisional.
    std::fs::remove_file(tmp.path().join("cat/calendar/2026.yaml")).unwrap();
    let r = thutuc(tmp.path(), &args("2026-03-02T09:00"));
    assert!(r.stdout.contains("add calendar/2026.yaml"), "{}", r.stdout);
}
