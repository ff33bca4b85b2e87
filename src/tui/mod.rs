//! `thutuc review [REV_A [REV_B]]`: a terminal UI to browse the catalogue and review the
//! differences between two revisions.
//!
//! Built like gitui: [`components`] draw and handle events, [`App`] is a pure state machine
//! (no terminal, no git), [`worker`] loads revisions on a background thread where only the
//! latest request counts, and [`run`] owns the terminal and always gives it back.

pub mod app;
pub mod components;
pub mod data;
pub mod worker;

pub use app::{App, Effect, Pane};
pub use components::EventOutcome;
pub use data::{Origin, Request, RevSpec, Snapshot};

use crate::cmd::revision::{RevisionError, catalogue_dir};
use crate::cmd::{Global, Outcome};
use crate::diag::Lang;
use crate::exit;
use std::io::Write;
use std::time::Duration;

/// A label in the UI's language.
pub fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// Options of `review`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The older side (default: the manifest's `baseline`, else HEAD).
    pub rev_a: Option<String>,
    /// The newer side (default: the working tree).
    pub rev_b: Option<String>,
}

/// The worker for a catalogue: loads snapshots, answering errors as text in `lang`.
pub fn spawn_worker(
    origin: Origin,
    lang: Lang,
) -> worker::Worker<Request, Result<Snapshot, String>> {
    worker::Worker::spawn(move |req: Request| {
        data::load(&origin, &req).map_err(|e| data::told(&e, lang))
    })
}

/// Where the terminal is put back to normal: on quit, on error and from the panic hook.
fn restore_terminal() {
    use crossterm::{cursor, event, execute, terminal};
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
}

/// Restores the terminal when dropped, whichever way `run` ends.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Runs the review UI until the user quits.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, RevisionError> {
    use crossterm::{event, execute, terminal};
    let origin = Origin {
        dir: catalogue_dir(g),
        limits: g.limits(),
    };
    let request = Request {
        a: match &o.rev_a {
            Some(s) => RevSpec::Rev(s.clone()),
            None => data::default_a(&origin),
        },
        b: match &o.rev_b {
            Some(s) => RevSpec::Rev(s.clone()),
            None => RevSpec::WorkTree,
        },
    };
    // A revision that does not exist is a usage error (exit 2), found before the screen
    // changes; resolving names is quick, the slow loading happens on the worker.
    if let Err(e) = data::check_specs(&origin, &request) {
        // A git fault is told in the user's language, with its hint.
        return crate::cmd::revision::finish(g, Err(e));
    }
    let lang = g.lang.unwrap_or_else(|| data::manifest(&origin).language);

    // Panics restore the terminal first, so the message is readable and the shell usable.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    terminal::enable_raw_mode().map_err(|e| RevisionError::Usage(format!("terminal: {e}")))?;
    let _guard = TerminalGuard;
    execute!(
        std::io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture
    )
    .map_err(|e| RevisionError::Usage(format!("terminal: {e}")))?;
    let backend = ratatui::backend::CrosstermBackend::new(std::io::stdout());
    let mut terminal = ratatui::Terminal::new(backend)
        .map_err(|e| RevisionError::Usage(format!("terminal: {e}")))?;
    let size = terminal
        .size()
        .map_err(|e| RevisionError::Usage(format!("terminal: {e}")))?;
    let worker = spawn_worker(origin, lang);
    let mut app = App::new(lang, request, size.width, size.height);
    let io = |e: std::io::Error| RevisionError::Usage(format!("terminal: {e}"));
    let mut dirty = true;
    loop {
        for eff in app.take_effects() {
            match eff {
                Effect::Load { id, request } => worker.request(id, request),
            }
        }
        if let Some((id, r)) = worker.try_recv() {
            app.loaded(id, r);
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| app.draw(f)).map_err(io)?;
            dirty = false;
        }
        if app.should_quit() {
            break;
        }
        // Short polls keep the UI responsive to worker results without busy-waiting.
        if event::poll(Duration::from_millis(30)).map_err(io)? {
            let ev = event::read().map_err(io)?;
            if let event::Event::Resize(..) = ev {
                terminal.autoresize().map_err(io)?;
            }
            app.event(&ev);
            dirty = true;
        }
    }
    drop(terminal);
    let _ = std::io::stdout().flush();
    Ok(Outcome::out(String::new(), exit::OK))
}
