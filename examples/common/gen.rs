//! A deterministic generator of synthetic catalogues, for benchmarks.
//!
//! It is plain string building, independent of the `thutuc` library, so a benchmark never
//! measures the library against its own output format. Shared by `examples/gen_catalogue.rs`
//! and the benchmarks through `#[path = "common/gen.rs"] mod generator;`.
//!
//! The output is a valid catalogue in the format of README.md: `catalogue.yaml` plus
//! `procedures/<field>/<code>.yaml`. The same options always give the same bytes. With
//! `mutate_pct > 0`, the same catalogue is written with the fees, deadlines, documents and
//! form fields of that share of procedures changed (for diff and history benchmarks).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of procedures.
    pub n: usize,
    /// Seed of the base catalogue.
    pub seed: u64,
    /// Number of fields (lĩnh vực), i.e. of folders under `procedures/`.
    pub field_count: usize,
    /// Share of procedures to change, in percent (0 = none).
    pub mutate_pct: u32,
    /// Seed choosing which procedures change and how.
    pub mutate_seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            n: 10_000,
            seed: 1,
            field_count: 24,
            mutate_pct: 0,
            mutate_seed: 1,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Every procedure file, relative to the catalogue root, in generation order.
    pub procedure_files: Vec<PathBuf>,
    /// Total bytes written (manifest included).
    pub bytes: u64,
    /// How many procedures were mutated.
    pub mutated: usize,
}

/// Usage of the generator's command-line options.
pub const USAGE: &str = "OUT_DIR [N=10000] [--seed S] [--field-count F] \
[--mutate PCT --mutate-seed S] [--force]";

/// Parses `OUT_DIR [N] [--seed S] [--field-count F] [--mutate PCT] [--mutate-seed S] [--force]`.
pub fn parse_args(args: &[String]) -> Result<(PathBuf, Options, bool), String> {
    let mut o = Options::default();
    let mut out = None;
    let mut n = None;
    let mut force = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<u64, String> {
            let v = it.next().ok_or(format!("{name} needs a value"))?;
            v.parse()
                .map_err(|_| format!("{name}: `{v}` is not a whole number"))
        };
        match a.as_str() {
            "--seed" => o.seed = value("--seed")?,
            "--field-count" => o.field_count = value("--field-count")? as usize,
            "--mutate" => o.mutate_pct = value("--mutate")?.min(100) as u32,
            "--mutate-seed" => o.mutate_seed = value("--mutate-seed")?,
            "--force" => force = true,
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s if out.is_none() => out = Some(PathBuf::from(s)),
            s if n.is_none() => {
                n = Some(
                    s.replace('_', "")
                        .parse()
                        .map_err(|_| format!("N: `{s}` is not a whole number"))?,
                )
            }
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    if let Some(n) = n {
        o.n = n;
    }
    if o.field_count == 0 {
        return Err("--field-count must be at least 1".into());
    }
    let out = out.ok_or("OUT_DIR is missing")?;
    Ok((out, o, force))
}

/// Writes the catalogue into `dir`.
///
/// `dir` must not exist or be empty; with `force`, an existing `catalogue.yaml` and
/// `procedures/` in it are replaced (anything else there, such as `.git`, is kept).
pub fn write_catalogue(dir: &Path, o: &Options, force: bool) -> std::io::Result<Summary> {
    use std::io::{Error, ErrorKind};
    if dir.exists() {
        let empty = std::fs::read_dir(dir)?.next().is_none();
        if !empty {
            if !force {
                return Err(Error::new(
                    ErrorKind::AlreadyExists,
                    format!(
                        "{} is not empty (pass --force to replace its catalogue.yaml and procedures/)",
                        dir.display()
                    ),
                ));
            }
            let procs = dir.join("procedures");
            if procs.exists() {
                std::fs::remove_dir_all(&procs)?;
            }
        }
    }
    std::fs::create_dir_all(dir)?;
    let mut summary = Summary::default();
    let manifest = manifest_yaml(o);
    summary.bytes += manifest.len() as u64;
    std::fs::write(dir.join("catalogue.yaml"), manifest)?;
    let fields = field_ids(o.field_count);
    for f in &fields {
        std::fs::create_dir_all(dir.join("procedures").join(f))?;
    }
    for i in 0..o.n {
        let (rel, text, mutated) = procedure_file(i, o);
        summary.bytes += text.len() as u64;
        summary.mutated += mutated as usize;
        std::fs::write(dir.join(&rel), text)?;
        summary.procedure_files.push(rel);
    }
    Ok(summary)
}

// ---- randomness ---------------------------------------------------------------------------

/// xorshift64*, seeded through splitmix64 so that every seed (0 too) works.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` and `stream` (e.g. a procedure's index).
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct indices of `0..n`, in random order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all
    }
}

// ---- vocabulary ---------------------------------------------------------------------------

/// (id, Vietnamese name, English name)
const FIELDS: &[(&str, &str, &str)] = &[
    ("ho-tich", "Hộ tịch", "Civil status"),
    ("cu-tru", "Đăng ký, quản lý cư trú", "Residence"),
    ("dat-dai", "Đất đai", "Land"),
    ("xay-dung", "Hoạt động xây dựng", "Construction"),
    ("giao-thong", "Đường bộ", "Road transport"),
    (
        "y-te",
        "Khám bệnh, chữa bệnh",
        "Medical examination and treatment",
    ),
    ("giao-duc", "Giáo dục và đào tạo", "Education and training"),
    ("lao-dong", "Lao động, tiền lương", "Labour and wages"),
    (
        "doanh-nghiep",
        "Thành lập và hoạt động doanh nghiệp",
        "Enterprises",
    ),
    ("dau-tu", "Đầu tư tại Việt Nam", "Investment in Viet Nam"),
    ("moi-truong", "Môi trường", "Environment"),
    ("tai-nguyen-nuoc", "Tài nguyên nước", "Water resources"),
    (
        "nong-nghiep",
        "Trồng trọt và bảo vệ thực vật",
        "Crops and plant protection",
    ),
    ("thu-y", "Thú y", "Veterinary"),
    ("van-hoa", "Văn hóa cơ sở", "Grassroots culture"),
    ("du-lich", "Lữ hành", "Travel services"),
    ("thong-tin", "Báo chí, xuất bản", "Press and publishing"),
    ("tu-phap", "Chứng thực", "Certification of copies"),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội", "Social protection"),
    (
        "nguoi-co-cong",
        "Người có công",
        "People with meritorious services",
    ),
    ("thue", "Quản lý thuế", "Tax administration"),
    ("hai-quan", "Hải quan", "Customs"),
    (
        "cong-thuong",
        "Lưu thông hàng hóa trong nước",
        "Domestic trade",
    ),
    (
        "khoa-hoc",
        "Hoạt động khoa học và công nghệ",
        "Science and technology",
    ),
    ("ton-giao", "Tín ngưỡng, tôn giáo", "Belief and religion"),
    (
        "thi-dua",
        "Thi đua, khen thưởng",
        "Emulation and commendation",
    ),
    ("ngoai-vu", "Lãnh sự", "Consular affairs"),
    ("quoc-phong", "Nghĩa vụ quân sự", "Military service"),
];

