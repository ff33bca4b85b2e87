//! The `thutuc` command line: parse arguments, call the library, map errors to exit codes.

use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use thutuc::cmd::{self, Global, decision, diff, eval, import, log, metrics, show, test, validate};
use thutuc::diag::Lang;
use thutuc::exit;
use thutuc::messages::Localized;

// glibc's allocator was a fifth of the time of parsing many small YAML files on several
// threads; mimalloc halves that (version 2: see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Gives back what the pool's threads freed: mimalloc keeps a block freed by another thread
/// on its owner's list until the owner next allocates, so memory a large catalogue freed
/// would otherwise stay held while the output is built beside it.
fn release_freed_memory() {
    // SAFETY: `mi_collect` only tidies mimalloc's own heaps, which the global allocator
    // above uses; it is safe to call on any thread at any time.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    // SAFETY: as above, for this thread's heap and the memory the others gave back.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Author, validate, review and simplify catalogues of administrative procedures.
#[derive(Parser, Debug)]
#[command(name = "thutuc", version, about, max_term_width = 100)]
struct Cli {
    /// The catalogue directory (default: ./catalogue, else the bundled catalogue).
    #[arg(short = 'C', long = "catalogue", global = true, value_name = "DIR")]
    catalogue: Option<PathBuf>,
    /// Language of messages: vi or en (default: the catalogue's language).
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// When to colour output (NO_COLOR is respected with `auto`).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Change a limit on input files (repeatable; wins over `limits:` in catalogue.yaml).
    /// Keys: max_file_size (default 4MiB), max_depth (64), max_alias_nodes (200000),
    /// max_rule_length (4096 bytes), max_record_size (16MiB, for import). Sizes take KB, MB, KiB, MiB, e.g. max_file_size=8MiB.
    #[arg(long = "limit", global = true, value_name = "KEY=VALUE")]
    limits: Vec<thutuc::limits::Override>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check the catalogue: every error of every file, with file, line and column.
    Validate {
        /// Only report findings in these files or folders.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = validate::Format::Human)]
        format: validate::Format,
        /// Only check procedures changed since this git revision (committed or not).
        #[arg(long, value_name = "REV")]
        changed_since: Option<String>,
        /// Report this group of warnings as errors (exit 1): `analysis`.
        #[arg(long, value_enum, value_name = "GROUP")]
        deny: Vec<validate::Deny>,
        /// The catalogue's date for the rule analysis (windows ended before it are stale);
        /// default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        at: Option<jiff::civil::Date>,
    },
    /// Run the scenario tests in the catalogue's tests/ folder.
    Test {
        /// Output format.
        #[arg(long, value_enum, default_value_t = test::Format::Human)]
        format: test::Format,
    },
    /// A procedure's card: the facts eval needs (label, type, values), channels with
    /// deadlines and fees, documents by case, legal basis.
    Show {
        /// Procedure code (e.g. 1.004222) or name, with or without accents.
        code: String,
        /// Output format (html, docx: a printable card under the portal's headings).
        #[arg(long, value_enum, default_value_t = show::Format::Human)]
        format: show::Format,
        /// Write to this file (written atomically; docx needs it).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE when it exists.
        #[arg(long)]
        force: bool,
    },
    /// List procedures by code or name (without accents, in any case), best matches first;
    /// filter by field, level, agency or channel.
    List {
        /// Words of the code or name.
        text: Option<String>,
        /// Only this field: its id or name, with or without accents.
        #[arg(long, value_name = "F")]
        field: Option<String>,
        /// Only this level: its id or name, with or without accents.
        #[arg(long, value_name = "L")]
        level: Option<String>,
        /// Only procedures whose agency's name holds these words.
        #[arg(long, value_name = "A")]
        agency: Option<String>,
        /// Only procedures offering this channel: its id or name, with or without accents
        /// (direct, in person, online_full).
        #[arg(long, value_name = "C")]
        channel: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = cmd::list::Format::Human)]
        format: cmd::list::Format,
    },
    /// Evaluate a procedure for one applicant: documents, fees, deadline and due date.
    Eval {
        /// Procedure code, e.g. 1.004222.
        code: String,
        /// A YAML or JSON file of applicant facts (`fact: value`).
        #[arg(long, value_name = "FILE")]
        facts: Option<PathBuf>,
        /// An applicant fact (repeatable); wins over --facts.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Channel, by id or by name with or without accents: direct, postal, online_full or
        /// online_partial (default: direct if offered).
        #[arg(long)]
        channel: Option<String>,
        /// When the complete dossier was received: 24/01/2025, "24/01/2025 10:30",
        /// 2025-01-24 or 2025-01-24T10:30.
        #[arg(long, value_name = "DATETIME")]
        received: Option<String>,
        /// Explain each rule: whether it applied, the facts it read, its legal basis.
        #[arg(long)]
        explain: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = eval::Format::Human)]
        format: eval::Format,
    },
    /// Semantic diff of two revisions (git revisions or directories; REV_B: the working tree).
    Diff {
        /// The older revision: a commit, tag, branch, `HEAD~3`, or a catalogue directory.
        rev_a: String,
        /// The newer revision (default: the working tree, with uncommitted changes).
        rev_b: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = diff::Format::Human)]
        format: diff::Format,
        /// Exit with 1 when the revisions differ.
        #[arg(long)]
        exit_code: bool,
    },
    /// The commits that changed a procedure, newest first, following renames.
    Log {
        /// Procedure code.
        code: String,
        /// Show at most N commits (N ≥ 1).
        #[arg(short = 'n', long = "max-count", value_name = "N", value_parser = parse_count)]
        max: Option<usize>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = log::Format::Human)]
        format: log::Format,
    },
    /// Simplification metrics per procedure and in total (declared fields, documents,
    /// deadlines, fees, compliance cost).
    Metrics {
        /// Revision to measure (default: the working tree).
        #[arg(long, value_name = "REV")]
        rev: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = metrics::MetricsFormat::Human)]
        format: metrics::MetricsFormat,
    },
    /// Check simplification targets against a baseline revision; exit 1 when one is missed.
    Check {
        /// Baseline revision (default: `baseline` in catalogue.yaml).
        #[arg(long, value_name = "REV")]
        baseline: Option<String>,
        /// Targets file (default: the catalogue's targets.yaml).
        #[arg(long, value_name = "FILE")]
        targets: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = metrics::CheckFormat::Human)]
        format: metrics::CheckFormat,
    },
    /// The simplification plan: for each procedure simplified since the baseline, what was
    /// simplified and its compliance cost a year before and after (Circular 02/2017/TT-VPCP,
    /// art. 27), the saving and its rate.
    Plan {
        /// Baseline revision (default: `baseline` in catalogue.yaml).
        #[arg(long, value_name = "REV")]
        baseline: Option<String>,
        /// The revision after simplification (default: the working tree).
        #[arg(long, value_name = "REV")]
        to: Option<String>,
        /// Output format (docx needs -o).
        #[arg(long, value_enum, default_value_t = cmd::plan::Format::Human)]
        format: cmd::plan::Format,
        /// The file to write (written atomically); default: standard output.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// Replace OUT when it exists.
        #[arg(long)]
        force: bool,
        /// Explain the cost computation of one procedure, each figure with its source.
        #[arg(long, value_name = "CODE")]
        explain: Option<String>,
    },
    /// The periodic control report: procedures published new, amended and abolished in the
    /// period (by the dates of their acts, else of their commits), those in force at its end
    /// by level and field, the online shares, the acts issued.
    Report {
        /// First day of the period (dd/mm/yyyy or ISO).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the period (dd/mm/yyyy or ISO), after the first.
        #[arg(long, value_name = "DATE")]
        to: String,
        /// A province's report (an overlay in provinces/).
        #[arg(long, value_name = "ID")]
        province: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = cmd::report::Format::Human)]
        format: cmd::report::Format,
    },
    /// The national changes a province has not localised yet: the act behind each, the due
    /// date and the days left or overdue.
    Drift {
        /// Province id (its file name in provinces/).
        #[arg(long, value_name = "ID")]
        province: String,
        /// The date to list at (dd/mm/yyyy or ISO; default: today).
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = cmd::drift::Format::Human)]
        format: cmd::drift::Format,
    },
    /// Review revisions in a terminal UI: the catalogue tree, procedure detail, semantic
    /// and text diffs, simplification targets.
    Review {
        /// The older revision (default: `baseline` in catalogue.yaml, else HEAD).
        rev_a: Option<String>,
        /// The newer revision (default: the working tree).
        rev_b: Option<String>,
    },
    /// Export the decision publishing the changes between two revisions (Part I: new,
    /// amended and abolished procedures; Part II: their content), optionally localised.
    Decision {
        /// Which decision: the catalogue decision (default), the approval of internal
        /// processes, or a delivery list (online, postal, boundary-free, internal).
        #[arg(long, value_enum, default_value_t = cmd::kinds::KindArg::Publish)]
        kind: cmd::kinds::KindArg,
        /// The older revision: a commit, tag, branch, or a catalogue directory (required for
        /// the catalogue decision; for the other kinds, only what changed since it).
        #[arg(long, value_name = "REV")]
        from: Option<String>,
        /// The newer revision.
        #[arg(long, value_name = "REV")]
        to: String,
        /// Localise for this province (an overlay in provinces/); default: national.
        #[arg(long, value_name = "ID")]
        province: Option<String>,
        /// Output format.
        #[arg(long, value_enum)]
        format: decision::Format,
        /// The file to write (written atomically).
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: PathBuf,
        /// Replace OUT when it exists.
        #[arg(long)]
        force: bool,
        /// The decision's number (`123`, or `123/QĐ-UBND`); default: a blank to fill.
        #[arg(long, value_name = "N")]
        number: Option<String>,
        /// Date of signature (dd/mm/yyyy or ISO); default: a blank to fill.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// The signer's name; default: the overlay's or manifest's, else left to sign.
        #[arg(long, value_name = "NAME")]
        signer: Option<String>,
    },
    /// Convert national-database records (JSON files or folders of them) into catalogue
    /// YAML; report what was converted, with warnings, or refused and why.
    Import {
        /// Record files or folders (walked recursively).
        #[arg(required = true, value_name = "SOURCE")]
        sources: Vec<PathBuf>,
        /// The catalogue folder to write (catalogue.yaml and procedures/<field>/<code>.yaml).
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: PathBuf,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
        /// Summary format.
        #[arg(long, value_enum, default_value_t = import::Format::Human)]
        format: import::Format,
        /// List every warning of every record.
        #[arg(short, long)]
        verbose: bool,
    },
    /// The rest days and make-up working days of a year, each with its source (the
    /// decision's number, or "computed — provisional"); or, with --between, the working
    /// days between two dates.
    Calendar {
        /// The year, 2014–2199 (default: this year); earlier years had other rest days.
        year: Option<String>,
        /// Count the working days after the first date up to and including the second
        /// (ISO 2025-01-24 or 24/01/2025).
        #[arg(long, num_args = 2, value_names = ["DATE", "DATE"])]
        between: Option<Vec<String>>,
        /// Output format (ics: iCalendar for office calendars).
        #[arg(long, value_enum, default_value_t = cmd::calendar::Format::Human)]
        format: cmd::calendar::Format,
    },
    /// A static website of the catalogue that works offline from its folder: an index by
    /// field and level with a search that ignores accents, one page per procedure under the
    /// portal's headings, in Vietnamese and English (written whole, then put in place).
    Site {
        /// Localise for this province (an overlay in provinces/); default: national.
        #[arg(long, value_name = "ID")]
        province: Option<String>,
        /// The folder to write (new, empty, or a site written before).
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: PathBuf,
    },
    /// Print the JSON Schema of a procedure file (for yaml-language-server).
    Schema,
    /// A language server for editors (LSP over standard input and output): diagnostics as
    /// you type, completion, hover, go to definition and quick fixes in catalogue files.
    Lsp,
}

