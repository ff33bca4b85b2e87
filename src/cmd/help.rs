//! `--help` in Vietnamese. clap writes its help from the English doc comments of `main.rs`;
//! for Vietnamese each command and argument gets its text from the table below, and the
//! headings, the `help`/`version` flags, the valid values and defaults are written in
//! Vietnamese too. A test fails when a command or argument has no Vietnamese text.

use clap::{Arg, ArgAction, Command};

/// The Vietnamese text of a command (`"eval"`, or `""` for `thutuc` itself) or of one of its
/// arguments (`"eval.set"`; global flags under `".lang"`).
const VI: &[(&str, &str)] = &[
    (
        "",
        "Soạn, kiểm tra, rà soát và đơn giản hóa danh mục thủ tục hành chính.",
    ),
    (
        ".catalogue",
        "Thư mục danh mục (mặc định: ./catalogue, nếu không có thì dùng danh mục đóng gói sẵn).",
    ),
    (
        ".lang",
        "Ngôn ngữ của thông báo: vi hoặc en (mặc định: ngôn ngữ của danh mục).",
    ),
    (
        ".color",
        "Khi nào tô màu (với `auto`, biến NO_COLOR được tôn trọng).",
    ),
    (
        ".limits",
        "Đổi một giới hạn với tệp đầu vào (lặp lại được; thay cho `limits:` trong catalogue.yaml). Khóa: max_file_size (mặc định 4MiB), max_depth (64), max_alias_nodes (200000), max_rule_length (4096 byte), max_record_size (16MiB, khi nhập). Kích thước ghi KB, MB, KiB, MiB, ví dụ max_file_size=8MiB.",
    ),
    (
        "validate",
        "Kiểm tra danh mục: mọi lỗi của mọi tệp, kèm tệp, dòng và cột.",
    ),
    (
        "validate.paths",
        "Chỉ báo các lỗi trong những tệp hoặc thư mục này.",
    ),
    ("validate.format", "Định dạng kết quả."),
    (
        "validate.changed_since",
        "Chỉ kiểm tra các thủ tục đã thay đổi kể từ phiên bản git này (đã hoặc chưa commit).",
    ),
    (
        "validate.deny",
        "Coi nhóm cảnh báo này là lỗi (mã thoát 1): `analysis` (phân tích quy tắc).",
    ),
    (
        "validate.at",
        "Ngày của danh mục cho phân tích quy tắc (thời hạn đã kết thúc trước ngày này là hết hạn); mặc định: hôm nay.",
    ),
    (
        "test",
        "Chạy các kịch bản kiểm thử trong thư mục tests/ của danh mục.",
    ),
    ("test.format", "Định dạng kết quả."),
    (
        "show",
        "Thẻ thủ tục: những thông tin eval cần (tên, kiểu, giá trị), cách thức nộp với thời hạn và phí, hồ sơ theo trường hợp, căn cứ pháp lý.",
    ),
    (
        "show.code",
        "Mã thủ tục (ví dụ 1.004222) hoặc tên thủ tục, có dấu hoặc không dấu.",
    ),
    (
        "show.format",
        "Định dạng kết quả (html, docx: thẻ in được theo các mục của Cổng dịch vụ công).",
    ),
    (
        "show.output",
        "Ghi ra tệp này (ghi trọn vẹn rồi mới thay vào chỗ; docx bắt buộc có).",
    ),
    ("show.force", "Thay tệp khi tệp đã tồn tại."),
    (
        "site",
        "Trang web tĩnh của danh mục, xem được ngay từ thư mục khi không có mạng: mục lục theo lĩnh vực và cấp với ô tìm kiếm không cần dấu, mỗi thủ tục một trang theo các mục của Cổng dịch vụ công, bằng tiếng Việt và tiếng Anh (ghi đầy đủ rồi mới thay vào chỗ).",
    ),
    (
        "site.province",
        "Địa phương hóa cho tỉnh này (một tệp trong provinces/); mặc định: danh mục quốc gia.",
    ),
    (
        "site.output",
        "Thư mục để ghi (mới, trống, hoặc trang web đã tạo trước đó).",
    ),
    (
        "lsp",
        "Máy chủ ngôn ngữ cho trình soạn thảo (LSP qua đầu vào và đầu ra chuẩn): báo lỗi khi đang gõ, gợi ý, xem nhanh, đi đến định nghĩa và sửa nhanh trong các tệp của danh mục.",
    ),
    (
        "list",
        "Liệt kê thủ tục theo mã hoặc tên (không dấu, không phân biệt hoa thường: \"ket hon\" tìm được \"kết hôn\"), khớp nhất trước; lọc theo lĩnh vực, cấp, cơ quan hoặc cách thức nộp.",
    ),
    ("list.text", "Các từ trong mã hoặc tên thủ tục."),
    (
        "list.field",
        "Chỉ lĩnh vực này: mã hoặc tên (`ho-tich`, \"hộ tịch\").",
    ),
    (
        "list.level",
        "Chỉ cấp thực hiện này: mã hoặc tên (`commune`, \"cấp xã\").",
    ),
    (
        "list.agency",
        "Chỉ các thủ tục có tên cơ quan thực hiện chứa các từ này.",
    ),
    (
        "list.channel",
        "Chỉ các thủ tục có cách thức nộp này: mã hoặc tên (\"trực tiếp\", truc-tiep, \"trực tuyến toàn trình\", online_full).",
    ),
    ("list.format", "Định dạng kết quả."),
    (
        "eval",
        "Tính một thủ tục cho một người nộp: hồ sơ, phí, lệ phí, thời hạn và ngày hẹn trả.",
    ),
    ("eval.code", "Mã thủ tục, ví dụ 1.004222."),
    (
        "eval.facts",
        "Tệp YAML hoặc JSON chứa thông tin người nộp (`thông_tin: giá_trị`).",
    ),
    (
        "eval.set",
        "Một thông tin người nộp (lặp lại được); thay cho giá trị trong --facts.",
    ),
    (
        "eval.channel",
        "Cách thức nộp, bằng mã hoặc tên có dấu hay không dấu: direct (trực tiếp), postal (dịch vụ bưu chính), online_full (trực tuyến toàn trình) hoặc online_partial (trực tuyến một phần); mặc định: trực tiếp nếu có.",
    ),
    (
        "eval.received",
        "Thời điểm tiếp nhận hồ sơ đầy đủ: 24/01/2025, \"24/01/2025 10:30\", 2025-01-24 hoặc 2025-01-24T10:30.",
    ),
    (
        "eval.explain",
        "Giải thích từng quy tắc: có áp dụng không, đã đọc thông tin nào, căn cứ pháp lý.",
    ),
    ("eval.format", "Định dạng kết quả."),
    (
        "diff",
        "So sánh nội dung hai phiên bản (phiên bản git hoặc thư mục; REV_B mặc định là bản đang sửa).",
    ),
    (
        "diff.rev_a",
        "Phiên bản cũ: một commit, thẻ, nhánh, `HEAD~3` hoặc một thư mục danh mục.",
    ),
    (
        "diff.rev_b",
        "Phiên bản mới (mặc định: bản đang sửa, gồm cả thay đổi chưa commit).",
    ),
    ("diff.format", "Định dạng kết quả."),
    (
        "diff.exit_code",
        "Trả mã thoát 1 khi hai phiên bản khác nhau.",
    ),
    (
        "log",
        "Các lần commit đã thay đổi một thủ tục, mới nhất trước, theo cả khi đổi tên tệp.",
    ),
    ("log.code", "Mã thủ tục."),
    ("log.max", "Chỉ hiện tối đa N lần commit (N ≥ 1)."),
    ("log.format", "Định dạng kết quả."),
    (
        "metrics",
        "Số liệu đơn giản hóa từng thủ tục và tổng cộng (thông tin phải khai, giấy tờ, thời hạn, phí, chi phí tuân thủ).",
    ),
    ("metrics.rev", "Phiên bản cần đo (mặc định: bản đang sửa)."),
    ("metrics.format", "Định dạng kết quả."),
    (
        "check",
        "Kiểm tra các chỉ tiêu đơn giản hóa so với phiên bản mốc; trả mã thoát 1 khi có chỉ tiêu chưa đạt.",
    ),
    (
        "check.baseline",
        "Phiên bản mốc (mặc định: `baseline` trong catalogue.yaml).",
    ),
    (
        "check.targets",
        "Tệp chỉ tiêu (mặc định: targets.yaml của danh mục).",
    ),
    ("check.format", "Định dạng kết quả."),
    (
        "plan",
        "Phương án đơn giản hóa: với mỗi thủ tục được đơn giản hóa kể từ mốc, nội dung đơn giản hóa và chi phí tuân thủ một năm trước và sau (Điều 27 Thông tư 02/2017/TT-VPCP), chi phí tiết kiệm và tỷ lệ cắt giảm.",
    ),
    (
        "plan.baseline",
        "Phiên bản mốc (mặc định: `baseline` trong catalogue.yaml).",
    ),
    (
        "plan.to",
        "Phiên bản sau đơn giản hóa (mặc định: bản đang sửa).",
    ),
    ("plan.format", "Định dạng kết quả (docx cần -o)."),
    (
        "plan.output",
        "Tệp cần ghi (ghi trọn vẹn một lần); mặc định: in ra màn hình.",
    ),
    ("plan.force", "Ghi đè tệp OUT nếu đã có."),
    (
        "report",
        "Báo cáo định kỳ về kiểm soát thủ tục hành chính: thủ tục công bố mới, sửa đổi, bổ sung, bãi bỏ trong kỳ (theo ngày của văn bản, nếu chưa ghi văn bản thì theo ngày commit), số thủ tục còn hiệu lực cuối kỳ theo cấp và lĩnh vực, tỷ lệ trực tuyến, văn bản ban hành trong kỳ.",
    ),
    ("report.from", "Ngày đầu kỳ (dd/mm/yyyy hoặc ISO)."),
    (
        "report.to",
        "Ngày cuối kỳ (dd/mm/yyyy hoặc ISO), sau ngày đầu kỳ.",
    ),
    (
        "report.province",
        "Báo cáo của một tỉnh (một bản địa phương hóa trong provinces/).",
    ),
    ("report.format", "Định dạng kết quả."),
    (
        "drift",
        "Những thay đổi của danh mục quốc gia mà tỉnh chưa địa phương hóa: văn bản, hạn công bố, số ngày còn lại hoặc đã quá hạn.",
    ),
    ("drift.province", "Mã tỉnh (tên tệp trong provinces/)."),
    (
        "drift.at",
        "Tính đến ngày (dd/mm/yyyy hoặc ISO; mặc định: hôm nay).",
    ),
    ("drift.format", "Định dạng kết quả."),
    (
        "plan.explain",
        "Giải thích cách tính chi phí của một thủ tục, từng số liệu kèm nguồn.",
    ),
    (
        "review",
        "Rà soát các phiên bản trên màn hình dòng lệnh: cây danh mục, chi tiết thủ tục, khác biệt về nội dung và văn bản, chỉ tiêu đơn giản hóa.",
    ),
    (
        "review.rev_a",
        "Phiên bản cũ (mặc định: `baseline` trong catalogue.yaml, nếu không có thì HEAD).",
    ),
    ("review.rev_b", "Phiên bản mới (mặc định: bản đang sửa)."),
    (
        "decision",
        "Xuất quyết định công bố các thay đổi giữa hai phiên bản (Phần I: thủ tục mới, sửa đổi, bổ sung và bị bãi bỏ; Phần II: nội dung cụ thể), có thể địa phương hóa.",
    ),
    (
        "decision.kind",
        "Loại quyết định: công bố danh mục (publish, mặc định), phê duyệt quy trình nội bộ (process), hoặc danh mục theo cách thực hiện (online: trực tuyến, postal: bưu chính công ích, boundary-free: không phụ thuộc địa giới hành chính, internal: thủ tục nội bộ).",
    ),
    (
        "decision.from",
        "Phiên bản cũ: một commit, thẻ, nhánh hoặc một thư mục danh mục (bắt buộc với quyết định công bố danh mục; với các loại khác: chỉ những gì thay đổi từ phiên bản này).",
    ),
    ("decision.to", "Phiên bản mới."),
    (
        "decision.province",
        "Địa phương hóa cho tỉnh này (một tệp trong provinces/); mặc định: cấp quốc gia.",
    ),
    ("decision.format", "Định dạng tệp."),
    ("decision.output", "Tệp cần ghi (ghi trọn vẹn một lần)."),
    ("decision.force", "Ghi đè OUT nếu đã có."),
    (
        "decision.number",
        "Số quyết định (`123` hoặc `123/QĐ-UBND`); mặc định: để trống để điền.",
    ),
    (
        "decision.date",
        "Ngày ký (dd/mm/yyyy hoặc ISO); mặc định: để trống để điền.",
    ),
    (
        "decision.signer",
        "Tên người ký; mặc định: theo tệp địa phương hoặc tệp danh mục, nếu không có thì để trống để ký.",
    ),
    (
        "import",
        "Chuyển bản ghi của Cơ sở dữ liệu quốc gia (tệp JSON hoặc thư mục chứa chúng) thành YAML của danh mục; báo những gì đã chuyển, có cảnh báo, hoặc bị từ chối và lý do.",
    ),
    (
        "import.sources",
        "Các tệp bản ghi hoặc thư mục (đọc cả thư mục con).",
    ),
    (
        "import.output",
        "Thư mục danh mục cần ghi (catalogue.yaml và procedures/<lĩnh vực>/<mã>.yaml).",
    ),
    ("import.force", "Ghi đè các tệp đã có."),
    ("import.format", "Định dạng báo cáo tóm tắt."),
    ("import.verbose", "Liệt kê mọi cảnh báo của mọi bản ghi."),
    (
        "calendar",
        "Các ngày nghỉ và ngày làm bù của một năm, mỗi ngày kèm nguồn (số văn bản, hoặc \"tính theo quy tắc — tạm tính\"); hoặc, với --between, số ngày làm việc giữa hai ngày.",
    ),
    (
        "calendar.year",
        "Năm, từ 2014 đến 2199 (mặc định: năm nay); các năm trước có chế độ nghỉ khác.",
    ),
    (
        "calendar.between",
        "Đếm số ngày làm việc sau ngày thứ nhất đến hết ngày thứ hai (ISO 2025-01-24 hoặc 24/01/2025).",
    ),
    (
        "calendar.format",
        "Định dạng kết quả (ics: iCalendar cho lịch văn phòng).",
    ),
    (
        "schema",
        "In JSON Schema của tệp thủ tục (cho yaml-language-server).",
    ),
];