/// (Vietnamese verb, English verb)
const VERBS: &[(&str, &str)] = &[
    ("Đăng ký", "Registration of"),
    ("Cấp", "Issuance of"),
    ("Cấp lại", "Re-issuance of"),
    ("Cấp đổi", "Replacement of"),
    ("Điều chỉnh", "Amendment of"),
    ("Gia hạn", "Extension of"),
    ("Thu hồi", "Revocation of"),
    ("Xác nhận", "Confirmation of"),
    ("Thẩm định", "Appraisal of"),
    ("Công nhận", "Recognition of"),
    ("Đăng ký thay đổi", "Registration of changes to"),
    ("Chấm dứt", "Termination of"),
];

/// (Vietnamese object, English object)
const OBJECTS: &[(&str, &str)] = &[
    (
        "giấy phép xây dựng nhà ở riêng lẻ",
        "a construction permit for a private house",
    ),
    ("thường trú", "permanent residence"),
    ("tạm trú", "temporary residence"),
    ("khai sinh", "a birth"),
    (
        "kết hôn có yếu tố nước ngoài",
        "a marriage with a foreign element",
    ),
    (
        "giấy chứng nhận quyền sử dụng đất",
        "a land use right certificate",
    ),
    ("giấy phép lái xe", "a driving licence"),
    (
        "chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "a medical practising certificate",
    ),
    (
        "giấy chứng nhận đăng ký doanh nghiệp",
        "an enterprise registration certificate",
    ),
    ("giấy phép môi trường", "an environmental permit"),
    (
        "giấy phép khai thác nước dưới đất",
        "a groundwater extraction permit",
    ),
    (
        "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
        "a food safety certificate",
    ),
    ("trợ cấp xã hội hằng tháng", "monthly social allowance"),
    ("giấy phép lữ hành nội địa", "a domestic travel licence"),
    ("giấy phép hoạt động in", "a printing licence"),
    ("hộ kinh doanh", "a household business"),
    (
        "văn bằng tốt nghiệp trung học phổ thông",
        "an upper secondary diploma",
    ),
    (
        "giấy phép lao động cho người nước ngoài",
        "a work permit for a foreigner",
    ),
    ("nhà ở xã hội", "social housing"),
    (
        "giấy chứng nhận đăng ký xe",
        "a vehicle registration certificate",
    ),
    ("danh hiệu gia đình văn hóa", "the title of cultured family"),
    ("giấy chứng nhận đầu tư", "an investment certificate"),
    ("hộ chiếu phổ thông", "an ordinary passport"),
    (
        "quyền sở hữu nhà ở và tài sản gắn liền với đất",
        "ownership of a house and land-attached assets",
    ),
];

/// (slug, Vietnamese name, English name, form code)
const DOCUMENTS: &[(&str, &str, &str, &str)] = &[
    ("to-khai", "Tờ khai theo mẫu", "Application form", "TK01"),
    (
        "don-de-nghi",
        "Đơn đề nghị cấp giấy phép",
        "Application letter",
        "01/ĐN",
    ),
    (
        "cccd",
        "Căn cước công dân hoặc hộ chiếu còn giá trị",
        "Identity card or valid passport",
        "",
    ),
    (
        "ban-ve",
        "Bản vẽ thiết kế mặt bằng, mặt cắt, mặt đứng",
        "Design drawings",
        "",
    ),
    (
        "gcn-qsdd",
        "Giấy chứng nhận quyền sử dụng đất",
        "Land use right certificate",
        "",
    ),
    (
        "hop-dong-thue",
        "Hợp đồng thuê nhà có công chứng",
        "Notarised lease contract",
        "",
    ),
    (
        "giay-kham-suc-khoe",
        "Giấy khám sức khỏe do cơ sở y tế có thẩm quyền cấp",
        "Health certificate",
        "Mẫu 01",
    ),
    (
        "anh-the",
        "Ảnh chân dung 4x6 cm, nền trắng",
        "Portrait photo 4x6 cm",
        "",
    ),
    (
        "so-ho-khau",
        "Văn bản xác nhận thông tin cư trú",
        "Confirmation of residence information",
        "CT07",
    ),
    (
        "giay-uy-quyen",
        "Văn bản ủy quyền có chứng thực",
        "Certified power of attorney",
        "",
    ),
    (
        "bao-cao-dtm",
        "Báo cáo đánh giá tác động môi trường",
        "Environmental impact assessment report",
        "",
    ),
    (
        "phuong-an",
        "Phương án sản xuất, kinh doanh",
        "Business plan",
        "",
    ),
    (
        "bang-cap",
        "Bản sao văn bằng, chứng chỉ chuyên môn",
        "Copies of diplomas and certificates",
        "",
    ),
    (
        "ly-lich-tu-phap",
        "Phiếu lý lịch tư pháp số 1",
        "Criminal record certificate no. 1",
        "",
    ),
    (
        "giay-xac-nhan",
        "Giấy xác nhận của Ủy ban nhân dân cấp xã",
        "Confirmation by the commune People's Committee",
        "",
    ),
    (
        "bien-lai",
        "Biên lai nộp lệ phí",
        "Receipt of the charge",
        "",
    ),
    ("dieu-le", "Điều lệ công ty", "Company charter", ""),
    (
        "danh-sach-thanh-vien",
        "Danh sách thành viên, cổ đông sáng lập",
        "List of members and founding shareholders",
        "Phụ lục I-6",
    ),
    (
        "so-do-vi-tri",
        "Sơ đồ vị trí khu đất",
        "Site location map",
        "",
    ),
    (
        "van-ban-dong-y",
        "Văn bản đồng ý của chủ sở hữu",
        "Owner's written consent",
        "",
    ),
    (
        "giay-chung-tu",
        "Giấy chứng tử hoặc trích lục khai tử",
        "Death certificate or extract",
        "",
    ),
    (
        "trich-luc",
        "Trích lục kết hôn",
        "Extract of the marriage register",
        "",
    ),
    (
        "xac-nhan-ho-ngheo",
        "Giấy chứng nhận hộ nghèo, cận nghèo",
        "Poor household certificate",
        "",
    ),
    (
        "giay-to-khuyet-tat",
        "Giấy xác nhận mức độ khuyết tật",
        "Disability certificate",
        "",
    ),
    (
        "ban-dich",
        "Bản dịch có chứng thực sang tiếng Việt",
        "Certified Vietnamese translation",
        "",
    ),
    (
        "thiet-ke-pccc",
        "Hồ sơ thiết kế phòng cháy, chữa cháy",
        "Fire protection design",
        "",
    ),
    (
        "hop-dong-lao-dong",
        "Hợp đồng lao động",
        "Employment contract",
        "",
    ),
    (
        "giay-phep-cu",
        "Bản gốc giấy phép đã được cấp",
        "The original of the permit previously issued",
        "",
    ),
    (
        "bao-cao-tai-chinh",
        "Báo cáo tài chính năm gần nhất",
        "Latest annual financial statements",
        "",
    ),
    (
        "cam-ket",
        "Bản cam kết thực hiện đúng quy định",
        "Undertaking to comply with regulations",
        "Mẫu 03",
    ),
];