/// `-n N` of `log`: 0 would print no commit, which reads as "nothing changed", so it is
/// refused rather than honoured.
fn parse_count(s: &str) -> Result<usize, String> {
    use thutuc::messages::pick;
    match s.parse::<usize>() {
        Ok(0) => Err(pick(
            "0 would show no commit: give 1 or more, or leave -n out to see every commit",
            "0 sẽ không hiện lần commit nào: hãy cho từ 1 trở lên, hoặc bỏ -n để xem tất cả",
        )),
        Ok(n) => Ok(n),
        Err(_) => Err(pick(
            &format!("`{s}` is not a whole number of commits"),
            &format!("`{s}` không phải số lần commit"),
        )),
    }
}

fn parse_day(s: &str) -> Result<jiff::civil::Date, String> {
    thutuc::dates::parse(s).ok_or_else(|| {
        thutuc::messages::pick(
            &format!("`{s}` is not a date: write 24/01/2025 or 2025-01-24"),
            &format!("`{s}` không phải một ngày: hãy viết 24/01/2025 hoặc 2025-01-24"),
        )
    })
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}`: vi | en"))
}

fn main() -> ExitCode {
    cmd::on_release_freed(release_freed_memory);
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Known before parsing, so that value parsers explain a bad value in it too.
    let lang = cmd::usage::lang_of_args(&args);
    thutuc::messages::set_lang(lang);
    let parse = |command: clap::Command| {
        command
            .try_get_matches_from(&args)
            .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m))
    };
    let command = <Cli as clap::CommandFactory>::command();
    // Help and usage errors are told in Vietnamese: the words are put in only when there is
    // something to tell (the same arguments give the same answer when parsed again).
    let parsed = match parse(command) {
        Err(_) if lang == Lang::Vi => parse(cmd::help::vietnamese(
            <Cli as clap::CommandFactory>::command(),
        )),
        parsed => parsed,
    };
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let usage = <Cli as clap::CommandFactory>::command()
                .render_usage()
                .to_string();
            match (lang, cmd::usage::vietnamese(&e, &usage)) {
                (Lang::Vi, Some(text)) => eprint!("{}", cmd::help::finish(&text)),
                (Lang::Vi, None) if !e.use_stderr() => {
                    print!("{}", cmd::help::finish(&e.render().to_string()));
                }
                _ => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(if e.use_stderr() {
                exit::ERROR
            } else {
                exit::OK
            });
        }
    };
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let g = Global {
        catalogue: cli.catalogue,
        lang: cli.lang,
        color,
        limits: cli.limits,
    };
    // Errors are told in `--lang`, else the catalogue's language.
    let lang = g.message_lang();
    let result = match cli.command {
        Command::Validate {
            paths,
            format,
            changed_since,
            deny,
            at,
        } => validate::run(
            &g,
            &validate::Options {
                paths,
                format,
                changed_since,
                deny,
                at,
            },
        )
        .map_err(|e| e.render(lang)),
        Command::Diff {
            rev_a,
            rev_b,
            format,
            exit_code,
        } => diff::run(
            &g,
            &diff::Options {
                rev_a,
                rev_b,
                format,
                exit_code,
            },
        )
        .map_err(|e| e.render(lang)),
        Command::Log { code, max, format } => {
            log::run(&g, &code, max, format).map_err(|e| e.render(lang))
        }
        Command::Metrics { rev, format } => {
            metrics::run_metrics(&g, rev.as_deref(), format).map_err(|e| e.render(lang))
        }
        Command::Check {
            baseline,
            targets,
            format,
        } => metrics::run_check(
            &g,
            &metrics::CheckOptions {
                baseline,
                targets,
                format,
            },
        )
        .map_err(|e| e.render(lang)),
        Command::Plan {
            baseline,
            to,
            format,
            output,
            force,
            explain,
        } => cmd::plan::run(
            &g,
            &cmd::plan::Options {
                baseline,
                to,
                format,
                output,
                force,
                explain,
            },
        )
        .map_err(|e| e.render(lang)),
        Command::Report {
            from,
            to,
            province,
            format,
        } => cmd::report::run(
            &g,
            &cmd::report::Options {
                from,
                to,
                province,
                format,
            },
        )
        .map_err(|e| e.render(lang)),
        Command::Drift {
            province,
            at,
            format,
        } => cmd::drift::run(
            &g,
            &cmd::drift::Options {
                province,
                at,
                format,
            },
        )
        .map_err(|e| e.render(lang)),
        Command::Test { format } => test::run(&g, format).map_err(|e| e.render(lang)),
        Command::Eval {
            code,
            facts,
            set,
            channel,
            received,
            explain,
            format,
        } => eval::run(
            &g,
            &eval::Options {
                code,
                facts,
                set,
                channel,
                received,
                explain,
                format,
            },
        )
        .map_err(|e| e.render(lang)),
        Command::List {
            text,
            field,
            level,
            agency,
            channel,
            format,
        } => cmd::list::run(
            &g,
            &cmd::list::Options {
                text,
                field,
                level,
                agency,
                channel,
                format,
            },
        )
        .map_err(|e| e.render(lang)),
        Command::Show {
            code,
            format,
            output,
            force,
        } => show::run(
            &g,
            &code,
            format,
            &show::Output {
                path: output,
                force,
            },
        )
        .map_err(|e| e.render(lang)),
        Command::Review { rev_a, rev_b } => {
            thutuc::tui::run(&g, &thutuc::tui::Options { rev_a, rev_b }).map_err(|e| e.render(lang))
        }
        Command::Decision {
            kind,
            from,
            to,
            province,
            format,
            output,
            force,
            number,
            date,
            signer,
        } => match kind.kind() {
            Some(kind) => cmd::kinds::run(
                &g,
                &cmd::kinds::Options {
                    kind,
                    from,
                    to,
                    province,
                    format,
                    output,
                    force,
                    number,
                    date,
                    signer,
                },
            ),
            None => match from {
                Some(from) => decision::run(
                    &g,
                    &decision::Options {
                        from,
                        to,
                        province,
                        format,
                        output,
                        force,
                        number,
                        date,
                        signer,
                    },
                ),
                None => Err(cmd::kinds::from_required()),
            },
        }
        .map_err(|e| e.render(lang)),
        Command::Import {
            sources,
            output,
            force,
            format,
            verbose,
        } => import::run(
            &g,
            &import::Options {
                sources,
                output,
                force,
                format,
                verbose,
            },
        )
        .map_err(|e| thutuc::messages::error_block(lang, &e.to_string(), None)),
        Command::Calendar {
            year,
            between,
            format,
        } => cmd::calendar::run(
            &g,
            &cmd::calendar::Options {
                year,
                between,
                format,
            },
        ),
        Command::Site { province, output } => {
            cmd::site::run(&g, &cmd::site::Options { province, output }).map_err(|e| e.render(lang))
        }
        Command::Lsp => thutuc::lsp::run(cli.lang)
            .map(|()| cmd::Outcome::out(String::new(), exit::OK))
            .map_err(|e| thutuc::messages::error_block(lang, &e, None)),
        Command::Schema => Ok(cmd::Outcome::out(
            serde_json::to_string_pretty(&thutuc::catalogue::schema::procedure_schema())
                .expect("serializable")
                + "\n",
            exit::OK,
        )),
    };
    if thutuc::catalogue::bundled_used() {
        // Said once, whatever the command: a CI job run in the wrong folder must not pass
        // on the bundled catalogue unnoticed.
        eprintln!("{}", cmd::bundled_notice(g.message_lang()));
    }
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`thutuc … | head`) is not an error worth a panic.
            let _ = stdout.write_all(out.stdout.as_bytes());
            if !out.stderr.is_empty() {
                eprint!("{}", thutuc::sanitize::terminal(&out.stderr));
            }
            let _ = stdout.flush();
            ExitCode::from(out.code)
        }
        Err(msg) => {
            eprint!("{}", thutuc::sanitize::terminal(&msg));
            ExitCode::from(exit::ERROR)
        }
    }
}
