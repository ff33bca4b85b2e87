//! Rule analysis: conditions that never hold or always hold, cases that overlap or leave an
//! applicant out, documents and fees asked twice, discounts that collide, lapsed or never
//! start — each with an applicant that shows it, in the applicant's words.
//!
//! Every question is answered exactly over the facts' declared types by [`solve`] (see there
//! for how domains are split and how the search is bounded); a question it cannot decide
//! within its bounds is reported as `analysis/too-complex` at the rule, never guessed. Each
//! finding names every rule involved and carries an [`Example`] that `eval` reproduces.

pub mod solve;

use crate::diag::{Diagnostic, Lang, Severity, Tr};
use crate::eval::Value;
use crate::eval::compile::{CExpr, Slots, compile};
use crate::eval::facts::Declared;
use crate::model::{ChannelKind, DossierDoc, Manifest, Procedure, Sp, Text};
use crate::rules::Type;
use crate::rules::ast::{CmpOp, Deadline, Expr, Targets};
use crate::rules::fee::{FeeExpr, FeeRule};
use crate::tr;
use crate::vietnamese::squash_lower;
use jiff::civil::Date;
use solve::{Answer, Space, Why, Witness};
use std::cell::RefCell;
use std::rc::Rc;

/// A [`Tr`] whose two languages take different arguments (names in each language).
macro_rules! both {
    ($en:literal, $vi:literal; $($e:expr),* ; $($v:expr),* $(;)?) => {
        Tr { en: format!($en, $($e),*), vi: format!($vi, $($v),*) }
    };
}

/// The group of findings `validate --deny` names.
pub const GROUP: &str = "analysis";

/// A place a finding points at: a rule's byte range in the procedure file.
#[derive(Debug, Clone)]
pub struct Place {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// What this rule is, in both languages.
    pub what: Tr,
}

/// An applicant that shows a finding: give these to `eval` and see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The channel, when it matters.
    pub channel: Option<ChannelKind>,
    /// The facts that decide it (the date of receipt is the fact `received`).
    pub facts: Vec<(String, Value)>,
    /// What happens, in words.
    pub outcome: Tr,
    /// The applicant in words: "ví dụ: … → …".
    pub words: Tr,
}

impl Example {
    /// The date of receipt, when the example sets one.
    pub fn received(&self) -> Option<Date> {
        self.facts.iter().find_map(|(n, v)| match v {
            Value::Date(d) if n == "received" => Some(*d),
            _ => None,
        })
    }
}

/// One finding of the analysis.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Stable code, `analysis/…`.
    pub code: &'static str,
    /// What is wrong.
    pub message: Tr,
    /// Every rule involved; the first is the main one.
    pub places: Vec<Place>,
    /// An applicant that shows it.
    pub example: Option<Example>,
    /// Ids of the cases, documents, fees or discounts involved (none for a branch).
    pub ids: Vec<String>,
}

impl Finding {
    /// The finding as a diagnostic of `p`'s file: a warning, or an error when denied.
    pub fn diagnostic(&self, p: &Procedure, deny: bool) -> Diagnostic {
        let mut message = self.message.clone();
        if let Some(e) = &self.example {
            message.vi = format!("{} — {}", message.vi, e.words.vi);
            message.en = format!("{} — {}", message.en, e.words.en);
        }
        let mut d = if deny {
            Diagnostic::error(self.code, message)
        } else {
            Diagnostic::warning(self.code, message)
        };
        let mut places = self.places.iter();
        if let Some(first) = places.next() {
            d = d.at(
                &p.file,
                first.start as usize,
                first.end as usize,
                Some(first.what.clone()),
            );
        }
        for pl in places {
            d = d.also(pl.start as usize, pl.end as usize, pl.what.clone());
        }
        if deny {
            d.severity = Severity::Error;
        }
        d.help(self.help())
    }

    /// The lines and columns of every rule involved: "dòng 92:13, 77:13".
    pub fn places_text(&self, p: &Procedure, lang: Lang) -> String {
        let list: Vec<String> = self
            .places
            .iter()
            .map(|pl| {
                let (l, c) = p.file.line_col(pl.start as usize);
                format!("{l}:{c}")
            })
            .collect();
        match lang {
            Lang::Vi => format!("dòng {}", list.join(", ")),
            Lang::En => format!("lines {}", list.join(", ")),
        }
    }

    /// One line for people: the finding, its example and where.
    pub fn line(&self, p: &Procedure, lang: Lang) -> String {
        let mut s = self.message.get(lang).to_string();
        if let Some(e) = &self.example {
            s.push_str(" — ");
            s.push_str(e.words.get(lang));
        }
        format!("{s} ({})", self.places_text(p, lang))
    }

    /// The finding as JSON: code, message, every place and the example.
    pub fn json(&self, p: &Procedure, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "code": self.code,
            "message": self.message.get(lang),
            "places": self.places.iter().map(|pl| {
                let (line, column) = p.file.line_col(pl.start as usize);
                serde_json::json!({
                    "file": p.file.path.display().to_string(),
                    "line": line,
                    "column": column,
                    "what": pl.what.get(lang),
                })
            }).collect::<Vec<_>>(),
            "example": self.example.as_ref().map(|e| serde_json::json!({
                "channel": e.channel.map(|c| c.id()),
                "facts": e.facts.iter().map(|(n, v)| (n.clone(), value_json(v))).collect::<serde_json::Map<_, _>>(),
                "outcome": e.outcome.get(lang),
                "text": e.words.get(lang),
            })),
        })
    }

    fn help(&self) -> Tr {
        match self.code {
            NEVER => tr!(
                "remove the item, or correct its condition",
                "bỏ mục này, hoặc sửa lại điều kiện"
            ),
            ALWAYS => tr!(
                "remove the condition, or correct it",
                "bỏ điều kiện, hoặc sửa lại cho đúng"
            ),
            MASKED => tr!(
                "reorder the branches, or correct the conditions",
                "đổi thứ tự các nhánh, hoặc sửa lại điều kiện"
            ),
            DUP_DOC | DUP_FEE => tr!(
                "keep one of them, or make their conditions exclude each other",
                "giữ một mục, hoặc sửa điều kiện để hai mục không cùng áp dụng"
            ),
            OVERLAP => tr!(
                "make the cases' conditions exclude each other",
                "sửa điều kiện để mỗi người chỉ thuộc một trường hợp"
            ),
            GAP => tr!(
                "add the missing case, or widen a case's condition",
                "bổ sung trường hợp còn thiếu, hoặc mở rộng điều kiện của một trường hợp"
            ),
            DISCOUNT_OVERLAP => tr!(
                "write `stacking:` (best, compound or additive) as the act says, or make the windows or conditions exclude each other",
                "ghi `stacking:` (best, compound hoặc additive) theo văn bản quy định, hoặc sửa thời hạn, điều kiện để hai mức giảm không cùng áp dụng"
            ),
            WINDOW => tr!(
                "correct the dates or the condition on the date of receipt",
                "sửa lại ngày bắt đầu, kết thúc hoặc điều kiện về ngày tiếp nhận"
            ),
            STALE => tr!(
                "remove the item if the act no longer applies, or cite the act that extends it",
                "bỏ mục này nếu văn bản không còn áp dụng, hoặc dẫn văn bản gia hạn"
            ),
            AFTER_LAPSE => tr!(
                "cite the act in force at that time, or correct the dates",
                "dẫn văn bản còn hiệu lực vào thời gian đó, hoặc sửa lại ngày"
            ),
            _ => tr!(
                "split the rule into simpler ones; the analysis says why in the guide",
                "tách quy tắc thành các quy tắc đơn giản hơn (xem hướng dẫn, chương phân tích quy tắc)"
            ),
        }
    }
}

