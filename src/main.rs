//! The `thutuc` command line: parse arguments, call the library, map errors to exit codes.

use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use thutuc::cmd::{self, Global, validate};
use thutuc::diag::Lang;
use thutuc::exit;

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
    },
    /// Print the JSON Schema of a procedure file (for yaml-language-server).
    Schema,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}` is not a language: use vi or en"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
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
    };
    let result = match cli.command {
        Command::Validate { paths, format } => {
            validate::run(&g, &validate::Options { paths, format }).map_err(|e| e.to_string())
        }
        Command::Schema => Ok(cmd::Outcome {
            stdout: serde_json::to_string_pretty(&thutuc::catalogue::schema::procedure_schema())
                .expect("serializable")
                + "\n",
            code: exit::OK,
        }),
    };
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`thutuc … | head`) is not an error worth a panic.
            let _ = stdout.write_all(out.stdout.as_bytes());
            let _ = stdout.flush();
            ExitCode::from(out.code)
        }
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(exit::ERROR)
        }
    }
}