/// The help clap rendered, with the words clap writes itself in Vietnamese.
pub fn finish(rendered: &str) -> String {
    rendered
        .replace("[OPTIONS]", "[TÙY_CHỌN]")
        .replace("<COMMAND>", "<LỆNH>")
}

/// The Vietnamese text of `key`, if the table has it.
pub fn text(key: &str) -> Option<&'static str> {
    VI.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

const TEMPLATE: &str = "\
{before-help}{about-with-newline}
Cách dùng: {usage}

{all-args}{after-help}";

/// The command line with Vietnamese help: every about and argument text from the table,
/// Vietnamese headings, the valid values and the default written after each text.
pub fn vietnamese(cmd: Command) -> Command {
    localize(cmd, "", true)
}

fn localize(cmd: Command, name: &str, root: bool) -> Command {
    let about = text(name).unwrap_or_default();
    let mut cmd = cmd
        .about(about)
        .long_about(None)
        .help_template(TEMPLATE)
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .disable_help_flag(true);
    if root {
        // One global `-h`, which clap copies into every subcommand.
        cmd = cmd
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help("In trợ giúp")
                    .help_heading("Tùy chọn")
                    .global(true),
            )
            .disable_version_flag(true)
            .disable_help_subcommand(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("In số phiên bản")
                    .help_heading("Tùy chọn"),
            );
    }
    let prefix = name.to_string();
    cmd = cmd.mut_args(|a| {
        let id = a.get_id().as_str().to_string();
        if id == "help" || id == "version" {
            return a;
        }
        let heading = if a.is_positional() {
            "Đối số"
        } else {
            "Tùy chọn"
        };
        let key = if a.is_global_set() {
            format!(".{id}")
        } else {
            format!("{prefix}.{id}")
        };
        let mut help = text(&key).unwrap_or_default().to_string();
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() && a.get_action().takes_values() {
            help.push_str(&format!(" Một trong: {}.", values.join(", ")));
        }
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            help.push_str(&format!(" Mặc định: {}.", defaults.join(", ")));
        }
        let a = a.help(help).long_help(None).help_heading(heading);
        // The values and the default are written in the text above, in Vietnamese.
        if a.get_action().takes_values() {
            a.hide_possible_values(true).hide_default_value(true)
        } else {
            a
        }
    });
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(&sub, |s| localize(s, &sub, false));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of the table is unique.
    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = VI.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len());
    }
}