/// A condition never holds: the item is never required, charged or applied.
pub const NEVER: &str = "analysis/never-holds";
/// A condition always holds where one is written.
pub const ALWAYS: &str = "analysis/always-holds";
/// A branch whose condition can hold, but an earlier branch always takes it.
pub const MASKED: &str = "analysis/masked";
/// The same document required twice for one applicant.
pub const DUP_DOC: &str = "analysis/duplicate-document";
/// The same fee charged twice on one channel.
pub const DUP_FEE: &str = "analysis/duplicate-fee";
/// Two alternative cases apply to one applicant.
pub const OVERLAP: &str = "analysis/case-overlap";
/// No case applies to some applicant.
pub const GAP: &str = "analysis/case-gap";
/// Two discounts of one fee apply together, and no stacking rule says how.
pub const DISCOUNT_OVERLAP: &str = "analysis/discount-overlap";
/// A validity window that ends before it starts.
pub const WINDOW: &str = "analysis/window-order";
/// A window that ended before the catalogue's date.
pub const STALE: &str = "analysis/stale";
/// A window that starts after the act behind it lapsed.
pub const AFTER_LAPSE: &str = "analysis/after-lapse";
/// A rule too large or too deeply nested to analyse exactly.
pub const TOO_COMPLEX: &str = "analysis/too-complex";

/// Every code, for documentation and tests.
pub const CODES: [&str; 12] = [
    NEVER,
    ALWAYS,
    MASKED,
    DUP_DOC,
    DUP_FEE,
    OVERLAP,
    GAP,
    DISCOUNT_OVERLAP,
    WINDOW,
    STALE,
    AFTER_LAPSE,
    TOO_COMPLEX,
];

/// A compiled condition and where it was written.
struct Rule {
    c: CExpr,
    start: u32,
    end: u32,
}

fn rule(e: &Expr, slots: &mut Slots) -> Rule {
    let p = e.pos();
    Rule {
        c: compile(e, slots),
        start: p.start,
        end: p.end,
    }
}

fn cond(c: &Sp<Expr>, slots: &mut Slots) -> Rule {
    Rule {
        c: compile(&c.value, slots),
        start: c.start,
        end: c.end,
    }
}

/// Both languages of a name.
fn names(t: &Text) -> (String, String) {
    (t.vi.to_string(), t.get(crate::diag::Lang::En).to_string())
}

struct Cx<'a> {
    p: &'a Procedure,
    declared: Declared<'a>,
    slots: Slots,
    types: Vec<Option<Type>>,
    channel: u16,
    online: u16,
    received: u16,
    channels: Vec<ChannelKind>,
    out: Vec<Finding>,
    complex: Vec<u32>,
}

/// What the analysis needs besides the procedure.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The catalogue's date: windows ended before it are stale.
    pub today: Date,
    /// The catalogue's manifest (shared facts, acts and their lapse dates).
    pub manifest: &'a Manifest,
}

/// Analyses one procedure (its rules must have passed validation).
pub fn analyse(p: &Procedure, o: &Options<'_>) -> Vec<Finding> {
    let mut slots = Slots::default();
    let channel = slots.slot("channel");
    let online = slots.slot("online");
    let received = slots.slot("received");
    let mut channels: Vec<ChannelKind> = Vec::new();
    for c in &p.channels {
        if !channels.contains(&c.kind) {
            channels.push(*c.kind);
        }
    }
    // Compile every rule first, so the slot table is complete before types are looked up.
    let cases: Vec<Option<Rule>> = p
        .dossier
        .cases
        .iter()
        .map(|c| c.when.as_ref().map(|w| cond(w, &mut slots)))
        .collect();
    let docs: Vec<(Option<usize>, &DossierDoc, Option<Rule>)> = p
        .dossier
        .documents
        .iter()
        .map(|d| (None, d))
        .chain(
            p.dossier
                .cases
                .iter()
                .enumerate()
                .flat_map(|(i, c)| c.documents.iter().map(move |d| (Some(i), d))),
        )
        .map(|(c, d)| (c, d, d.when.as_ref().map(|w| cond(w, &mut slots))))
        .collect();
    let fee_whens: Vec<Vec<Option<Rule>>> = p
        .channels
        .iter()
        .map(|c| {
            c.fees
                .iter()
                .map(|f| f.when.as_ref().map(|w| cond(w, &mut slots)))
                .collect()
        })
        .collect();
    let discount_whens: Vec<Option<Rule>> = p
        .discounts
        .rules
        .iter()
        .map(|d| d.rule.when.as_ref().map(|w| rule(w, &mut slots)))
        .collect();
    // Branch conditions of deadlines and fee amounts are compiled as they are walked.
    let mut branch_slots = slots.clone();
    for c in &p.channels {
        let mut d = &c.deadline.value;
        while let Deadline::When {
            cond, otherwise, ..
        } = d
        {
            compile(cond, &mut branch_slots);
            d = otherwise;
        }
        for f in &c.fees {
            if let FeeRule::Amount(e) = &f.amount.value {
                fee_conds(e, &mut |c| {
                    compile(c, &mut branch_slots);
                });
            }
        }
    }
    let declared = Declared::new(o.manifest, p);
    let types = branch_slots
        .names
        .iter()
        .map(|n| match n.as_str() {
            "channel" => Some(Type::Enum(
                ChannelKind::ALL
                    .iter()
                    .map(|c| c.id().to_string())
                    .collect(),
            )),
            "online" => Some(Type::Bool),
            "received" => Some(Type::Date),
            n => declared.get(n).map(|d| d.ty.clone()),
        })
        .collect();
    let mut cx = Cx {
        p,
        declared,
        slots: branch_slots,
        types,
        channel,
        online,
        received,
        channels,
        out: Vec::new(),
        complex: Vec::new(),
    };
    cx.cases(&cases);
    cx.documents(&cases, &docs);
    cx.fees(&fee_whens);
    cx.branches(o.today);
    cx.discounts(&discount_whens, &fee_whens, o);
    cx.out
}

