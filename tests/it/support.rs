//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The result of running the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `thutuc` with `args` in `dir`, without colours.
pub fn thutuc(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_thutuc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // "Today" fixed, so findings that depend on it (a discount window that has ended)
        // are the same on every day the tests run.
        .env("THUTUC_TODAY", "2026-12-06")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run thutuc");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository's bundled catalogue.
pub fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue")
}

/// The overlays the tests localise with (`tests/fixtures/provinces`): their resolutions,
/// amounts and form details are invented to exercise the format, so they are test data and
/// never part of the bundled catalogue.
pub fn test_overlays() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/provinces")
}

/// A copy of the bundled catalogue with the test overlays in its `provinces/`.
pub fn copy_bundled(to: &Path) {
    copy_dir(&bundled(), to);
    copy_dir(&test_overlays(), &to.join("provinces"));
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A temp dir holding a small valid catalogue in `cat/`, written here so the tests do not
/// depend on how the bundled catalogue evolves.
pub fn mini() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("cat");
    std::fs::create_dir_all(cat.join("procedures/cu-tru")).unwrap();
    std::fs::write(cat.join("catalogue.yaml"), MINI_MANIFEST).unwrap();
    std::fs::write(cat.join("procedures/cu-tru/1.004222.yaml"), MINI_PROCEDURE).unwrap();
    tmp
}

/// [`mini`] plus the bundled calendar data (the real 2020–2026 decision files).
pub fn mini_with_calendar() -> tempfile::TempDir {
    let tmp = mini();
    copy_dir(
        &bundled().join("calendar"),
        &tmp.path().join("cat/calendar"),
    );
    tmp
}

/// A run's standard output as JSON, failing with both outputs when it is not.
pub fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", r.stdout, r.stderr))
}

/// Writes a file below the temp dir.
pub fn write(tmp: &tempfile::TempDir, rel: &str, content: impl AsRef<[u8]>) {
    let p = tmp.path().join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

pub const MINI_MANIFEST: &str = "\
name: { vi: Danh mục thử, en: Test catalogue }
language: en
levels:
  - { id: commune, name: { vi: Cấp xã, en: Commune } }
fields:
  - { id: cu-tru, name: { vi: \"Đăng ký, quản lý cư trú\", en: Residence } }
legal:
  - id: tt-75-2022-btc
    number: 75/2022/TT-BTC
    title: { vi: Thông tư quy định mức thu lệ phí đăng ký cư trú }
    issued: 2022-12-22
";

pub const MINI_PROCEDURE: &str = "\
code: \"1.004222\"
name: { vi: Đăng ký thường trú, en: Permanent residence registration }
field: cu-tru
levels: [commune]
legal_basis: [tt-75-2022-btc]
facts:
  - { id: fee_exempt, type: bool, label: { vi: Thuộc diện miễn lệ phí }, value_labels: { true: { vi: người đăng ký thuộc diện được miễn lệ phí, en: the applicant is exempt from the charge }, false: { vi: người đăng ký không thuộc diện được miễn lệ phí, en: the applicant is not exempt from the charge } } }
  - id: residence_case
    type: enum
    values: [own_home, not_own_home]
    label: { vi: Trường hợp đăng ký }
channels:
  - channel: online_full
    deadline: 7 working days
    fees:
      - id: le-phi
        name: { vi: Lệ phí đăng ký thường trú }
        amount: 10,000 VND
        when: not fee_exempt
        basis: tt-75-2022-btc
  - channel: direct
    deadline: 7 working days
    fees:
      - id: le-phi
        name: { vi: Lệ phí đăng ký thường trú }
        amount: 20,000 VND
        when: not fee_exempt
        basis: tt-75-2022-btc
dossier:
  documents:
    - id: ct01
      name: { vi: Tờ khai thay đổi thông tin cư trú (Mẫu CT01) }
      originals: 1
  cases:
    - id: not-own-home
      name: { vi: Chỗ ở hợp pháp không thuộc quyền sở hữu của mình }
      when: residence_case == \"not_own_home\"
      documents:
        - { id: consent, name: { vi: Văn bản đồng ý của chủ hộ }, originals: 1 }
agencies: { implementing: { vi: Công an cấp Xã, en: Commune police } }
";

/// Runs git in `dir` with a fixed author and date, so commit ids are the same on every run.
pub fn git_at(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Cán bộ Tư pháp")
        .env("GIT_AUTHOR_EMAIL", "tuphap@example.vn")
        .env("GIT_COMMITTER_NAME", "Cán bộ Tư pháp")
        .env("GIT_COMMITTER_EMAIL", "tuphap@example.vn")
        .env("GIT_AUTHOR_DATE", "2025-03-01T09:00:00+07:00")
        .env("GIT_COMMITTER_DATE", "2025-03-01T09:00:00+07:00")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// [`thutuc`] with extra environment variables (e.g. `COLUMNS` for the width of tables).
pub fn thutuc_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_thutuc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("THUTUC_TODAY", "2026-12-06")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
        .output()
        .expect("run thutuc");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
