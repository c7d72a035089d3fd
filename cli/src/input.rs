//! Line sources for the shell: a script (stdin or a file) or an interactive line editor.

use std::io::BufRead;

/// Where the shell's input lines come from.
pub trait LineSource {
    /// The next line without its terminator, or None at end of input. `prompt` is shown by
    /// interactive sources only.
    fn next_line(&mut self, prompt: &str) -> Option<String>;
    fn is_interactive(&self) -> bool {
        false
    }
}

/// Lines from any reader (stdin, a `.read` file); CR before LF is dropped.
pub struct Script<R> {
    reader: R,
    buf: Vec<u8>,
}

impl<R: BufRead> Script<R> {
    pub fn new(reader: R) -> Self {
        Script {
            reader,
            buf: Vec::new(),
        }
    }
}

impl<R: BufRead> LineSource for Script<R> {
    fn next_line(&mut self, _prompt: &str) -> Option<String> {
        self.buf.clear();
        match self.reader.read_until(b'\n', &mut self.buf) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                if self.buf.last() == Some(&b'\n') {
                    self.buf.pop();
                    if self.buf.last() == Some(&b'\r') {
                        self.buf.pop();
                    }
                }
                Some(String::from_utf8_lossy(&self.buf).into_owned())
            }
        }
    }
}

/// Interactive mode forced (`-interactive`) on input that is not a terminal: prompts are
/// printed and each line read is echoed after its prompt, as `sqlite3` does.
pub struct Echoing<R> {
    inner: Script<R>,
}

impl<R: BufRead> Echoing<R> {
    pub fn new(reader: R) -> Self {
        Echoing {
            inner: Script::new(reader),
        }
    }
}

impl<R: BufRead> LineSource for Echoing<R> {
    fn next_line(&mut self, prompt: &str) -> Option<String> {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{prompt}");
        let line = self.inner.next_line(prompt);
        let _ = match &line {
            Some(l) => writeln!(out, "{l}"),
            None => writeln!(out),
        };
        let _ = out.flush();
        line
    }

    fn is_interactive(&self) -> bool {
        true
    }
}

/// Interactive input with line editing and history (`~/.ferrolite_history`).
pub struct Editor {
    ed: rustyline::DefaultEditor,
    history: Option<std::path::PathBuf>,
}

impl Editor {
    pub fn new() -> Option<Editor> {
        let mut ed = rustyline::DefaultEditor::new().ok()?;
        let history =
            std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".ferrolite_history"));
        if let Some(h) = &history {
            let _ = ed.load_history(h);
        }
        Some(Editor { ed, history })
    }
}

impl LineSource for Editor {
    fn next_line(&mut self, prompt: &str) -> Option<String> {
        loop {
            match self.ed.readline(prompt) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        let _ = self.ed.add_history_entry(line.as_str());
                    }
                    return Some(line);
                }
                // Ctrl-C abandons the line being typed, as sqlite3 does.
                Err(rustyline::error::ReadlineError::Interrupted) => continue,
                Err(_) => {
                    println!();
                    return None;
                }
            }
        }
    }

    fn is_interactive(&self) -> bool {
        true
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        if let Some(h) = &self.history {
            let _ = self.ed.save_history(h);
        }
    }
}