/// The analysis of every procedure of a loaded catalogue whose file (and the manifest) has no
/// error — a rule that did not validate is not analysed — as diagnostics: warnings, or errors
/// when `deny`.
pub fn diagnostics(loaded: &crate::catalogue::Loaded, today: Date, deny: bool) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let manifest = &loaded.catalogue.manifest;
    let errors: std::collections::HashSet<&std::path::Path> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| d.file.as_ref().map(|f| f.path.as_path()))
        .collect();
    if manifest
        .file
        .as_ref()
        .is_some_and(|f| errors.contains(f.path.as_path()))
    {
        return Vec::new();
    }
    let opts = Options { today, manifest };
    loaded
        .catalogue
        .procedures
        .par_iter()
        .with_max_len(crate::catalogue::FILES_PER_TASK)
        .filter(|p| !errors.contains(p.file.path.as_path()))
        .flat_map_iter(|p| {
            analyse(p, &opts)
                .into_iter()
                .map(|f| f.diagnostic(p, deny))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn fee_conds<'e>(e: &'e FeeExpr, f: &mut dyn FnMut(&'e Expr)) {
    match e {
        FeeExpr::Price(_) | FeeExpr::Tiers { .. } | FeeExpr::Percent { .. } => {}
        FeeExpr::Per(inner, ..) => fee_conds(inner, f),
        FeeExpr::Sum(v) => v.iter().for_each(|x| fee_conds(x, f)),
        FeeExpr::Bounded(inner, _) => fee_conds(inner, f),
        FeeExpr::When {
            then,
            cond,
            otherwise,
        } => {
            f(cond);
            fee_conds(then, f);
            fee_conds(otherwise, f);
        }
    }
}

impl Cx<'_> {
    fn ask(&self, channels: &[ChannelKind], parts: &[(&CExpr, bool)]) -> Answer {
        let sp = Space {
            types: &self.types,
            channel: self.channel,
            online: self.online,
        };
        solve::solve(&sp, channels, parts)
    }

    /// `Some(witness)` / `Some(None)` when decided; `None` (and one too-complex finding at
    /// the rule) when not.
    fn decide(
        &mut self,
        at: (u32, u32),
        channels: &[ChannelKind],
        parts: &[(&CExpr, bool)],
    ) -> Option<Option<Witness>> {
        match self.ask(channels, parts) {
            Answer::Sat(w) => Some(Some(w)),
            Answer::Unsat => Some(None),
            Answer::TooComplex(why) => {
                self.too_complex(at, why);
                None
            }
        }
    }

    fn report(
        &mut self,
        code: &'static str,
        ids: Vec<String>,
        message: Tr,
        places: Vec<Place>,
        example: Option<Example>,
    ) {
        self.out.push(Finding {
            code,
            message,
            places,
            example,
            ids,
        });
    }

    /// A condition about the channel alone: it says, in the law's words, which channels an
    /// item is for, so it "always holds" on a procedure that offers only those channels
    /// without being wrong (and holds its meaning when a channel is added).
    fn channel_only(&self, c: &CExpr) -> bool {
        let mut read = Vec::new();
        crate::eval::collect_slots(c, &mut read);
        read.iter().all(|s| *s == self.channel || *s == self.online)
    }

    fn too_complex(&mut self, at: (u32, u32), why: Why) {
        if self.complex.contains(&at.0) {
            return;
        }
        self.complex.push(at.0);
        let reason = match why {
            Why::Budget => tr!(
                "more than {} combinations of the facts' values would have to be tried",
                "phải thử quá {} tổ hợp giá trị của các thông tin",
                group(solve::BUDGET)
            ),
            Why::Depth => tr!(
                "it is nested more than {} levels deep",
                "điều kiện lồng nhau quá {} tầng",
                solve::MAX_DEPTH
            ),
            Why::FactWithFact => tr!(
                "it compares a number, an amount, a date or a text with another fact",
                "điều kiện so sánh một số, số tiền, ngày hoặc văn bản với một thông tin khác"
            ),
            Why::Shape => tr!(
                "it compares the result of a condition, or reads a fact with no declared type",
                "điều kiện so sánh kết quả của một điều kiện, hoặc đọc thông tin chưa khai báo kiểu"
            ),
        };
        self.report(
            TOO_COMPLEX,
            Vec::new(),
            both!(
                "this rule is too complex to analyse: {}",
                "quy tắc này quá phức tạp để phân tích: {}";
                reason.en; reason.vi
            ),
            vec![Place {
                start: at.0,
                end: at.1,
                what: tr!("this rule", "quy tắc này"),
            }],
            None,
        );
    }

    /// The applicant of a witness in words, with what happens.
    fn example(&self, w: &Witness, channel: Option<ChannelKind>, outcome: Tr) -> Example {
        let channel = w.channel.or(channel);
        let mut facts: Vec<(String, Value)> = w
            .facts
            .iter()
            .map(|(s, v)| (self.slots.names[*s as usize].clone(), v.clone()))
            .collect();
        // The date last, as people say it.
        facts.sort_by_key(|(n, _)| n == "received");
        let mut vi = Vec::new();
        let mut en = Vec::new();
        if let Some(c) = channel {
            vi.push(format!("Cách thức thực hiện = {}", c.label(Lang::Vi)));
            en.push(format!("Channel = {}", c.label(Lang::En)));
        }
        for (n, v) in &facts {
            for (lang, out) in [(Lang::Vi, &mut vi), (Lang::En, &mut en)] {
                out.push(format!(
                    "{} = {}",
                    self.label(n, lang),
                    self.value_words(n, v, lang)
                ));
            }
        }
        let words = Tr {
            vi: format!(
                "ví dụ: {} → {}",
                join_or(&vi, "mọi người nộp hồ sơ"),
                outcome.vi
            ),
            en: format!("e.g. {} → {}", join_or(&en, "any applicant"), outcome.en),
        };
        Example {
            channel,
            facts,
            outcome,
            words,
        }
    }

    fn label(&self, fact: &str, lang: Lang) -> String {
        match (self.declared.get(fact), fact) {
            (Some(d), _) => d.label.get(lang).to_string(),
            (None, "received") => match lang {
                Lang::Vi => "Ngày tiếp nhận hồ sơ".into(),
                Lang::En => "Date of receipt".into(),
            },
            _ => fact.to_string(),
        }
    }

    fn value_words(&self, fact: &str, v: &Value, lang: Lang) -> String {
        match v {
            Value::Bool(b) => match (b, lang) {
                (true, Lang::Vi) => "có".into(),
                (false, Lang::Vi) => "không".into(),
                (true, Lang::En) => "yes".into(),
                (false, Lang::En) => "no".into(),
            },
            Value::Text(t) => match self.declared.get(fact) {
                Some(d) if matches!(d.ty, Type::Enum(_)) => d.value_words(t, lang).to_string(),
                _ => format!("\"{t}\""),
            },
            Value::Number(n) => match lang {
                Lang::Vi => n.to_string().replace('.', ","),
                Lang::En => n.to_string(),
            },
            Value::Money(m) => crate::wording::money(*m, lang),
            Value::Date(d) => crate::wording::date(*d, lang),
        }
    }

    fn cases(&mut self, cases: &[Option<Rule>]) {
        let p = self.p;
        let all = self.channels.clone();
        let mut live = vec![true; cases.len()];
        for (i, r) in cases.iter().enumerate() {
            let Some(r) = r else { continue };
            let (vi, en) = names(&p.dossier.cases[i].name);
            let at = (r.start, r.end);
            let place = Place {
                start: r.start,
                end: r.end,
                what: tr!("the case's condition", "điều kiện của trường hợp"),
            };
            match self.decide(at, &all, &[(&r.c, true)]) {
                Some(None) => {
                    live[i] = false;
                    let w = self.decide(at, &all, &[(&r.c, false)]).flatten();
                    let ex = w.map(|w| {
                        self.example(
                            &w,
                            None,
                            both!("the case «{}» does not apply", "trường hợp «{}» không áp dụng"; en; vi),
                        )
                    });
                    self.report(NEVER, vec![p.dossier.cases[i].id.value.to_string()], both!(
                            "the case «{}» never applies: its condition can never hold",
                            "trường hợp «{}» không bao giờ áp dụng: điều kiện của nó không bao giờ đúng";
                            en; vi
                        ), vec![place], ex);
                    continue;
                }
                None => {
                    live[i] = false;
                    continue;
                }
                Some(Some(w)) => {
                    if !self.channel_only(&r.c)
                        && let Some(None) = self.decide(at, &all, &[(&r.c, false)])
                    {
                        let ex = self.example(
                            &w,
                            None,
                            both!("the case «{}» applies", "trường hợp «{}» áp dụng"; en; vi),
                        );
                        self.report(ALWAYS, vec![p.dossier.cases[i].id.value.to_string()], both!(
                                "the condition of the case «{}» always holds: the case applies to every applicant",
                                "điều kiện của trường hợp «{}» luôn đúng: mọi người nộp hồ sơ đều thuộc trường hợp này";
                                en; vi
                            ), vec![place], Some(ex));
                    }
                }
            }
        }
        // Alternatives: every case says when it applies.
        if cases.len() < 2 || cases.iter().any(Option::is_none) {
            return;
        }
        let rules: Vec<&Rule> = cases.iter().flatten().collect();
        let span = (rules[0].start, rules[0].end);
        let gap: Vec<(&CExpr, bool)> = rules.iter().map(|r| (&r.c, false)).collect();
        if let Some(Some(w)) = self.decide(span, &all, &gap) {
            let ex = self.example(
                &w,
                None,
                tr!("no case applies", "không có trường hợp nào áp dụng"),
            );
            self.report(GAP, p.dossier.cases.iter().map(|c| c.id.value.to_string()).collect(), tr!(
                    "for some applicants none of the {} cases applies",
                    "có người nộp hồ sơ không thuộc trường hợp nào trong {} trường hợp",
                    rules.len()
                ), rules
                    .iter()
                    .zip(&p.dossier.cases)
                    .map(|(r, c)| Place {
                        start: r.start,
                        end: r.end,
                        what: both!("the condition of «{}»", "điều kiện của «{}»"; names(&c.name).1; names(&c.name).0),
                    })
                    .collect(), Some(ex));
        }
        for i in 0..rules.len() {
            for j in i + 1..rules.len() {
                if !live[i] || !live[j] {
                    continue;
                }
                let (a, b) = (rules[i], rules[j]);
                let Some(Some(w)) =
                    self.decide((b.start, b.end), &all, &[(&a.c, true), (&b.c, true)])
                else {
                    continue;
                };
                let (ai, bi) = (&p.dossier.cases[i].name, &p.dossier.cases[j].name);
                let ((avi, aen), (bvi, ben)) = (names(ai), names(bi));
                let ex = self.example(
                    &w,
                    None,
                    both!("both «{}» and «{}» apply", "cả «{}» và «{}» cùng áp dụng"; aen, ben; avi, bvi),
                );
                self.report(
                    OVERLAP,
                    vec![
                        p.dossier.cases[i].id.value.to_string(),
                        p.dossier.cases[j].id.value.to_string(),
                    ],
                    both!(
                        "the cases «{}» and «{}» can both apply to one applicant",
                        "hai trường hợp «{}» và «{}» có thể cùng áp dụng cho một người";
                        aen, ben; avi, bvi
                    ),
                    vec![
                        Place {
                            start: b.start,
                            end: b.end,
                            what: both!("the condition of «{}»", "điều kiện của «{}»"; ben; bvi),
                        },
                        Place {
                            start: a.start,
                            end: a.end,
                            what: both!("the condition of «{}»", "điều kiện của «{}»"; aen; avi),
                        },
                    ],
                    Some(ex),
                );
            }
        }
    }
}

fn value_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Bool(b) => serde_json::json!(b),
        Value::Number(n) => serde_json::json!(n.to_string()),
        Value::Money(m) => serde_json::json!(m.0),
        Value::Text(t) => serde_json::json!(&**t),
        Value::Date(d) => serde_json::json!(d.to_string()),
    }
}

