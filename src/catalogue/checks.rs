//! Checks across files: duplicate codes, references to fields, levels and legal documents,
//! and type-checking every rule against the declared facts.

use crate::diag::{Diagnostic, SourceFile, Tr, Words, suggest};
use crate::model::*;
use crate::rules::ast::Targets;
use crate::rules::check::{check_condition, check_deadline};
use crate::rules::{Env, RuleError};
use crate::shape::Str;
use crate::tr;
// Maps and sets keyed by the catalogue's ids. The ids come from files anyone may write, so the
// hasher is seeded per process, but with foldhash rather than SipHash: the checks look up
// several ids per procedure.
use foldhash::{HashMap, HashSet};
use std::sync::Arc;

struct Ck<'a> {
    file: &'a Arc<SourceFile>,
    out: &'a mut Vec<Diagnostic>,
}

impl Ck<'_> {
    fn err<T>(&mut self, code: &'static str, at: &Sp<T>, message: Tr, help: Option<Tr>) {
        let mut d = Diagnostic::error(code, message).at(
            self.file,
            at.start as usize,
            at.end as usize,
            None,
        );
        d.help = help;
        self.out.push(d);
    }

    fn warn<T>(&mut self, code: &'static str, at: &Sp<T>, message: Tr, help: Option<Tr>) {
        let mut d = Diagnostic::warning(code, message).at(
            self.file,
            at.start as usize,
            at.end as usize,
            None,
        );
        d.help = help;
        self.out.push(d);
    }

    fn rule_errors(&mut self, errors: Vec<RuleError>) {
        for e in errors {
            let mut d = Diagnostic::error(e.code, e.message).at(
                self.file,
                e.pos.start as usize,
                e.pos.end as usize,
                None,
            );
            d.help = e.help;
            self.out.push(d);
        }
    }

    /// Reports an id that is not among `known`.
    fn reference(&mut self, id: &Sp<Str>, known: &Known<'_>, what: Words, code: &'static str) {
        if !known.contains(id.as_str()) {
            let known = &known.list[..];
            let v = id.as_str();
            let Words(en, vi) = what;
            self.err(
                code,
                id,
                tr!(
                    "`{v}` is not a declared {en}",
                    "`{v}` không phải {vi} đã khai báo"
                ),
                Some(suggest(v, known)),
            );
        }
    }

    /// Reports ids used twice in one list.
    fn unique<'i>(&mut self, ids: impl IntoIterator<Item = &'i Sp<Str>>, what: Words) {
        // A procedure's lists are short: looking back along the list costs less than a hash
        // table made for each list; a long list still gets one.
        const SCAN: usize = 32;
        let ids: Vec<&Sp<Str>> = ids.into_iter().collect();
        let mut seen: HashMap<&str, &Sp<Str>> = HashMap::default();
        for (i, &id) in ids.iter().enumerate() {
            let first = if ids.len() <= SCAN {
                ids[..i].iter().find(|f| f.as_str() == id.as_str()).copied()
            } else {
                seen.get(id.as_str()).copied()
            };
            if let Some(first) = first {
                let v = id.as_str();
                let Words(en, vi) = what;
                let d = Diagnostic::error(
                    "catalogue/duplicate-id",
                    tr!(
                        "the {en} id `{v}` is used twice",
                        "mã {vi} `{v}` bị dùng hai lần"
                    ),
                )
                .at(self.file, id.start as usize, id.end as usize, None)
                .also(
                    first.start as usize,
                    first.end as usize,
                    tr!("first used here", "dùng lần đầu ở đây"),
                )
                .help(tr!("give each one its own id", "đặt mã riêng cho từng mục"));
                self.out.push(d);
            } else if ids.len() > SCAN {
                seen.insert(id.as_str(), id);
            }
        }
    }
}

/// The ids a reference may name (the catalogue's fields, levels or acts): in a set to look
/// them up, and in the order they are declared for suggestions.
struct Known<'a> {
    list: Vec<&'a str>,
    set: HashSet<&'a str>,
}

impl<'a> Known<'a> {
    fn new(list: Vec<&'a str>) -> Known<'a> {
        let set = list.iter().copied().collect();
        Known { list, set }
    }

    fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }
}

