//! `thutuc site`: the catalogue as a static website read offline from its folder, written
//! whole; and, in headless Chromium driven over the DevTools protocol, the search box that
//! finds a procedure typed without accents (`tests/it/site_browser.py`).

use crate::support::*;
use std::path::Path;
use std::process::Command;

fn bundled_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    // With the test overlays (tests/fixtures/provinces) beside the bundled one (Hải Phòng).
    copy_bundled(&tmp.path().join("catalogue"));
    tmp
}

/// The portal's headings, in the order a procedure's page gives them.
const HEADINGS: [&str; 11] = [
    "Trình tự thực hiện",
    "Cách thức thực hiện",
    "Thành phần, số lượng hồ sơ",
    "Thời hạn giải quyết",
    "Đối tượng thực hiện",
    "Cơ quan thực hiện",
    "Kết quả thực hiện",
    "Phí, lệ phí",
    "Tên mẫu đơn, mẫu tờ khai",
    "Yêu cầu, điều kiện thực hiện",
    "Căn cứ pháp lý",
];

#[test]
fn the_site_is_whole_offline_and_in_both_languages() {
    let tmp = bundled_copy();
    let r = thutuc(tmp.path(), &["site", "-o", "web"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let web = tmp.path().join("web");
    let index = std::fs::read_to_string(web.join("index.html")).unwrap();
    assert!(
        index.contains("<html lang=\"vi\">")
            && index.contains("Hộ tịch")
            && index.contains("Cấp xã")
    );
    let page = std::fs::read_to_string(web.join("tt/1.000593.html")).unwrap();
    let mut at = 0;
    for h in HEADINGS {
        let i = page[at..]
            .find(&format!(">{h}</h2>"))
            .unwrap_or_else(|| panic!("{h} missing or out of order"));
        at += i;
    }
    assert!(page.contains("Thủ tục đăng ký kết hôn lưu động"));
    let en = std::fs::read_to_string(web.join("en/tt/1.000593.html")).unwrap();
    assert!(
        en.contains("<html lang=\"en\">") && en.contains(">Steps</h2>"),
        "{en}"
    );
    // Nothing is fetched from elsewhere: no external script, style, font or image.
    for f in [
        web.join("index.html"),
        web.join("en/index.html"),
        web.join("tt/1.000593.html"),
    ] {
        let t = std::fs::read_to_string(&f).unwrap();
        for bad in ["<script src", "<link", "@import", "url(", "<img", "<iframe"] {
            assert!(!t.contains(bad), "{} holds {bad}", f.display());
        }
    }
    // Every procedure has its page in both languages.
    let pages = std::fs::read_dir(web.join("tt")).unwrap().count();
    assert_eq!(pages, std::fs::read_dir(web.join("en/tt")).unwrap().count());
    assert!(pages >= 40, "{pages}");

    // Written again, the site is replaced whole: a page no procedure has any more goes.
    std::fs::write(web.join("tt/9.999999.html"), "old").unwrap();
    let r = thutuc(tmp.path(), &["site", "-o", "web"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!web.join("tt/9.999999.html").exists());
    // A folder holding other files is never replaced.
    std::fs::create_dir(tmp.path().join("docs")).unwrap();
    std::fs::write(tmp.path().join("docs/letter.txt"), "keep me").unwrap();
    let r = thutuc(tmp.path(), &["site", "-o", "docs"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("đang chứa các tệp khác"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("docs/letter.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path().join("docs")).unwrap().count(),
        1
    );

    // A province's site: its name and its localised procedures.
    let r = thutuc(tmp.path(), &["site", "--province", "da-nang", "-o", "dn"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let index = std::fs::read_to_string(tmp.path().join("dn/index.html")).unwrap();
    assert!(index.contains("Thành phố Đà Nẵng"), "{index}");
}

/// Whether a tool is here; missing, it fails under CI (which installs it) and is skipped
/// with a note elsewhere.
fn have(cmd: &str, args: &[&str]) -> bool {
    let ok = Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but `{cmd} {}` fails: .ci/run installs it",
            args.join(" ")
        );
        eprintln!("skipped: `{cmd}` is not available");
    }
    ok
}

#[test]
fn a_person_finds_a_procedure_by_typing_without_accents_in_chromium() {
    if !have("chromium", &["--version"]) || !have("python3", &["-c", "import websocket"]) {
        return;
    }
    let tmp = bundled_copy();
    let r = thutuc(tmp.path(), &["site", "-o", "web"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shot = tmp.path().join("search.png");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/site_browser.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg("chromium")
        .arg(tmp.path().join("web/index.html"))
        .arg("ket hon luu dong")
        .arg(&shot)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["typed"], "ket hon luu dong");
    let visible: Vec<&str> = v["visible"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(visible, ["1.000593Thủ tục đăng ký kết hôn lưu động"], "{v}");
    assert!(v["total"].as_u64().unwrap() >= 40, "{v}");
    assert_eq!(v["count"], "Tìm thấy 1 thủ tục");
    // Following the one found opens its page.
    assert!(v["title"].as_str().unwrap().starts_with("1.000593"), "{v}");
    assert!(
        v["page"]
            .as_str()
            .unwrap()
            .contains("Thành phần, số lượng hồ sơ"),
        "{v}"
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
    if let Ok(dir) = std::env::var("THUTUC_SCREENSHOTS") {
        let _ = std::fs::copy(&shot, Path::new(&dir).join("site-search.png"));
    }
}