/// (id, Vietnamese label, reusable from)
const FORM_FIELDS: &[(&str, &str, &str)] = &[
    ("full_name", "Họ, chữ đệm và tên", "national_population_db"),
    (
        "birth_date",
        "Ngày, tháng, năm sinh",
        "national_population_db",
    ),
    ("sex", "Giới tính", "national_population_db"),
    (
        "id_number",
        "Số định danh cá nhân",
        "national_population_db",
    ),
    ("ethnicity", "Dân tộc", "national_population_db"),
    ("nationality", "Quốc tịch", "national_population_db"),
    (
        "permanent_address",
        "Nơi thường trú",
        "national_population_db",
    ),
    (
        "current_address",
        "Nơi ở hiện tại",
        "national_population_db",
    ),
    ("phone", "Số điện thoại liên hệ", "vneid"),
    ("email", "Thư điện tử", "vneid"),
    ("occupation", "Nghề nghiệp", ""),
    ("workplace", "Nơi làm việc", ""),
    ("tax_code", "Mã số thuế", "tax_db"),
    ("enterprise_name", "Tên doanh nghiệp", "business_registry"),
    ("enterprise_code", "Mã số doanh nghiệp", "business_registry"),
    ("head_office", "Địa chỉ trụ sở chính", "business_registry"),
    (
        "legal_rep",
        "Người đại diện theo pháp luật",
        "business_registry",
    ),
    ("land_parcel", "Số thửa đất, tờ bản đồ số", "land_db"),
    ("land_area", "Diện tích thửa đất (m²)", "land_db"),
    ("land_use", "Mục đích sử dụng đất", "land_db"),
    ("building_area", "Diện tích xây dựng (m²)", ""),
    ("floors", "Số tầng", ""),
    ("vehicle_plate", "Biển số xe", "vehicle_db"),
    (
        "insurance_number",
        "Mã số bảo hiểm xã hội",
        "social_insurance_db",
    ),
    ("bank_account", "Số tài khoản ngân hàng", ""),
    ("reason", "Lý do đề nghị", ""),
    ("requested_date", "Ngày đề nghị nhận kết quả", ""),
    ("relationship", "Quan hệ với người được khai", ""),
    ("spouse_name", "Họ, tên vợ hoặc chồng", "civil_status_db"),
    ("father_name", "Họ, tên cha", "civil_status_db"),
    ("mother_name", "Họ, tên mẹ", "civil_status_db"),
    ("education", "Trình độ học vấn", ""),
];

const AGENCIES: &[(&str, &str)] = &[
    ("Ủy ban nhân dân cấp xã", "Commune People's Committee"),
    ("Ủy ban nhân dân cấp tỉnh", "Provincial People's Committee"),
    ("Sở Xây dựng", "Department of Construction"),
    (
        "Sở Nông nghiệp và Môi trường",
        "Department of Agriculture and Environment",
    ),
    ("Sở Y tế", "Department of Health"),
    ("Sở Tài chính", "Department of Finance"),
    ("Công an cấp xã", "Commune police"),
    ("Sở Tư pháp", "Department of Justice"),
    (
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
    ),
    ("Sở Nội vụ", "Department of Home Affairs"),
];

const SUBJECTS: &[&str] = &[
    "Công dân Việt Nam",
    "Cá nhân, tổ chức trong nước và nước ngoài",
    "Doanh nghiệp, hợp tác xã",
    "Hộ gia đình, cá nhân sử dụng đất",
    "Người nước ngoài làm việc tại Việt Nam",
    "Cơ sở khám bệnh, chữa bệnh",
];

/// Values of the `truong_hop` enum fact: (id, Vietnamese case name).
const CASES: &[(&str, &str)] = &[
    ("ca_nhan", "Cá nhân tự thực hiện"),
    ("to_chuc", "Tổ chức đề nghị"),
    ("uy_quyen", "Thực hiện thông qua người được ủy quyền"),
    ("nguoi_nuoc_ngoai", "Người nước ngoài"),
    ("cap_lai_do_mat", "Cấp lại do bị mất"),
    ("cap_lai_do_hong", "Cấp lại do bị hư hỏng"),
];

const REQUIREMENTS: &[&str] = &[
    "Có chỗ ở hợp pháp",
    "Đủ 18 tuổi trở lên và có năng lực hành vi dân sự đầy đủ",
    "Không thuộc trường hợp đang bị truy cứu trách nhiệm hình sự",
    "Công trình phù hợp với quy hoạch chi tiết đã được phê duyệt",
    "Có đủ điều kiện về cơ sở vật chất, trang thiết bị theo quy định",
    "Người đứng đầu có chứng chỉ hành nghề phù hợp",
];