/// Reports a procedure code used by two files (every command that reads a revision checks
/// this: otherwise one of them silently wins).
pub fn duplicate_codes(procedures: &[(String, Procedure)], out: &mut Vec<Diagnostic>) {
    let mut by_code: HashMap<&str, &Procedure> =
        HashMap::with_capacity_and_hasher(procedures.len(), Default::default());
    for (_, p) in procedures {
        if let Some(first) = by_code.get(p.code.as_str()) {
            out.push(duplicate_code(p, first));
        } else {
            by_code.insert(p.code.as_str(), p);
        }
    }
}

/// The finding for `p` taking the code that `first` already has: at `p`'s code, naming
/// the other file with its line and column.
pub fn duplicate_code(p: &Procedure, first: &Procedure) -> Diagnostic {
    let v = p.code.as_str();
    let other = first.file.path.display().to_string();
    let (line, col) = first.file.line_col(first.code.start as usize);
    Diagnostic::error(
        "catalogue/duplicate-code",
        tr!(
            "the code {v} is already used by {other}:{line}:{col}",
            "mã {v} đã được dùng trong {other}:{line}:{col}"
        ),
    )
    .at(
        &p.file,
        p.code.start as usize,
        p.code.end as usize,
        Some(tr!("used a second time here", "dùng lần thứ hai ở đây")),
    )
    .help(tr!(
        "each procedure has its own code; remove or renumber one of them",
        "mỗi thủ tục có một mã riêng; hãy xóa hoặc đổi mã một trong hai"
    ))
}

/// Runs every check that needs more than one file.
pub fn whole_catalogue(
    manifest: &Manifest,
    procedures: &[(String, Procedure)],
    broken: &std::collections::HashSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    whole_catalogue_with(manifest, procedures, broken, Vec::new(), out);
}

/// [`whole_catalogue`], taking each procedure's findings already made by [`Checker::early`]
/// while the load decoded it (`early[i]` for `procedures[i]`; missing ones are made here).
pub(crate) fn whole_catalogue_with(
    manifest: &Manifest,
    procedures: &[(String, Procedure)],
    broken: &std::collections::HashSet<String>,
    mut early: Vec<Option<Early>>,
    out: &mut Vec<Diagnostic>,
) {
    let checker = Checker::new(manifest);
    checker.manifest(out);
    early.resize_with(procedures.len(), || None);
    // Each procedure's checks are independent: run them in parallel, report in file order.
    use rayon::prelude::*;
    let per: Vec<Vec<Diagnostic>> = procedures
        .par_iter()
        .zip(early)
        .with_max_len(super::FILES_PER_TASK)
        .map(|((rel, p), early)| {
            let broken = broken.contains(p.code.as_str());
            match early {
                // Made with this file's own errors standing for `broken`: still right
                // unless another file of the same code is broken.
                Some(e) if e.broken == broken => e.found,
                _ => checker.procedure(rel, p, broken),
            }
        })
        .collect();
    out.extend(per.into_iter().flatten());
}

/// One procedure's checks, made as soon as it was decoded, and whether they were made as for
/// a procedure whose file has an error.
#[derive(Debug)]
pub(crate) struct Early {
    broken: bool,
    found: Vec<Diagnostic>,
}

/// What each procedure's checks read from the manifest, made once per load. A load checks
/// each procedure in the task that decoded it, while its parts are still in the processor's
/// cache: in a pass of its own after decoding, every procedure came back from memory (about
/// 0.35 s of 4.8 at 70,000 procedures on two cores).
pub(crate) struct Checker<'m> {
    manifest: &'m Manifest,
    fields: Known<'m>,
    levels: Known<'m>,
    legal: Known<'m>,
    units: Vec<&'m str>,
    base_env: Env,
}

