//! `thutuc site -o DIR`: the catalogue (or a province's localised catalogue) as a static
//! website, written whole beside DIR and put in its place in one step.

use super::procedure::{UsageError, usage};
use super::{Global, Outcome};
use crate::atomic::StagedDir;
use crate::diag::Severity;
use crate::exit;
use crate::export::site;
use crate::tr;
use std::path::{Path, PathBuf};

/// Options of `site`.
#[derive(Debug, Clone)]
pub struct Options {
    /// A province overlay's id: its localised procedures.
    pub province: Option<String>,
    /// The folder to write.
    pub output: PathBuf,
}

/// Whether a folder may be replaced by the site: it does not exist, is empty, or holds a
/// site written before (its marker file).
fn replaceable(dir: &Path) -> Result<(), UsageError> {
    let shown = dir.display().to_string();
    match std::fs::symlink_metadata(dir) {
        Err(_) => Ok(()),
        Ok(m) if m.file_type().is_symlink() => Err(usage(
            tr!(
                "{shown} is a symbolic link: the site is not written through a link",
                "{shown} là một liên kết tượng trưng: không ghi trang web qua liên kết"
            ),
            None,
        )),
        Ok(m) if !m.is_dir() => Err(usage(
            tr!(
                "{shown} exists and is not a folder",
                "{shown} đã tồn tại và không phải là thư mục"
            ),
            None,
        )),
        Ok(_) => {
            let empty = std::fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty || dir.join(site::MARKER).is_file() {
                Ok(())
            } else {
                Err(usage(
                    tr!(
                        "{shown} holds other files: the site replaces the whole folder, so it is written only into a new or empty folder, or over a site written before",
                        "{shown} đang chứa các tệp khác: trang web thay cả thư mục nên chỉ được ghi vào thư mục mới hoặc trống, hoặc đè lên trang web đã tạo trước đó"
                    ),
                    Some(tr!(
                        "choose another folder with -o",
                        "hãy chọn thư mục khác với -o"
                    )),
                ))
            }
        }
    }
}

/// Runs `site`.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, UsageError> {
    let limits = g.limits();
    let loaded = super::procedure::load_all(g, &limits)?;
    let lang = g.lang.unwrap_or(loaded.catalogue.manifest.language);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    // A site drawn from files with errors would publish rules that are not in force.
    if !errors.is_empty() {
        return Ok(super::stopped_by(&errors, loaded.files, lang, g.color));
    }
    let cat = &loaded.catalogue;
    let province = match &o.province {
        None => None,
        Some(id) => Some(
            cat.provinces
                .iter()
                .find(|p| {
                    crate::vietnamese::same_name(id, &p.id)
                        || crate::vietnamese::same_name(id, &p.name.vi)
                })
                .ok_or_else(|| {
                    let ids: Vec<&str> = cat.provinces.iter().map(|p| p.id.as_str()).collect();
                    usage(
                        tr!(
                            "there is no province overlay {id} in provinces/",
                            "không có tệp địa phương {id} trong provinces/"
                        ),
                        Some(crate::diag::suggest(id, &ids)),
                    )
                })?,
        ),
    };
    let procedures: Vec<_> = match province {
        Some(p) => crate::province::localise(p, &cat.procedures),
        None => cat.procedures.clone(),
    }
    .into_iter()
    // The site shows what is in force; an abolished procedure is only the record of it.
    .filter(|p| !p.is_abolished())
    .collect();
    replaceable(&o.output)?;
    let pages = site::pages(cat, &procedures, province);
    let io = |e: std::io::Error| {
        let shown = o.output.display().to_string();
        let (en, vi) = (e.to_string(), crate::messages::os_error_vi(&e.to_string()));
        usage(
            crate::diag::Tr {
                en: format!("cannot write the site to {shown}: {en}"),
                vi: format!("không ghi được trang web vào {shown}: {vi}"),
            },
            None,
        )
    };
    let mut stage = StagedDir::new(&o.output).map_err(io)?;
    // The site is replaced whole: a page of a procedure since removed must not stay.
    for e in std::fs::read_dir(stage.path()).map_err(io)? {
        let e = e.map_err(io)?;
        if e.file_type().map_err(io)?.is_dir() {
            std::fs::remove_dir_all(e.path()).map_err(io)?;
        } else {
            std::fs::remove_file(e.path()).map_err(io)?;
        }
    }
    for (rel, text) in &pages {
        stage.write(Path::new(rel), text.as_bytes()).map_err(io)?;
    }
    stage.commit().map_err(io)?;
    let n = procedures.len();
    let shown = o.output.join("index.html").display().to_string();
    let said = tr!(
        "wrote {n} procedure pages in Vietnamese and English; open {shown}",
        "đã ghi {n} trang thủ tục bằng tiếng Việt và tiếng Anh; mở {shown}"
    );
    Ok(Outcome::out(format!("{}\n", said.get(lang)), exit::OK))
}