/// The dates a condition compares the slot `received` with.
fn dates_compared(e: &CExpr, received: u16, out: &mut Vec<Date>) {
    match e {
        CExpr::Const(_) | CExpr::Slot(_) => {}
        CExpr::Not(e) => dates_compared(e, received, out),
        CExpr::And(es) | CExpr::Or(es) => es.iter().for_each(|e| dates_compared(e, received, out)),
        CExpr::Cmp(a, _, b) => {
            if let (CExpr::Slot(s), CExpr::Const(Value::Date(d)))
            | (CExpr::Const(Value::Date(d)), CExpr::Slot(s)) = (&**a, &**b)
                && *s == received
            {
                out.push(*d);
            }
        }
        CExpr::In(a, items) => {
            if matches!(**a, CExpr::Slot(s) if s == received) {
                out.extend(items.iter().filter_map(|v| match v {
                    Value::Date(d) => Some(*d),
                    _ => None,
                }));
            }
        }
    }
}

/// A name as [`squash_lower`] compares it, remembered on this thread: procedures repeat the
/// same document and fee names, and squashing each again was about a fifth of the analysis
/// of 70,000 generated procedures.
fn squashed(name: &str) -> Rc<str> {
    thread_local! {
        static SQUASHED: RefCell<foldhash::HashMap<Box<str>, Rc<str>>> = RefCell::default();
    }
    /// Names kept per thread before the memo starts over, to bound its memory.
    const KEPT: usize = 4096;
    SQUASHED.with(|memo| {
        if let Some(s) = memo.borrow().get(name) {
            return s.clone();
        }
        let s: Rc<str> = squash_lower(name).into();
        let mut memo = memo.borrow_mut();
        if memo.len() >= KEPT {
            memo.clear();
        }
        memo.insert(name.into(), s.clone());
        s
    })
}

fn group(n: usize) -> String {
    crate::money::group_thousands(n as i64, '.')
}

fn join_or(v: &[String], none: &str) -> String {
    if v.is_empty() {
        none.to_string()
    } else {
        v.join("; ")
    }
}

