//! The Part I lists as CSV, one procedure per line, for import into a public service portal.
//!
//! Columns (README.md "Decisions"): `section,no,code,national_code,name,field,levels,deadline,
//! place,channels,fees,legal_basis,agency,changed`. Lists inside a cell are joined with `; `.
//! UTF-8 without a byte-order mark, CRLF line ends and RFC 4180 quoting.

use super::{Decision, Section};

/// The header line's columns.
pub const COLUMNS: [&str; 14] = [
    "section",
    "no",
    "code",
    "national_code",
    "name",
    "field",
    "levels",
    "deadline",
    "place",
    "channels",
    "fees",
    "legal_basis",
    "agency",
    "changed",
];

/// Renders the decision's Part I as CSV.
pub fn render(d: &Decision) -> String {
    let mut out = COLUMNS.join(",") + "\r\n";
    for sec in Section::ALL {
        for r in d.rows(sec) {
            let cells = [
                sec.id().to_string(),
                r.no.to_string(),
                r.code.clone(),
                r.national_code.clone(),
                r.name.clone(),
                r.field.clone(),
                r.levels.join("; "),
                r.deadline.clone(),
                r.place.clone(),
                r.channels.join("; "),
                r.fees.clone(),
                r.legal_basis.join("; "),
                r.agency.clone(),
                r.changed.join("; "),
            ];
            // Catalogue text must not become a spreadsheet formula (crate::sanitize::csv_cell);
            // `no` is the only numeric column.
            let line: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(k, c)| crate::sanitize::csv_field(c, COLUMNS[k] == "no"))
                .collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out
}