const LEGAL_KINDS: &[(&str, &str, &str, &str)] = &[
    // (id pattern, number suffix, Vietnamese title prefix, issuer)
    ("luat-{n}-{y}-qh", "QH15", "Luật", "Quốc hội"),
    (
        "nd-{n}-{y}",
        "NĐ-CP",
        "Nghị định quy định chi tiết",
        "Chính phủ",
    ),
    (
        "tt-{n}-{y}-btc",
        "TT-BTC",
        "Thông tư quy định mức thu, chế độ thu, nộp lệ phí",
        "Bộ Tài chính",
    ),
    (
        "tt-{n}-{y}-bxd",
        "TT-BXD",
        "Thông tư hướng dẫn",
        "Bộ Xây dựng",
    ),
    (
        "nq-{n}-{y}-hdnd",
        "NQ-HĐND",
        "Nghị quyết quy định mức thu phí, lệ phí",
        "Hội đồng nhân dân tỉnh",
    ),
    (
        "qd-{n}-{y}-ttg",
        "QĐ-TTg",
        "Quyết định",
        "Thủ tướng Chính phủ",
    ),
];

/// How many publishing decisions the generated registry holds.
const DECISION_COUNT: usize = 40;

fn decision_id(k: usize) -> String {
    format!("qd-cong-bo-{k}")
}

const DECISION_SUFFIXES: &[&str] = &[
    "QĐ-BCA-C06",
    "QĐ-BXD",
    "QĐ-BTP",
    "QĐ-BYT",
    "QĐ-UBND",
    "QĐ-BNNMT",
];

const CHANNELS: &[&str] = &["direct", "postal", "online_full", "online_partial"];

const NUMBER_FACTS: &[(&str, &str, &str, usize)] = &[
    // (id, Vietnamese label, English label, threshold used in rules)
    (
        "dien_tich",
        "Diện tích sàn xây dựng (m²)",
        "Floor area (m²)",
        250,
    ),
    ("so_lao_dong", "Số lao động", "Number of employees", 50),
    ("so_tang", "Số tầng", "Number of floors", 7),
];

/// How many legal documents the manifest declares.
const LEGAL_COUNT: usize = 60;

/// The field ids for `count` fields.
pub fn field_ids(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| match FIELDS.get(i) {
            Some((id, _, _)) => id.to_string(),
            None => format!("linh-vuc-{:03}", i + 1),
        })
        .collect()
}

fn legal_id(k: usize) -> String {
    let (pattern, _, _, _) = LEGAL_KINDS[k % LEGAL_KINDS.len()];
    let year = 2015 + (k * 7) % 11;
    let num = 10 + (k * 37) % 190;
    pattern
        .replace("{n}", &num.to_string())
        .replace("{y}", &year.to_string())
}

// ---- YAML text helpers ----------------------------------------------------------------------

/// A scalar, written plain when YAML (1.1 or 1.2, block or flow) reads it back as the same
/// string, else double-quoted.
fn s(v: &str, flow: bool) -> String {
    let first = v.chars().next();
    let bad_start = match first {
        None => true,
        Some(c) => "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace(),
    };
    let looks_typed = first.is_some_and(|c| c.is_ascii_digit() || c == '.')
        && !v.chars().any(|c| c.is_alphabetic())
        || matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
        );
    let bad_inside = v.contains(": ")
        || v.contains(" #")
        || v.ends_with(':')
        || v.ends_with(' ')
        || v.contains('\n')
        || flow && v.contains(|c| ",[]{}".contains(c));
    if bad_start || looks_typed || bad_inside {
        let mut out = String::with_capacity(v.len() + 2);
        out.push('"');
        for c in v.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    } else {
        v.to_string()
    }
}

/// A localised text in flow style: `{ vi: …, en: … }`, or a plain Vietnamese string.
fn text(vi: &str, en: Option<&str>) -> String {
    match en {
        Some(en) => format!("{{ vi: {}, en: {} }}", s(vi, true), s(en, true)),
        None => s(vi, false),
    }
}

fn money(amount: u64, rng: &mut Rng) -> String {
    let grouped = |sep: char| {
        let digits = amount.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    };
    match rng.below(10) {
        0 => format!("{} đồng", grouped('.')),
        1 => amount.to_string(),
        _ => format!("{} VND", grouped(',')),
    }
}

// ---- the model the generator fills, then writes -------------------------------------------

struct Fee {
    id: &'static str,
    vi: &'static str,
    en: &'static str,
    amount: u64,
    when: Option<&'static str>,
    basis: String,
}

struct Chan {
    kind: &'static str,
    deadline: String,
    fees: Vec<Fee>,
    note: Option<&'static str>,
}

struct Doc {
    id: String,
    vi: String,
    en: &'static str,
    originals: usize,
    copies: usize,
    form: &'static str,
    electronic: bool,
    when: Option<String>,
    basis: Option<String>,
}

struct Case {
    id: &'static str,
    vi: &'static str,
    when: String,
    documents: Vec<Doc>,
}