impl Cx<'_> {
    fn documents(
        &mut self,
        cases: &[Option<Rule>],
        docs: &[(Option<usize>, &DossierDoc, Option<Rule>)],
    ) {
        let all = self.channels.clone();
        // Cases that can apply (a case that never applies is reported on its own).
        let case_live: Vec<bool> = cases
            .iter()
            .map(|c| match c {
                None => true,
                Some(r) => matches!(self.ask(&all, &[(&r.c, true)]), Answer::Sat(_)),
            })
            .collect();
        for &(case, d, ref r) in docs {
            let Some(r) = r else { continue };
            if case.is_some_and(|c| !case_live[c]) {
                continue;
            }
            let ctx = case.and_then(|c| cases[c].as_ref());
            let (dvi, den) = names(&d.name);
            let at = (r.start, r.end);
            let mut parts: Vec<(&CExpr, bool)> = ctx.iter().map(|c| (&c.c, true)).collect();
            parts.push((&r.c, true));
            let Some(holds) = self.decide(at, &all, &parts) else {
                continue;
            };
            let place = Place {
                start: r.start,
                end: r.end,
                what: tr!("the document's condition", "điều kiện của giấy tờ"),
            };
            let case_place = |c: &Rule, i: usize| {
                let (cvi, cen) = names(&self.p.dossier.cases[i].name);
                Place {
                    start: c.start,
                    end: c.end,
                    what: both!("the condition of the case «{}»", "điều kiện của trường hợp «{}»"; cen; cvi),
                }
            };
            match holds {
                None => {
                    let alone = match ctx {
                        Some(_) => self.decide(at, &all, &[(&r.c, true)]),
                        None => Some(None),
                    };
                    let Some(alone) = alone else { continue };
                    let (message, places, w, outcome) = match (alone, ctx, case) {
                        (Some(_), Some(c), Some(i)) => {
                            let (cvi, cen) = names(&self.p.dossier.cases[i].name);
                            let w = self
                                .decide(at, &all, &[(&c.c, true), (&r.c, false)])
                                .flatten();
                            (
                                both!(
                                    "the document «{}» is never required: its condition never holds when the case «{}» applies",
                                    "giấy tờ «{}» không bao giờ được yêu cầu: điều kiện của nó không bao giờ đúng khi trường hợp «{}» áp dụng";
                                    den, cen; dvi, cvi
                                ),
                                vec![place, case_place(c, i)],
                                w,
                                both!(
                                    "the case «{}» applies, but «{}» is not required",
                                    "trường hợp «{}» áp dụng nhưng không yêu cầu «{}»";
                                    cen, den; cvi, dvi
                                ),
                            )
                        }
                        _ => {
                            let w = self.decide(at, &all, &[(&r.c, false)]).flatten();
                            (
                                both!(
                                    "the document «{}» is never required: its condition can never hold",
                                    "giấy tờ «{}» không bao giờ được yêu cầu: điều kiện của nó không bao giờ đúng";
                                    den; dvi
                                ),
                                vec![place],
                                w,
                                both!("«{}» is not required", "không yêu cầu «{}»"; den; dvi),
                            )
                        }
                    };
                    let example = w.map(|w| self.example(&w, None, outcome));
                    self.report(
                        NEVER,
                        vec![d.id.value.to_string()],
                        message,
                        places,
                        example,
                    );
                }
                Some(w) => {
                    let mut neg: Vec<(&CExpr, bool)> = ctx.iter().map(|c| (&c.c, true)).collect();
                    neg.push((&r.c, false));
                    if self.channel_only(&r.c) || !matches!(self.decide(at, &all, &neg), Some(None))
                    {
                        continue;
                    }
                    let outcome = both!("«{}» is required", "yêu cầu «{}»"; den; dvi);
                    let example = Some(self.example(&w, None, outcome));
                    let (message, places) = match (ctx, case) {
                        (Some(c), Some(i))
                            if matches!(self.ask(&all, &[(&r.c, false)]), Answer::Sat(_)) =>
                        {
                            let (cvi, cen) = names(&self.p.dossier.cases[i].name);
                            (
                                both!(
                                    "the condition of the document «{}» always holds when the case «{}» applies: it adds nothing",
                                    "điều kiện của giấy tờ «{}» luôn đúng khi trường hợp «{}» áp dụng: điều kiện này thừa";
                                    den, cen; dvi, cvi
                                ),
                                vec![place, case_place(c, i)],
                            )
                        }
                        _ => (
                            both!(
                                "the condition of the document «{}» always holds: every applicant must submit it",
                                "điều kiện của giấy tờ «{}» luôn đúng: mọi người nộp hồ sơ đều phải nộp giấy tờ này";
                                den; dvi
                            ),
                            vec![place],
                        ),
                    };
                    self.report(
                        ALWAYS,
                        vec![d.id.value.to_string()],
                        message,
                        places,
                        example,
                    );
                }
            }
        }
        // The same document twice for one applicant: same id or same name. Documents of two
        // cases count only when both cases say when they apply (imported cases without
        // conditions are alternatives whose choice is not written yet).
        // Each name is normalised once, not once per pair.
        let normed: Vec<Rc<str>> = docs.iter().map(|(_, d, _)| squashed(&d.name.vi)).collect();
        let same = |i: usize, j: usize| {
            let ((ca, a, _), (cb, b, _)) = (&docs[i], &docs[j]);
            let key = a.id.value == b.id.value || normed[i] == normed[j];
            let modelled = match (ca, cb) {
                (Some(x), Some(y)) if x != y => cases[*x].is_some() && cases[*y].is_some(),
                _ => true,
            };
            let live = |c: &Option<usize>| c.is_none_or(|c| case_live[c]);
            key && modelled && live(ca) && live(cb)
        };
        let mut grouped = vec![false; docs.len()];
        for i in 0..docs.len() {
            if grouped[i] {
                continue;
            }
            let mut again = Vec::new();
            let mut example = None;
            for j in i + 1..docs.len() {
                if grouped[j] || !same(i, j) {
                    continue;
                }
                let mut parts: Vec<(&CExpr, bool)> = Vec::new();
                for k in [i, j] {
                    let (c, _, r) = &docs[k];
                    if let Some(rc) = c.and_then(|c| cases[c].as_ref()) {
                        parts.push((&rc.c, true));
                    }
                    if let Some(r) = r {
                        parts.push((&r.c, true));
                    }
                }
                let b = docs[j].1;
                if let Some(Some(w)) = self.decide((b.id.start, b.id.end), &all, &parts) {
                    grouped[j] = true;
                    again.push(j);
                    example.get_or_insert(w);
                }
            }
            let Some(w) = example else { continue };
            let a = docs[i].1;
            let (dvi, den) = names(&a.name);
            let example = Some(self.example(
                &w,
                None,
                both!("«{}» is required more than once", "«{}» bị yêu cầu nhiều lần"; den; dvi),
            ));
            let mut places: Vec<Place> = again
                .iter()
                .map(|&j| Place {
                    start: docs[j].1.id.start,
                    end: docs[j].1.id.end,
                    what: tr!("listed again here", "liệt kê lại ở đây"),
                })
                .collect();
            places.push(Place {
                start: a.id.start,
                end: a.id.end,
                what: tr!("first listed here", "liệt kê lần đầu ở đây"),
            });
            self.report(DUP_DOC, std::iter::once(i).chain(again.iter().copied()).map(|k| docs[k].1.id.value.to_string()).collect(), both!(
                    "the document «{}» is listed {} times and can be required more than once from one applicant",
                    "giấy tờ «{}» được liệt kê {} lần và có thể bị yêu cầu nhiều lần đối với một người";
                    den, again.len() + 1; dvi, again.len() + 1
                ), places, example);
        }
    }

    /// Fee conditions, per channel; a fee list shared by several channels (a YAML anchor)
    /// is judged over all of them at once.
    fn fees(&mut self, whens: &[Vec<Option<Rule>>]) {
        let p = self.p;
        // (rule start) → channels it is on, with the rule.
        let mut groups: Vec<(u32, Vec<ChannelKind>, usize, usize)> = Vec::new();
        for (ci, ch) in p.channels.iter().enumerate() {
            for (fi, r) in whens[ci].iter().enumerate() {
                let Some(r) = r else { continue };
                match groups.iter_mut().find(|g| g.0 == r.start) {
                    Some(g) => g.1.push(*ch.kind),
                    None => groups.push((r.start, vec![*ch.kind], ci, fi)),
                }
            }
        }
        for (_, chans, ci, fi) in &groups {
            let r = whens[*ci][*fi].as_ref().expect("grouped rules exist");
            let f = &p.channels[*ci].fees[*fi];
            let (fvi, fen) = names(&f.name);
            let at = (r.start, r.end);
            let place = Place {
                start: r.start,
                end: r.end,
                what: tr!("the fee's condition", "điều kiện thu phí"),
            };
            let first = chans.first().copied();
            let Some(holds) = self.decide(at, chans, &[(&r.c, true)]) else {
                continue;
            };
            match holds {
                None => {
                    let w = self.decide(at, chans, &[(&r.c, false)]).flatten();
                    let example = w.map(|w| {
                        self.example(
                            &w,
                            first,
                            both!("«{}» is not charged", "không thu «{}»"; fen; fvi),
                        )
                    });
                    self.report(NEVER, vec![f.id.value.to_string()], both!(
                            "the fee «{}» is never charged: its condition can never hold on {}",
                            "khoản phí «{}» không bao giờ được thu: điều kiện của nó không bao giờ đúng với cách thức {}";
                            fen, chan_list(chans, Lang::En); fvi, chan_list(chans, Lang::Vi)
                        ), vec![place], example);
                }
                Some(w) => {
                    if !self.channel_only(&r.c)
                        && matches!(self.decide(at, chans, &[(&r.c, false)]), Some(None))
                    {
                        let example = Some(self.example(
                            &w,
                            first,
                            both!("«{}» is charged", "thu «{}»"; fen; fvi),
                        ));
                        self.report(ALWAYS, vec![f.id.value.to_string()], both!(
                                "the condition of the fee «{}» always holds on {}: it is charged to every applicant",
                                "điều kiện thu khoản phí «{}» luôn đúng với cách thức {}: mọi người nộp hồ sơ đều phải nộp";
                                fen, chan_list(chans, Lang::En); fvi, chan_list(chans, Lang::Vi)
                            ), vec![place], example);
                    }
                }
            }
        }
        // The same fee twice on one channel: same id or same name, both charged. A fee list
        // shared by channels (an anchor) is reported once.
        let mut reported: Vec<u32> = Vec::new();
        for (ci, ch) in p.channels.iter().enumerate() {
            let k = *ch.kind;
            let mut grouped = vec![false; ch.fees.len()];
            let normed: Vec<Rc<str>> = ch.fees.iter().map(|f| squashed(&f.name.vi)).collect();
            for i in 0..ch.fees.len() {
                if grouped[i] {
                    continue;
                }
                let a = &ch.fees[i];
                let mut again = Vec::new();
                let mut example = None;
                for j in i + 1..ch.fees.len() {
                    let b = &ch.fees[j];
                    if grouped[j] || !(a.id.value == b.id.value || normed[i] == normed[j]) {
                        continue;
                    }
                    let parts: Vec<(&CExpr, bool)> = [&whens[ci][i], &whens[ci][j]]
                        .into_iter()
                        .flatten()
                        .map(|r| (&r.c, true))
                        .collect();
                    if let Some(Some(w)) = self.decide((b.id.start, b.id.end), &[k], &parts) {
                        grouped[j] = true;
                        again.push(j);
                        example.get_or_insert(w);
                    }
                }
                let Some(w) = example else { continue };
                if reported.contains(&a.id.start) {
                    continue;
                }
                reported.push(a.id.start);
                let (fvi, fen) = names(&a.name);
                let example = Some(self.example(
                    &w,
                    Some(k),
                    both!("«{}» is charged more than once", "«{}» bị thu nhiều lần"; fen; fvi),
                ));
                let mut places: Vec<Place> = again
                    .iter()
                    .map(|&j| Place {
                        start: ch.fees[j].id.start,
                        end: ch.fees[j].id.end,
                        what: tr!("listed again here", "liệt kê lại ở đây"),
                    })
                    .collect();
                places.push(Place {
                    start: a.id.start,
                    end: a.id.end,
                    what: tr!("first listed here", "liệt kê lần đầu ở đây"),
                });
                self.report(DUP_FEE, std::iter::once(i).chain(again.iter().copied()).map(|k| ch.fees[k].id.value.to_string()).collect(), both!(
                        "the fee «{}» is listed {} times on {} and can be charged more than once to one applicant",
                        "khoản phí «{}» được liệt kê {} lần ở cách thức {} và có thể bị thu nhiều lần của một người";
                        fen, again.len() + 1, k.label(Lang::En).to_lowercase(); fvi, again.len() + 1, k.label(Lang::Vi).to_lowercase()
                    ), places, example);
            }
        }
    }
}