impl<'m> Checker<'m> {
    /// The ids and facts of `manifest`, ready to check procedures against.
    pub(crate) fn new(manifest: &'m Manifest) -> Checker<'m> {
        let channel_ids: Vec<&str> = ChannelKind::ALL.iter().map(|c| c.id()).collect();
        let mut base_env = Env::with_builtins(&channel_ids);
        for f in &manifest.facts {
            base_env.insert(&f.id, f.ty.clone());
        }
        Checker {
            manifest,
            fields: Known::new(manifest.fields.iter().map(|f| f.id.as_str()).collect()),
            levels: Known::new(manifest.levels.iter().map(|f| f.id.as_str()).collect()),
            legal: Known::new(manifest.legal.iter().map(|f| f.id.as_str()).collect()),
            units: manifest.units.iter().map(|u| u.id.as_str()).collect(),
            base_env: base_env.freeze(),
        }
    }

    /// The manifest's own findings: ids declared twice, built-in facts declared, the acts'
    /// register.
    fn manifest(&self, out: &mut Vec<Diagnostic>) {
        let manifest = self.manifest;
        let Some(file) = &manifest.file else {
            return;
        };
        let mut ck = Ck { file, out };
        ck.unique(
            manifest.fields.iter().map(|f| &f.id),
            Words("field", "lĩnh vực"),
        );
        ck.unique(
            manifest.levels.iter().map(|f| &f.id),
            Words("level", "cấp thực hiện"),
        );
        ck.unique(
            manifest.legal.iter().map(|f| &f.id),
            Words("legal document", "văn bản pháp luật"),
        );
        ck.unique(
            manifest.facts.iter().map(|f| &f.id),
            Words("fact", "thông tin"),
        );
        for f in &manifest.facts {
            builtin_clash(&mut ck, &f.id);
        }
        ck.unique(
            manifest.units.iter().map(|u| &u.id),
            Words("unit", "đơn vị thực hiện"),
        );
        super::acts::registry(manifest, out);
    }

    /// The checks of one procedure read from `rel`, made while the load decodes it: its own
    /// file's errors stand for whether it is broken, which [`whole_catalogue_with`] confirms
    /// once every file is read.
    pub(crate) fn early(&self, rel: &str, p: &Procedure, own_errors: bool) -> Early {
        Early {
            broken: own_errors,
            found: self.procedure(rel, p, own_errors),
        }
    }

    /// The checks of one procedure read from `rel`, in reading order.
    fn procedure(&self, rel: &str, p: &Procedure, broken: bool) -> Vec<Diagnostic> {
        let manifest = self.manifest;
        let mut found = Vec::new();
        // Its acts first, as each file's findings are reported in reading order.
        if manifest.file.is_some() {
            super::acts::records(manifest, p, &mut found);
        }
        let mut ck = Ck {
            file: &p.file,
            out: &mut found,
        };
        procedure(
            &mut ck,
            rel,
            p,
            &self.fields,
            &self.levels,
            &self.legal,
            &self.base_env,
            manifest.file.is_some(),
            broken,
        );
        wordings(&mut ck, p, &manifest.facts);
        if let Some(process) = &p.process {
            let hours = match &p.working_hours {
                Some(h) => h,
                None => manifest.working_hours.for_agency(
                    p.agencies
                        .implementing
                        .as_ref()
                        .or(p.agencies.competent.as_ref())
                        .map(|a| &*a.vi),
                ),
            };
            crate::model::process::check(
                process,
                p,
                &crate::model::process::Scope {
                    units: &self.units,
                    acts: &self.legal.list,
                    day_minutes: hours.minutes_per_day(),
                    units_in: tr!("catalogue.yaml", "catalogue.yaml"),
                },
                &mut found,
            );
        }
        found
    }
}

/// A yes/no fact a condition reads with a value its author did not word: outputs can only
/// show "<label>: không", so say where the wording is needed (once per fact and value).
fn wordings(ck: &mut Ck<'_>, p: &Procedure, shared: &[FactDecl]) {
    let mut seen: Vec<(&str, bool)> = Vec::new();
    for m in crate::model::missing_wordings(p, shared) {
        if seen.contains(&(m.fact, m.value)) {
            continue;
        }
        seen.push((m.fact, m.value));
        let f = m.fact;
        let (v, en, vi) = if m.value {
            ("true", "yes", "có")
        } else {
            ("false", "no", "không")
        };
        let at = Sp {
            value: (),
            start: m.at.start,
            end: m.at.end,
        };
        ck.warn(
            "fact/wording-missing",
            &at,
            tr!(
                "this condition reads `{f}` as \"{en}\" ({v}), and the fact has no wording for that value: outputs will show its label with \"{en}\"",
                "điều kiện dùng `{f}` với giá trị \"{vi}\" ({v}) nhưng thông tin này chưa có lời văn cho giá trị đó: văn bản sẽ chỉ ghi nhãn kèm \"{vi}\""
            ),
            Some(tr!(
                "add to the fact `value_labels: {{ true: {{ vi: \"…\" }}, false: {{ vi: \"…\" }} }}`, worded from the law's text",
                "thêm vào khai báo thông tin `value_labels: {{ true: {{ vi: \"…\" }}, false: {{ vi: \"…\" }} }}`, theo lời văn của văn bản pháp luật"
            )),
        );
    }
}

fn builtin_clash(ck: &mut Ck<'_>, id: &Sp<Str>) {
    if matches!(id.as_str(), "channel" | "online" | "received") {
        let v = id.as_str();
        ck.err(
            "catalogue/builtin-fact",
            id,
            tr!(
                "`{v}` is a built-in fact and cannot be declared",
                "`{v}` là thông tin có sẵn, không khai báo lại"
            ),
            Some(tr!("choose another name", "hãy chọn tên khác")),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn procedure(
    ck: &mut Ck<'_>,
    rel: &str,
    p: &Procedure,
    fields: &Known<'_>,
    levels: &Known<'_>,
    legal: &Known<'_>,
    base_env: &Env,
    have_manifest: bool,
    broken: bool,
) {
    // The file name is the code, and the folder the field, so people find things.
    let stem = rel.rsplit('/').next().unwrap_or(rel);
    let stem = stem
        .strip_suffix(".yaml")
        .or_else(|| stem.strip_suffix(".yml"))
        .unwrap_or(stem);
    if stem != p.code.as_str() {
        let c = p.code.as_str();
        ck.warn(
            "catalogue/file-name",
            &p.code,
            tr!(
                "the file is named {stem} but holds procedure {c}",
                "tệp tên {stem} nhưng chứa thủ tục {c}"
            ),
            Some(tr!(
                "rename the file to {c}.yaml",
                "đổi tên tệp thành {c}.yaml"
            )),
        );
    }
    let folder = rel
        .strip_prefix("procedures/")
        .and_then(|r| r.split_once('/'))
        .map(|(f, _)| f);
    if have_manifest {
        ck.reference(&p.field, fields, Words("field", "lĩnh vực"), "ref/field");
        if let Some(folder) = folder
            && folder != p.field.as_str()
            && fields.contains(p.field.as_str())
        {
            let f = p.field.as_str();
            ck.warn(
                "catalogue/folder",
                &p.field,
                tr!(
                    "this procedure's field is {f} but it is in the folder {folder}",
                    "thủ tục thuộc lĩnh vực {f} nhưng nằm trong thư mục {folder}"
                ),
                Some(tr!(
                    "move it to procedures/{f}/",
                    "chuyển tệp vào procedures/{f}/"
                )),
            );
        }
        for l in &p.levels {
            ck.reference(l, levels, Words("level", "cấp thực hiện"), "ref/level");
        }
        let bases = p
            .legal_basis
            .iter()
            .chain(
                p.channels
                    .iter()
                    .flat_map(|c| c.fees.iter().filter_map(|f| f.basis.as_ref())),
            )
            .chain(p.all_documents().filter_map(|d| d.basis.as_ref()))
            .chain(p.discounts.rules.iter().map(|d| &d.basis))
            .chain(p.requirements.iter().filter_map(|r| r.basis.as_ref()));
        for b in bases {
            ck.reference(
                b,
                legal,
                Words("legal document", "văn bản pháp luật"),
                "ref/legal",
            );
        }
    }
    if p.levels.is_empty() && !broken {
        ck.err(
            "schema/empty",
            &p.code,
            tr!(
                "the procedure has no level",
                "thủ tục chưa có cấp thực hiện"
            ),
            Some(tr!(
                "add `levels: [province]` or similar",
                "thêm ví dụ `levels: [province]`"
            )),
        );
    }
    // A file with an error (a misspelt `deadline:`) may have lost its channels while being
    // read: that error is the one finding, not also "no channel".
    if p.channels.is_empty() && !broken {
        ck.err(
            "schema/empty",
            &p.code,
            tr!(
                "the procedure offers no channel",
                "thủ tục chưa có cách thức thực hiện"
            ),
            Some(tr!(
                "add at least one entry under `channels`",
                "thêm ít nhất một mục trong `channels`"
            )),
        );
    }

    // Channels: each once.
    let mut seen: Vec<ChannelKind> = Vec::new();
    for c in &p.channels {
        if seen.contains(&c.kind) {
            let v = c.kind.id();
            ck.err(
                "catalogue/duplicate-channel",
                &c.kind,
                tr!(
                    "the channel {v} is listed twice",
                    "cách thức {v} bị liệt kê hai lần"
                ),
                Some(tr!("merge the two entries", "gộp hai mục lại")),
            );
        }
        seen.push(*c.kind);
        ck.unique(c.fees.iter().map(|f| &f.id), Words("fee", "khoản phí"));
    }
    ck.unique(p.facts.iter().map(|f| &f.id), Words("fact", "thông tin"));
    ck.unique(
        p.all_documents().map(|d| &d.id),
        Words("document", "giấy tờ"),
    );
    ck.unique(
        p.dossier.cases.iter().map(|c| &c.id),
        Words("case", "trường hợp"),
    );
    ck.unique(
        p.discounts.rules.iter().map(|d| &d.id),
        Words("discount", "mức giảm"),
    );
    ck.unique(
        p.form_fields.iter().map(|f| &f.id),
        Words("form field", "trường thông tin"),
    );
    for f in &p.facts {
        builtin_clash(ck, &f.id);
    }

    // Rules: type-check against built-ins, shared facts and this procedure's facts.
    let mut env = base_env.child();
    for f in &p.facts {
        env.insert(&f.id, f.ty.clone());
    }
    let mut errors = Vec::new();
    let conds = p
        .channels
        .iter()
        .flat_map(|c| c.fees.iter().filter_map(|f| f.when.as_deref()))
        .chain(p.all_documents().filter_map(|d| d.when.as_deref()))
        .chain(p.dossier.cases.iter().filter_map(|c| c.when.as_deref()))
        .chain(p.requirements.iter().filter_map(|r| r.when.as_deref()))
        .chain(
            p.discounts
                .rules
                .iter()
                .filter_map(|d| d.rule.when.as_ref()),
        );
    for c in conds {
        check_condition(c, &env, &mut errors);
    }
    for c in &p.channels {
        check_deadline(&c.deadline, &env, &mut errors);
        for f in &c.fees {
            crate::rules::fee::check_fee(&f.amount, &env, &mut errors);
        }
    }
    ck.rule_errors(errors);

    // Discount targets must be fee items of this procedure.
    let fee_ids: Vec<&str> = {
        let mut v: Vec<&str> = p
            .channels
            .iter()
            .flat_map(|c| c.fees.iter().map(|f| f.id.as_str()))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    for d in &p.discounts.rules {
        match &d.rule.targets {
            Targets::All if fee_ids.is_empty() => {
                ck.warn(
                    "ref/fee",
                    &d.rule,
                    tr!(
                        "this discount applies to all fees, but the procedure has none",
                        "mức giảm áp dụng cho mọi khoản phí nhưng thủ tục không thu phí"
                    ),
                    None,
                );
            }
            Targets::All => {}
            Targets::Items(items) => {
                for (name, pos) in items {
                    if !fee_ids.contains(&name.as_str()) {
                        let at = Sp {
                            value: (),
                            start: pos.start,
                            end: pos.end,
                        };
                        ck.err(
                            "ref/fee",
                            &at,
                            tr!(
                                "`{name}` is not a fee item of this procedure",
                                "`{name}` không phải khoản phí của thủ tục này"
                            ),
                            Some(suggest(name, &fee_ids)),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `unique` finds each id used again, pointing at its first use, in lists of every length
    /// up to 47 ids: against a plain search of the ids before each one.
    #[test]
    fn unique_finds_every_repeat_at_its_first_use() {
        let file = SourceFile::new(std::path::Path::new("t.yaml"), "");
        let mut roll = crate::testing::rolls(0x853C_49E6_748F_EA9Bu64);
        for case in 0..400 {
            let len = roll(48) as usize;
            let alphabet = 1 + roll(64);
            let ids: Vec<Sp<Str>> = (0..len)
                .map(|i| Sp {
                    value: Str::from(format!("id-{}", roll(alphabet))),
                    start: i as u32,
                    end: i as u32 + 1,
                })
                .collect();
            let mut out = Vec::new();
            let mut ck = Ck {
                file: &file,
                out: &mut out,
            };
            ck.unique(&ids, Words("fact", "thông tin"));
            let found: Vec<(usize, usize)> = out
                .iter()
                .map(|d| (d.labels[0].start, d.labels[1].start))
                .collect();
            let expected: Vec<(usize, usize)> = ids
                .iter()
                .enumerate()
                .filter_map(|(i, id)| {
                    let first = ids[..i].iter().position(|o| o.value == id.value)?;
                    Some((i, first))
                })
                .collect();
            assert_eq!(found, expected, "case {case}");
        }
    }
}