struct Proc {
    code: String,
    field: String,
    name_vi: String,
    name_en: String,
    levels: Vec<&'static str>,
    decision: String,
    subjects: &'static str,
    competent: (&'static str, &'static str),
    implementing: &'static str,
    legal_basis: Vec<String>,
    number_fact: Option<(&'static str, &'static str, &'static str, usize)>,
    cases_enum: Vec<usize>,
    channels: Vec<Chan>,
    cutoff: Option<&'static str>,
    steps: usize,
    documents: Vec<Doc>,
    cases: Vec<Case>,
    stacking: &'static str,
    discounts: Vec<(String, String, String)>,
    form_fields: Vec<usize>,
    requirements: Vec<(usize, Option<&'static str>, Option<String>)>,
    compliance: Option<[u64; 8]>,
    /// Documents added by a mutation (`bo-sung-N`).
    extra_docs: usize,
}

/// The code of procedure `i`: unique for `i < 9,000,000`.
pub fn code(i: usize) -> String {
    let prefix = 1 + (i / 1_000_000) % 9;
    // 7919 is prime and coprime with 10^6, so this is a permutation of 0..10^6.
    let num = (i % 1_000_000) * 7919 % 1_000_000;
    format!("{prefix}.{num:06}")
}

fn build(i: usize, o: &Options) -> Proc {
    let mut r = Rng::new(o.seed, i as u64);
    let fields = o.field_count;
    let field = field_ids(fields)[r.below(fields)].clone();
    let (verb_vi, verb_en) = *r.pick(VERBS);
    let (obj_vi, obj_en) = *r.pick(OBJECTS);
    let legal_pick = |r: &mut Rng| legal_id(r.below(LEGAL_COUNT));

    let mut levels: Vec<&'static str> = ["ministry", "province", "commune"]
        .into_iter()
        .filter(|_| r.chance(45))
        .collect();
    if levels.is_empty() {
        levels.push(*r.pick(&["province", "commune"]));
    }

    let k = r.range(1, 4);
    let legal_basis: Vec<String> = r.sample(LEGAL_COUNT, k).into_iter().map(legal_id).collect();
    let number_fact = r.chance(50).then(|| *r.pick(NUMBER_FACTS));
    let k = r.range(2, 5);
    let cases_enum = r.sample(CASES.len(), k);
    let case_value = |r: &mut Rng| CASES[cases_enum[r.below(cases_enum.len())]].0;

    // Conditions over declared facts of every type.
    let condition = |r: &mut Rng| -> String {
        match r.below(if number_fact.is_some() { 9 } else { 8 }) {
            0 => "not fee_exempt".into(),
            1 => "age < 14".into(),
            2 => "age >= 60 and not poor_household".into(),
            3 => format!("truong_hop == \"{}\"", case_value(r)),
            4 => "nationality in [\"foreign\", \"stateless\"]".into(),
            5 => "disability or poor_household".into(),
            6 => format!("not online and truong_hop != \"{}\"", case_value(r)),
            7 => "nationality == \"vn\" and (age < 6 or age >= 80)".into(),
            _ => {
                let (id, _, _, t) = number_fact.expect("number fact");
                format!("{id} >= {t}")
            }
        }
    };

    let has_fees = r.chance(70);
    let fee_defs: &[(&str, &str, &str)] = &[
        ("le-phi", "Lệ phí cấp giấy", "Charge"),
        ("phi-tham-dinh", "Phí thẩm định hồ sơ", "Appraisal fee"),
    ];
    let n_fee_kinds = if has_fees { r.range(1, 2) } else { 0 };
    let base_amounts: Vec<u64> = (0..n_fee_kinds)
        .map(|_| 5_000 * r.range(2, 400) as u64)
        .collect();
    let fee_basis: Vec<String> = (0..n_fee_kinds).map(|_| legal_pick(&mut r)).collect();
    let base_days = r.range(1, 30);
    let k = r.range(2, 4);
    let mut chans = r.sample(CHANNELS.len(), k);
    chans.sort_unstable();
    let channels: Vec<Chan> = chans
        .into_iter()
        .map(|c| {
            let kind = CHANNELS[c];
            let online = kind.starts_with("online");
            let days = if online && base_days > 3 {
                base_days - 2
            } else {
                base_days
            };
            let deadline = match r.below(10) {
                0 => format!("{days} ngày làm việc"),
                1 => match number_fact {
                    Some((id, _, _, t)) => {
                        format!(
                            "{} working days when {id} >= {t} else {days} working days",
                            days + 10
                        )
                    }
                    None => format!("{} days", days + 5),
                },
                2 => format!(
                    "{} working days when truong_hop == \"{}\" else {days} working days",
                    days + 5,
                    case_value(&mut r)
                ),
                3 if days <= 2 => format!("{} hours", days * 8),
                _ => format!("{days} working days"),
            };
            let fees = (0..n_fee_kinds)
                .map(|k| {
                    let (id, vi, en) = fee_defs[k];
                    let amount = if online {
                        base_amounts[k] / 2 / 1000 * 1000
                    } else {
                        base_amounts[k]
                    };
                    Fee {
                        id,
                        vi,
                        en,
                        amount: amount.max(1000),
                        when: r.chance(60).then_some("not fee_exempt"),
                        basis: fee_basis[k].clone(),
                    }
                })
                .collect();
            Chan {
                kind,
                deadline,
                fees,
                note: r.chance(15).then_some("Nộp hồ sơ tại Bộ phận Một cửa"),
            }
        })
        .collect();

    // 3–12 documents, shared and per case, with distinct ids.
    let total_docs = r.range(3, 12);
    let order = r.sample(DOCUMENTS.len(), total_docs);
    let make_doc = |r: &mut Rng, k: usize, conditional: bool| {
        let (slug, vi, en, form) = DOCUMENTS[k];
        let copies = if r.chance(40) { r.range(1, 3) } else { 0 };
        Doc {
            id: slug.to_string(),
            vi: vi.to_string(),
            en,
            originals: r.range(usize::from(copies == 0), 2),
            copies,
            form,
            electronic: r.chance(50),
            when: (conditional && r.chance(25)).then(|| condition(r)),
            basis: r.chance(30).then(|| legal_pick(r)),
        }
    };
    let n_cases = if total_docs >= 5 && r.chance(35) {
        r.range(2, 3.min(cases_enum.len()))
    } else {
        0
    };
    let shared = total_docs - n_cases * (total_docs / 4).max(1);
    let mut order = order.into_iter();
    let documents: Vec<Doc> = order
        .by_ref()
        .take(shared)
        .map(|k| make_doc(&mut r, k, true))
        .collect();
    let rest: Vec<usize> = order.collect();
    let per_case = rest.len().checked_div(n_cases).unwrap_or(0);
    let cases: Vec<Case> = (0..n_cases)
        .map(|c| {
            let (id, vi) = CASES[cases_enum[c]];
            let docs = rest[c * per_case..(c + 1) * per_case]
                .iter()
                .map(|&k| make_doc(&mut r, k, false))
                .collect();
            Case {
                id,
                vi,
                when: format!("truong_hop == \"{id}\""),
                documents: docs,
            }
        })
        .collect();

    let mut discounts = Vec::new();
    let mut stacking = "best";
    if has_fees && r.chance(40) {
        stacking = *r.pick(&["best", "compound", "additive"]);
        for k in 0..r.range(1, 2) {
            let target = if r.chance(30) {
                "all".to_string()
            } else {
                fee_defs[r.below(n_fee_kinds)].0.to_string()
            };
            let rule = match r.below(4) {
                0 => format!(
                    "{}% off {target} when online from 2023-12-01 until 2025-12-31",
                    10 * r.range(2, 5)
                ),
                1 => format!("waive {target} when poor_household"),
                2 => format!(
                    "{},000 VND off {target} when channel == \"online_full\"",
                    5 * r.range(1, 4)
                ),
                _ => format!("50% off {target} when disability and age >= 60 from 2024-01-01"),
            };
            discounts.push((format!("giam-{}", k + 1), rule, legal_pick(&mut r)));
        }
    }

    let k = r.range(4, 20);
    let mut form_fields = r.sample(FORM_FIELDS.len(), k);
    form_fields.sort_unstable();
    let k = r.range(0, 3);
    let requirements = r
        .sample(REQUIREMENTS.len(), k)
        .into_iter()
        .map(|k| {
            let when = r.chance(30).then_some("age >= 18");
            (k, when, r.chance(50).then(|| legal_pick(&mut r)))
        })
        .collect();
    let compliance = r.chance(80).then(|| {
        [
            50 * r.range(1, 40_000) as u64,
            r.range(1, 3) as u64,
            15 * r.range(1, 12) as u64,
            5 * r.range(1, 12) as u64,
            10 * r.range(0, 12) as u64,
            5 * r.range(0, 12) as u64,
            5 * r.range(1, 6) as u64,
            5_000 * r.range(0, 20) as u64,
        ]
    });
    let competent = *r.pick(AGENCIES);
    let subjects = SUBJECTS[r.below(SUBJECTS.len())];
    Proc {
        code: code(i),
        field,
        name_vi: format!("{verb_vi} {obj_vi}"),
        name_en: format!("{verb_en} {obj_en}"),
        levels,
        decision: decision_id(r.range(0, DECISION_COUNT - 1)),
        subjects,
        competent,
        implementing: r.pick(AGENCIES).0,
        legal_basis,
        number_fact,
        cases_enum,
        channels,
        cutoff: r.chance(30).then(|| *r.pick(&["15:00", "16:30", "11:00"])),
        steps: r.range(2, 5),
        documents,
        cases,
        stacking,
        discounts,
        form_fields,
        requirements,
        compliance,
        extra_docs: 0,
    }
}

/// Changes fees, deadlines, documents and form fields, keeping the procedure valid.
fn mutate(p: &mut Proc, r: &mut Rng) {
    let changes = r.range(1, 3);
    for _ in 0..changes {
        match r.below(5) {
            0 => {
                // A fee rises or falls by 10–50%.
                let pct = 10 * r.range(1, 5) as u64;
                let up = r.chance(50);
                for c in &mut p.channels {
                    for f in &mut c.fees {
                        let delta = f.amount * pct / 100 / 1000 * 1000;
                        f.amount = if up {
                            f.amount + delta
                        } else {
                            (f.amount - delta).max(1000)
                        };
                    }
                }
            }
            1 => {
                // A shorter (or longer) deadline on one channel.
                let k = r.below(p.channels.len());
                let days = r.range(1, 20);
                p.channels[k].deadline = format!("{days} working days");
            }
            2 if p.documents.len() > 1 => {
                // A document is no longer required.
                let k = r.below(p.documents.len());
                p.documents.remove(k);
            }
            2 | 3 => mutate_add_document(p, r),
            _ => {
                // A form field is dropped (reused from a database) or added.
                if p.form_fields.len() > 2 && r.chance(70) {
                    let k = r.below(p.form_fields.len());
                    p.form_fields.remove(k);
                } else if let Some(k) = (0..FORM_FIELDS.len()).find(|k| !p.form_fields.contains(k))
                {
                    p.form_fields.push(k);
                    p.form_fields.sort_unstable();
                }
            }
        }
    }
}

/// Adds a document (`bo-sung-N`) to the shared documents.
fn mutate_add_document(p: &mut Proc, r: &mut Rng) {
    p.extra_docs += 1;
    p.documents.push(Doc {
        id: format!("bo-sung-{}", p.extra_docs),
        vi: format!("Tài liệu bổ sung số {}", p.extra_docs),
        en: "Additional document",
        originals: 1,
        copies: r.range(0, 1),
        form: "",
        electronic: true,
        when: None,
        basis: None,
    });
}

fn write_doc(out: &mut String, d: &Doc, indent: &str) {
    let _ = writeln!(out, "{indent}- id: {}", d.id);
    let _ = writeln!(out, "{indent}  name: {}", text(&d.vi, Some(d.en)));
    let _ = writeln!(out, "{indent}  originals: {}", d.originals);
    if d.copies > 0 {
        let _ = writeln!(out, "{indent}  copies: {}", d.copies);
    }
    if !d.form.is_empty() {
        let _ = writeln!(out, "{indent}  form: {}", s(d.form, false));
    }
    if d.electronic {
        let _ = writeln!(out, "{indent}  electronic: true");
    }
    if let Some(w) = &d.when {
        let _ = writeln!(out, "{indent}  when: {}", s(w, false));
    }
    if let Some(b) = &d.basis {
        let _ = writeln!(out, "{indent}  basis: {b}");
    }
}

fn render(p: &Proc) -> String {
    let mut o = String::with_capacity(8192);
    let w = &mut o;
    let _ = writeln!(w, "code: \"{}\"", p.code);
    let _ = writeln!(w, "name: {}", text(&p.name_vi, Some(&p.name_en)));
    let _ = writeln!(w, "field: {}", p.field);
    let _ = writeln!(w, "levels: [{}]", p.levels.join(", "));
    let _ = writeln!(w, "published_by: {}", p.decision);
    let _ = writeln!(w, "kind: {{ vi: TTHC được luật giao quy định chi tiết }}");
    let _ = writeln!(w, "subjects: {}", s(p.subjects, false));
    let _ = writeln!(w, "agencies:");
    let _ = writeln!(
        w,
        "  competent: {}",
        text(p.competent.0, Some(p.competent.1))
    );
    let _ = writeln!(w, "  implementing: {}", text(p.implementing, None));
    let _ = writeln!(w, "legal_basis: [{}]", p.legal_basis.join(", "));
    let _ = writeln!(w, "facts:");
    let values: Vec<&str> = p.cases_enum.iter().map(|&k| CASES[k].0).collect();
    let _ = writeln!(w, "  - id: truong_hop");
    let _ = writeln!(w, "    type: enum");
    let _ = writeln!(w, "    values: [{}]", values.join(", "));
    let _ = writeln!(w, "    label: {{ vi: Trường hợp thực hiện, en: Case }}");
    let _ = writeln!(
        w,
        "  - {{ id: fee_exempt, type: bool, label: {{ vi: \"Thuộc diện miễn phí, lệ phí\", en: Exempt from fees }}, value_labels: {{ true: {{ vi: \"người yêu cầu thuộc diện được miễn\" }}, false: {{ vi: \"người yêu cầu không thuộc diện được miễn\" }} }} }}"
    );
    if let Some((id, vi, en, _)) = p.number_fact {
        let _ = writeln!(
            w,
            "  - {{ id: {id}, type: number, label: {} }}",
            text(vi, Some(en))
        );
    }
    let _ = writeln!(w, "channels:");
    for c in &p.channels {
        let _ = writeln!(w, "  - channel: {}", c.kind);
        let _ = writeln!(w, "    deadline: {}", s(&c.deadline, false));
        if !c.fees.is_empty() {
            let _ = writeln!(w, "    fees:");
            let mut r = Rng::new(c.fees[0].amount, c.kind.len() as u64);
            for f in &c.fees {
                let _ = writeln!(w, "      - id: {}", f.id);
                let _ = writeln!(w, "        name: {}", text(f.vi, Some(f.en)));
                let _ = writeln!(w, "        amount: {}", s(&money(f.amount, &mut r), false));
                if let Some(cond) = f.when {
                    let _ = writeln!(w, "        when: {cond}");
                }
                let _ = writeln!(w, "        basis: {}", f.basis);
            }
        }
        if let Some(n) = c.note {
            let _ = writeln!(w, "    note: {}", s(n, false));
        }
    }
    if let Some(c) = p.cutoff {
        let _ = writeln!(w, "cutoff: \"{c}\"");
    }
    // An internal process that fits every deadline it applies to: 8 working hours (one
    // working day) on the channels counted in working time, 3 days on calendar-day ones.
    let calendar = |d: &str| d.ends_with(" days") && !d.contains("working");
    let working: Vec<&str> = p
        .channels
        .iter()
        .filter(|c| !calendar(&c.deadline))
        .map(|c| c.kind)
        .collect();
    let _ = writeln!(w, "process:");
    let times: [&str; 3] = if working.is_empty() {
        ["1 day", "1 day", "1 day"]
    } else {
        if working.len() < p.channels.len() {
            let _ = writeln!(w, "  channels: [{}]", working.join(", "));
        }
        ["2 hours", "4 hours", "2 hours"]
    };
    let _ = writeln!(w, "  steps:");
    for ((vi, unit), time) in [
        ("Tiếp nhận hồ sơ", "mot-cua"),
        ("Thẩm định hồ sơ", "chuyen-mon"),
        ("Trả kết quả", "mot-cua"),
    ]
    .into_iter()
    .zip(times)
    {
        let _ = writeln!(
            w,
            "    - {{ name: {{ vi: {vi} }}, unit: {unit}, time: {time} }}"
        );
    }
    // One text per step, as the catalogue writes them.
    let _ = writeln!(w, "steps:");
    let step_texts = [
        "Tổ chức, cá nhân chuẩn bị hồ sơ đầy đủ theo quy định.",
        "Nộp hồ sơ tại Bộ phận Một cửa hoặc qua Cổng Dịch vụ công quốc gia.",
        "Cán bộ tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; trường hợp hồ sơ chưa đầy đủ thì hướng dẫn bổ sung một lần.",
        "Cơ quan có thẩm quyền thẩm định, giải quyết và trả kết quả.",
        "Người nộp hồ sơ nhận kết quả trực tiếp, qua dịch vụ bưu chính công ích hoặc trực tuyến.",
    ];
    for (k, t) in step_texts.iter().take(p.steps).enumerate() {
        let _ = writeln!(w, "  - {{ vi: \"Bước {}: {t}\" }}", k + 1);
    }
    let _ = writeln!(w, "dossier:");
    let _ = writeln!(w, "  documents:");
    for d in &p.documents {
        write_doc(w, d, "    ");
    }
    if !p.cases.is_empty() {
        let _ = writeln!(w, "  cases:");
        for c in &p.cases {
            let _ = writeln!(w, "    - id: {}", c.id);
            let _ = writeln!(w, "      name: {}", s(c.vi, false));
            let _ = writeln!(w, "      when: {}", s(&c.when, false));
            let _ = writeln!(w, "      documents:");
            for d in &c.documents {
                write_doc(w, d, "        ");
            }
        }
    }
    if !p.discounts.is_empty() {
        let _ = writeln!(w, "discounts:");
        let _ = writeln!(w, "  stacking: {}", p.stacking);
        let _ = writeln!(w, "  rules:");
        for (id, rule, basis) in &p.discounts {
            let _ = writeln!(w, "    - id: {id}");
            let _ = writeln!(w, "      rule: {}", s(rule, false));
            let _ = writeln!(w, "      basis: {basis}");
        }
    }
    let _ = writeln!(w, "form_fields:");
    for &k in &p.form_fields {
        let (id, label, reusable) = FORM_FIELDS[k];
        if reusable.is_empty() {
            let _ = writeln!(w, "  - {{ id: {id}, label: {} }}", s(label, true));
        } else {
            let _ = writeln!(
                w,
                "  - {{ id: {id}, label: {}, reusable: {reusable} }}",
                s(label, true)
            );
        }
    }
    if !p.requirements.is_empty() {
        let _ = writeln!(w, "requirements:");
        for (k, when, basis) in &p.requirements {
            let _ = writeln!(w, "  - text: {}", text(REQUIREMENTS[*k], None));
            if let Some(c) = when {
                let _ = writeln!(w, "    when: {c}");
            }
            if let Some(b) = basis {
                let _ = writeln!(w, "    basis: {b}");
            }
        }
    }
    let _ = writeln!(
        w,
        "result: {}",
        text(
            &format!(
                "Quyết định {} {}",
                p.name_vi.to_lowercase(),
                "hoặc văn bản trả lời"
            ),
            Some("Decision or written reply"),
        )
    );
    if let Some([apps, times, prep, submit, travel, wait, receive, other]) = p.compliance {
        let _ = writeln!(w, "compliance:");
        let _ = writeln!(w, "  applications_per_year: {apps}");
        let _ = writeln!(w, "  times_per_year: {times}");
        let _ = writeln!(
            w,
            "  minutes: {{ prepare: {prep}, submit: {submit}, travel: {travel}, wait: {wait}, receive: {receive} }}"
        );
        if other > 0 {
            let mut r = Rng::new(other, 7);
            let _ = writeln!(w, "  other_costs: {}", s(&money(other, &mut r), false));
        }
    }
    o
}

/// Procedure `i`: its path relative to the catalogue root, its text, and whether it was
/// mutated.
pub fn procedure_file(i: usize, o: &Options) -> (PathBuf, String, bool) {
    let mut p = build(i, o);
    let mut mutated = false;
    if o.mutate_pct > 0 {
        let mut r = Rng::new(o.mutate_seed ^ 0x6D75_7461_7465, i as u64);
        if r.below(100) < o.mutate_pct as usize {
            let before = render(&p);
            mutate(&mut p, &mut r);
            if render(&p) == before {
                // A fee change on a procedure without fees, or the same deadline again:
                // make sure a mutated procedure really differs.
                mutate_add_document(&mut p, &mut r);
            }
            mutated = true;
        }
    }
    let rel = PathBuf::from("procedures")
        .join(&p.field)
        .join(format!("{}.yaml", p.code));
    (rel, render(&p), mutated)
}

/// The manifest, `catalogue.yaml`.
pub fn manifest_yaml(o: &Options) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let w = &mut out;
    let _ = writeln!(
        w,
        "name: {{ vi: Danh mục thủ tục hành chính (tổng hợp), en: Synthetic catalogue of administrative procedures }}"
    );
    let _ = writeln!(w, "language: vi");
    let _ = writeln!(w, "levels:");
    let _ = writeln!(
        w,
        "  - {{ id: ministry, name: {{ vi: Cấp Bộ, en: Ministry }} }}"
    );
    let _ = writeln!(
        w,
        "  - {{ id: province, name: {{ vi: Cấp tỉnh, en: Province }} }}"
    );
    let _ = writeln!(
        w,
        "  - {{ id: commune, name: {{ vi: Cấp xã, en: Commune }} }}"
    );
    let _ = writeln!(w, "fields:");
    for (k, id) in field_ids(o.field_count).iter().enumerate() {
        let (vi, en) = match FIELDS.get(k) {
            Some((_, vi, en)) => (vi.to_string(), en.to_string()),
            None => (
                format!("Lĩnh vực số {}", k + 1),
                format!("Field no. {}", k + 1),
            ),
        };
        let _ = writeln!(w, "  - {{ id: {id}, name: {} }}", text(&vi, Some(&en)));
    }
    let _ = writeln!(w, "facts:");
    let _ = writeln!(
        w,
        "  - {{ id: age, type: number, label: {{ vi: Tuổi, en: Age }} }}"
    );
    // Yes/no facts carry the words for each answer, as the checks require of a catalogue
    // whose outputs print conditions.
    for (id, vi, en, yes, no) in [
        (
            "poor_household",
            "Hộ nghèo hoặc cận nghèo",
            "Poor household",
            "người yêu cầu thuộc hộ nghèo hoặc cận nghèo",
            "người yêu cầu không thuộc hộ nghèo hoặc cận nghèo",
        ),
        (
            "disability",
            "Người khuyết tật",
            "Person with a disability",
            "người yêu cầu là người khuyết tật",
            "người yêu cầu không phải người khuyết tật",
        ),
    ] {
        let _ = writeln!(w, "  - id: {id}");
        let _ = writeln!(w, "    type: bool");
        let _ = writeln!(w, "    label: {{ vi: {vi}, en: {en} }}");
        let _ = writeln!(w, "    value_labels:");
        let _ = writeln!(w, "      true: {{ vi: \"{yes}\" }}");
        let _ = writeln!(w, "      false: {{ vi: \"{no}\" }}");
    }
    let _ = writeln!(w, "  - id: nationality");
    let _ = writeln!(w, "    type: enum");
    let _ = writeln!(w, "    values: [vn, foreign, stateless]");
    let _ = writeln!(w, "    label: {{ vi: Quốc tịch, en: Nationality }}");
    let _ = writeln!(w, "units:");
    let _ = writeln!(
        w,
        "  - {{ id: mot-cua, name: {{ vi: Bộ phận Một cửa, en: One-stop desk }} }}"
    );
    let _ = writeln!(
        w,
        "  - {{ id: chuyen-mon, name: {{ vi: Công chức chuyên môn, en: Specialist officer }} }}"
    );
    let _ = writeln!(w, "legal:");
    // The decisions that publish the procedures (`published_by:`), registered like any act.
    for k in 0..DECISION_COUNT {
        let _ = writeln!(w, "  - id: {}", decision_id(k));
        let _ = writeln!(
            w,
            "    number: {}",
            s(
                &format!(
                    "{}/{}",
                    100 + k * 37,
                    DECISION_SUFFIXES[k % DECISION_SUFFIXES.len()]
                ),
                false
            )
        );
        let _ = writeln!(
            w,
            "    title: {{ vi: {} }}",
            s(
                &format!("Quyết định công bố thủ tục hành chính số {k}"),
                true
            )
        );
        let _ = writeln!(w, "    issued: 2024-{:02}-{:02}", 1 + k % 12, 1 + k % 28);
        let _ = writeln!(w, "    issuer: Bộ trưởng");
    }
    for k in 0..LEGAL_COUNT {
        let (_, suffix, title, issuer) = LEGAL_KINDS[k % LEGAL_KINDS.len()];
        let year = 2015 + (k * 7) % 11;
        let num = 10 + (k * 37) % 190;
        let _ = writeln!(w, "  - id: {}", legal_id(k));
        let _ = writeln!(
            w,
            "    number: {}",
            s(&format!("{num}/{year}/{suffix}"), false)
        );
        let _ = writeln!(
            w,
            "    title: {{ vi: {} }}",
            s(&format!("{title} số {k}"), true)
        );
        let _ = writeln!(w, "    issued: {year}-{:02}-{:02}", 1 + k % 12, 1 + k % 28);
        let _ = writeln!(w, "    issuer: {issuer}");
    }
    out
}