fn chan_list(chans: &[ChannelKind], lang: Lang) -> String {
    chans
        .iter()
        .map(|c| c.label(lang).to_lowercase())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a branch is, for messages.
struct Branch {
    /// "the deadline «…»" / "the amount of «fee»".
    what: Tr,
    /// Channels it is on.
    chans: Vec<ChannelKind>,
}

impl Cx<'_> {
    /// Branches of deadlines and fee amounts (`A when c else B`).
    fn branches(&mut self, today: Date) {
        let p = self.p;
        let mut done: Vec<u32> = Vec::new();
        for ch in &p.channels {
            if done.contains(&ch.deadline.start) {
                continue;
            }
            done.push(ch.deadline.start);
            let chans: Vec<ChannelKind> = p
                .channels
                .iter()
                .filter(|c| c.deadline.start == ch.deadline.start)
                .map(|c| *c.kind)
                .collect();
            let mut prev: Vec<Rule> = Vec::new();
            let mut d = &ch.deadline.value;
            while let Deadline::When {
                then,
                cond,
                otherwise,
            } = d
            {
                let r = rule(cond, &mut self.slots);
                let words = format!("{} {}", then.amount, then.unit.word_vi());
                let en = then.to_string();
                let b = Branch {
                    what: both!("the deadline {} when this holds", "thời hạn {} khi điều kiện này đúng"; en; words),
                    chans: chans.clone(),
                };
                self.branch(&b, &[], &prev, &r, today);
                prev.push(r);
                d = otherwise;
            }
        }
        for ch in &p.channels {
            for f in &ch.fees {
                if done.contains(&f.amount.start) {
                    continue;
                }
                done.push(f.amount.start);
                let FeeRule::Amount(e) = &f.amount.value else {
                    continue;
                };
                let chans: Vec<ChannelKind> = p
                    .channels
                    .iter()
                    .filter(|c| c.fees.iter().any(|g| g.amount.start == f.amount.start))
                    .map(|c| *c.kind)
                    .collect();
                let base = f.when.as_ref().map(|w| cond(w, &mut self.slots));
                let (fvi, fen) = names(&f.name);
                let b = Branch {
                    what: both!("the amount of «{}» when this holds", "mức thu «{}» khi điều kiện này đúng"; fen; fvi),
                    chans,
                };
                self.fee_branches(&b, base.as_ref(), e, &mut Vec::new(), today);
            }
        }
    }

    fn fee_branches(
        &mut self,
        b: &Branch,
        base: Option<&Rule>,
        e: &FeeExpr,
        prev: &mut Vec<(Rule, bool)>,
        today: Date,
    ) {
        match e {
            FeeExpr::Price(_) | FeeExpr::Tiers { .. } | FeeExpr::Percent { .. } => {}
            FeeExpr::Per(inner, ..) | FeeExpr::Bounded(inner, _) => {
                self.fee_branches(b, base, inner, prev, today)
            }
            FeeExpr::Sum(v) => v
                .iter()
                .for_each(|x| self.fee_branches(b, base, x, prev, today)),
            FeeExpr::When {
                then,
                cond,
                otherwise,
            } => {
                let r = rule(cond, &mut self.slots);
                // Reached when the fee is charged and the branches on the path came out as
                // they did (`prev`).
                let own: Vec<(CExpr, bool)> = base.iter().map(|r| (r.c.clone(), true)).collect();
                self.branch_in(b, &own, prev, &r, today);
                prev.push((r, true));
                self.fee_branches(b, base, then, prev, today);
                let (r, _) = prev.pop().expect("pushed");
                prev.push((r, false));
                self.fee_branches(b, base, otherwise, prev, today);
                prev.pop();
            }
        }
    }

    /// A deadline branch: the earlier branches did not apply.
    fn branch(&mut self, b: &Branch, base: &[(CExpr, bool)], prev: &[Rule], r: &Rule, today: Date) {
        let prev: Vec<(Rule, bool)> = prev
            .iter()
            .map(|r| {
                (
                    Rule {
                        c: r.c.clone(),
                        start: r.start,
                        end: r.end,
                    },
                    false,
                )
            })
            .collect();
        self.branch_in(b, base, &prev, r, today);
    }

    /// One branch `r`, reached when every `(rule, held)` of `prev` came out as `held`.
    fn branch_in(
        &mut self,
        b: &Branch,
        base: &[(CExpr, bool)],
        prev: &[(Rule, bool)],
        r: &Rule,
        today: Date,
    ) {
        let chans = b.chans.clone();
        let at = (r.start, r.end);
        let mut ctx: Vec<(&CExpr, bool)> = base.iter().map(|(c, w)| (c, *w)).collect();
        ctx.extend(prev.iter().map(|(r, w)| (&r.c, *w)));
        let place = Place {
            start: r.start,
            end: r.end,
            what: b.what.clone(),
        };
        let earlier: Vec<Place> = prev
            .iter()
            .filter(|(_, w)| !*w)
            .map(|(r, _)| Place {
                start: r.start,
                end: r.end,
                what: tr!("an earlier branch", "nhánh trước"),
            })
            .collect();
        let mut with = ctx.clone();
        with.push((&r.c, true));
        let Some(holds) = self.decide(at, &chans, &with) else {
            return;
        };
        let first = chans.first().copied();
        match holds {
            None => {
                // Without the earlier branches (the enclosing ones still count).
                let mut alone: Vec<(&CExpr, bool)> = base.iter().map(|(c, w)| (c, *w)).collect();
                alone.extend(prev.iter().filter(|(_, w)| *w).map(|(r, w)| (&r.c, *w)));
                alone.push((&r.c, true));
                let Some(alone) = self.decide(at, &chans, &alone) else {
                    return;
                };
                match alone {
                    Some(w) if !earlier.is_empty() => {
                        let ex = self.example(
                            &w,
                            first,
                            tr!(
                                "an earlier branch applies instead",
                                "nhánh trước được áp dụng thay cho nhánh này"
                            ),
                        );
                        let mut places = vec![place];
                        places.extend(earlier);
                        self.report(MASKED, Vec::new(), both!(
                                "{} is never used: whenever its condition holds, an earlier branch applies",
                                "{} không bao giờ được dùng: mỗi khi điều kiện này đúng thì một nhánh trước đã được áp dụng";
                                b.what.en; b.what.vi
                            ), places, Some(ex));
                    }
                    _ => {
                        let mut neg: Vec<(&CExpr, bool)> = ctx.clone();
                        neg.push((&r.c, false));
                        let w = self.decide(at, &chans, &neg).flatten();
                        let ex = w.map(|w| {
                            self.example(
                                &w,
                                first,
                                tr!("this branch does not apply", "nhánh này không áp dụng"),
                            )
                        });
                        self.report(
                            NEVER,
                            Vec::new(),
                            both!(
                                "{} is never used: the condition can never hold",
                                "{} không bao giờ được dùng: điều kiện không bao giờ đúng";
                                b.what.en; b.what.vi
                            ),
                            vec![place],
                            ex,
                        );
                    }
                }
            }
            Some(w) => {
                let mut neg = ctx.clone();
                neg.push((&r.c, false));
                if !self.channel_only(&r.c) && matches!(self.decide(at, &chans, &neg), Some(None)) {
                    let ex = self.example(
                        &w,
                        first,
                        tr!("this branch applies", "nhánh này được áp dụng"),
                    );
                    self.report(ALWAYS, Vec::new(), both!(
                            "the condition of {} always holds here: what follows `else` is never used",
                            "điều kiện của {} luôn đúng ở đây: phần sau `else` (nếu không) không bao giờ được dùng";
                            b.what.en; b.what.vi
                        ), vec![place], Some(ex));
                    return;
                }
                self.stale(at, &chans, &with, today, place, &b.what, Vec::new());
            }
        }
    }

    /// A rule that can hold, but no longer on or after the catalogue's date.
    #[allow(clippy::too_many_arguments)]
    fn stale(
        &mut self,
        at: (u32, u32),
        chans: &[ChannelKind],
        parts: &[(&CExpr, bool)],
        today: Date,
        place: Place,
        what: &Tr,
        ids: Vec<String>,
    ) {
        let mut read = Vec::new();
        for (c, _) in parts {
            crate::eval::collect_slots(c, &mut read);
        }
        if !read.contains(&self.received) {
            return;
        }
        let from_today = solve::cmp(self.received, CmpOp::Ge, Value::Date(today));
        let mut now = parts.to_vec();
        now.push((&from_today, true));
        if !matches!(self.decide(at, chans, &now), Some(None)) {
            return;
        }
        // Its last day: the latest date compared with the date of receipt (or the day
        // before it) on which it can still apply. The example is the day after, so what is
        // shown does not depend on the day the check runs.
        let mut days: Vec<Date> = Vec::new();
        for (c, _) in parts {
            dates_compared(c, self.received, &mut days);
        }
        let mut candidates: Vec<Date> = days
            .iter()
            .flat_map(|d| [Some(*d), d.yesterday().ok()])
            .flatten()
            .filter(|d| *d < today)
            .collect();
        candidates.sort_unstable_by(|a, b| b.cmp(a));
        candidates.dedup();
        let mut last = None;
        for d in candidates {
            let on = solve::cmp(self.received, CmpOp::Eq, Value::Date(d));
            let mut q = parts.to_vec();
            q.push((&on, true));
            if matches!(self.decide(at, chans, &q), Some(Some(_))) {
                last = Some(d);
                break;
            }
        }
        let after = last.and_then(|d| d.tomorrow().ok()).unwrap_or(today);
        let on_day = solve::cmp(self.received, CmpOp::Eq, Value::Date(after));
        let facts: Vec<(&CExpr, bool)> = parts
            .iter()
            .copied()
            .filter(|(c, _)| {
                let mut r = Vec::new();
                crate::eval::collect_slots(c, &mut r);
                !r.contains(&self.received)
            })
            .chain([(&on_day, true)])
            .collect();
        let w = self.decide(at, chans, &facts).flatten();
        let ex = w.map(|w| {
            self.example(
                &w,
                chans.first().copied(),
                both!("{} no longer applies", "{} không còn áp dụng"; what.en; what.vi),
            )
        });
        let message = match last {
            Some(d) => both!(
                "{} can no longer apply: its last day was {}, before the date checked",
                "{} không còn áp dụng được nữa: ngày cuối cùng áp dụng là {}, trước ngày kiểm tra";
                what.en, crate::wording::date(d, Lang::En); what.vi, crate::wording::date(d, Lang::Vi)
            ),
            None => both!(
                "{} can no longer apply: it ended before the date checked",
                "{} không còn áp dụng được nữa: đã hết hạn trước ngày kiểm tra";
                what.en; what.vi
            ),
        };
        self.report(STALE, ids, message, vec![place], ex);
    }

    fn discounts(
        &mut self,
        whens: &[Option<Rule>],
        fee_whens: &[Vec<Option<Rule>>],
        o: &Options<'_>,
    ) {
        let p = self.p;
        // Per discount: the channels with a fee it targets, and its window as conditions.
        let targets = |d: &crate::model::DiscountRule, id: &str| match &d.rule.targets {
            Targets::All => true,
            Targets::Items(items) => items.iter().any(|(n, _)| n == id),
        };
        let windows: Vec<Vec<CExpr>> = p
            .discounts
            .rules
            .iter()
            .map(|d| {
                let mut w = Vec::new();
                if let Some(f) = d.rule.from {
                    w.push(solve::cmp(self.received, CmpOp::Ge, Value::Date(f)));
                }
                if let Some(u) = d.rule.until {
                    w.push(solve::cmp(self.received, CmpOp::Le, Value::Date(u)));
                }
                w
            })
            .collect();
        let mut live = vec![false; p.discounts.rules.len()];
        for (k, d) in p.discounts.rules.iter().enumerate() {
            let chans: Vec<ChannelKind> = p
                .channels
                .iter()
                .filter(|c| c.fees.iter().any(|f| targets(d, &f.id)))
                .map(|c| *c.kind)
                .collect();
            if chans.is_empty() {
                continue;
            }
            let id = d.id.value.clone();
            let at = (d.rule.start, d.rule.end);
            let place = Place {
                start: d.rule.start,
                end: d.rule.end,
                what: both!("the discount «{}»", "mức giảm «{}»"; id; id),
            };
            let first = chans.first().copied();
            if let Some(w) = &whens[k] {
                let Some(holds) = self.decide(at, &chans, &[(&w.c, true)]) else {
                    continue;
                };
                match holds {
                    None => {
                        let ex = self
                            .decide(at, &chans, &[(&w.c, false)])
                            .flatten()
                            .map(|x| self.example(&x, first, both!("the discount «{}» does not apply", "không áp dụng mức giảm «{}»"; id; id)));
                        self.report(NEVER, vec![id.to_string()], both!(
                                "the discount «{}» never applies: its condition can never hold",
                                "mức giảm «{}» không bao giờ được áp dụng: điều kiện của nó không bao giờ đúng";
                                id; id
                            ), vec![place], ex);
                        continue;
                    }
                    Some(x) => {
                        if !self.channel_only(&w.c)
                            && matches!(self.decide(at, &chans, &[(&w.c, false)]), Some(None))
                        {
                            // On a day inside its window, when it has one.
                            let mut inside: Vec<(&CExpr, bool)> = vec![(&w.c, true)];
                            inside.extend(windows[k].iter().map(|c| (c, true)));
                            let x = self.decide(at, &chans, &inside).flatten().unwrap_or(x);
                            let ex = self.example(
                                &x,
                                first,
                                both!("the discount «{}» applies", "áp dụng mức giảm «{}»"; id; id),
                            );
                            self.report(ALWAYS, vec![id.to_string()], both!(
                                    "the condition of the discount «{}» always holds: it adds nothing",
                                    "điều kiện của mức giảm «{}» luôn đúng: điều kiện này thừa";
                                    id; id
                                ), vec![place.clone()], Some(ex));
                        }
                    }
                }
            }
            let mut eff: Vec<(&CExpr, bool)> = whens[k].iter().map(|w| (&w.c, true)).collect();
            eff.extend(windows[k].iter().map(|c| (c, true)));
            let Some(holds) = self.decide(at, &chans, &eff) else {
                continue;
            };
            let window_place = Place {
                start: d.rule.window_pos.start,
                end: d.rule.window_pos.end,
                what: tr!("its validity window", "thời hạn áp dụng"),
            };
            if holds.is_none() {
                // Its condition can hold (checked above), its dates cannot: the effective
                // window ends before it starts.
                let w = self
                    .decide(
                        at,
                        &chans,
                        &whens[k].iter().map(|w| (&w.c, true)).collect::<Vec<_>>(),
                    )
                    .flatten();
                let ex = w.map(|w| self.example(&w, first, both!("the discount «{}» does not apply on any date", "mức giảm «{}» không áp dụng vào ngày nào"; id; id)));
                let mut places = vec![place];
                if d.rule.window_pos.end > d.rule.window_pos.start {
                    places.push(window_place);
                }
                self.report(WINDOW, vec![id.to_string()], both!(
                        "the discount «{}» ends before it starts (its dates together with its condition on the date of receipt)",
                        "mức giảm «{}» kết thúc trước khi bắt đầu (thời hạn cùng với điều kiện về ngày tiếp nhận hồ sơ)";
                        id; id
                    ), places, ex);
                continue;
            }
            live[k] = true;
            let what = both!("the discount «{}»", "mức giảm «{}»"; id; id);
            let before = self.out.len();
            self.stale(
                at,
                &chans,
                &eff,
                o.today,
                place.clone(),
                &what,
                vec![id.to_string()],
            );
            if self.out.len() > before {
                continue;
            }
            // Starts after the act behind it lapsed.
            let lapsed = o
                .manifest
                .legal
                .iter()
                .find(|l| l.id.value == d.basis.value)
                .and_then(|l| l.lapsed);
            if let Some(l) = lapsed {
                let by_lapse = solve::cmp(self.received, CmpOp::Le, Value::Date(l));
                let mut then = eff.clone();
                then.push((&by_lapse, true));
                if matches!(self.decide(at, &chans, &then), Some(None)) {
                    let on_day = solve::cmp(self.received, CmpOp::Eq, Value::Date(l));
                    let mut q: Vec<(&CExpr, bool)> =
                        whens[k].iter().map(|w| (&w.c, true)).collect();
                    q.push((&on_day, true));
                    let w = self.decide(at, &chans, &q).flatten();
                    let (lvi, len) = (
                        crate::wording::date(l, Lang::Vi),
                        crate::wording::date(l, Lang::En),
                    );
                    let ex = w.map(|w| self.example(&w, first, both!("the act has lapsed and the discount «{}» has not started", "văn bản đã hết hiệu lực mà mức giảm «{}» chưa bắt đầu"; id; id)));
                    let act = o
                        .manifest
                        .legal
                        .iter()
                        .find(|x| x.id.value == d.basis.value)
                        .map(|x| x.number.value.clone())
                        .unwrap_or_default();
                    self.report(
                        AFTER_LAPSE,
                        vec![id.to_string()],
                        both!(
                            "the discount «{}» starts after its act {} lapsed ({})",
                            "mức giảm «{}» bắt đầu sau khi văn bản {} hết hiệu lực ({})";
                            id, act, len; id, act, lvi
                        ),
                        vec![
                            place,
                            Place {
                                start: d.basis.start,
                                end: d.basis.end,
                                what: tr!("the act it cites", "văn bản được dẫn"),
                            },
                        ],
                        ex,
                    );
                }
            }
        }
        if p.discounts.stacking_stated {
            return;
        }
        // Two discounts of one fee that can apply together, with no stacking rule written.
        let rules = &p.discounts.rules;
        for a in 0..rules.len() {
            for b in a + 1..rules.len() {
                if !live[a] || !live[b] {
                    continue;
                }
                let mut found = false;
                'chans: for (ci, ch) in p.channels.iter().enumerate() {
                    for (fi, f) in ch.fees.iter().enumerate() {
                        if !targets(&rules[a], &f.id) || !targets(&rules[b], &f.id) {
                            continue;
                        }
                        let mut parts: Vec<(&CExpr, bool)> = Vec::new();
                        for k in [a, b] {
                            parts.extend(whens[k].iter().map(|w| (&w.c, true)));
                            parts.extend(windows[k].iter().map(|c| (c, true)));
                        }
                        parts.extend(fee_whens[ci][fi].iter().map(|w| (&w.c, true)));
                        let at = (rules[b].rule.start, rules[b].rule.end);
                        let Some(Some(w)) = self.decide(at, &[*ch.kind], &parts) else {
                            continue;
                        };
                        let (ia, ib) = (rules[a].id.value.clone(), rules[b].id.value.clone());
                        let (fvi, fen) = names(&f.name);
                        let ex = self.example(
                            &w,
                            Some(*ch.kind),
                            both!(
                                "both «{}» and «{}» apply to «{}»",
                                "cả «{}» và «{}» cùng áp dụng cho «{}»";
                                ia, ib, fen; ia, ib, fvi
                            ),
                        );
                        self.report(DISCOUNT_OVERLAP, vec![ia.to_string(), ib.to_string()], both!(
                                "the discounts «{}» and «{}» of «{}» can apply together, and no stacking rule says how they combine (only the larger one is taken)",
                                "hai mức giảm «{}» và «{}» của «{}» có thể cùng áp dụng mà không có quy tắc cộng dồn (stacking) nói cách kết hợp (hiện chỉ lấy mức giảm lớn hơn)";
                                ia, ib, fen; ia, ib, fvi
                            ), vec![
                                Place { start: rules[b].rule.start, end: rules[b].rule.end, what: both!("the discount «{}»", "mức giảm «{}»"; ib; ib) },
                                Place { start: rules[a].rule.start, end: rules[a].rule.end, what: both!("the discount «{}»", "mức giảm «{}»"; ia; ia) },
                            ], Some(ex));
                        found = true;
                        break 'chans;
                    }
                }
                let _ = found;
            }
        }
    }
}

#[cfg(test)]
mod tests;
