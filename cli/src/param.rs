//! `.parameter` (`.param`): SQL parameter bindings kept by the shell and bound by name to every
//! statement it runs, as `sqlite3` binds from its `temp.sqlite_parameters` table.

use crate::format::text::plain;
use crate::shell::Shell;
use ferrolite::Value;

const HELP: &str = r#".parameter CMD ...       Manage SQL parameter bindings
   clear                   Erase all bindings
   init                    Initialize the TEMP table that holds bindings
   list                    List the current parameter bindings
   set PARAMETER VALUE     Given SQL parameter PARAMETER a value of VALUE
                           PARAMETER should start with one of: $ : @ ?
   unset PARAMETER         Remove PARAMETER from the binding table
"#;

/// A value as SQL's `quote()` writes it (for `.param list`).
fn quote(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
        Value::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02X}")).collect();
            format!("X'{hex}'")
        }
        other => String::from_utf8_lossy(&plain(other).unwrap_or_default()).into_owned(),
    }
}

pub fn run(sh: &mut Shell, args: &[String]) -> Result<(), ()> {
    let sub = args.get(1).map(String::as_str).unwrap_or("");
    match (sub, args.len()) {
        ("clear", 2) => sh.params.clear(),
        ("init", 2) => {}
        ("list", 2) => {
            let width = sh.params.keys().map(|k| k.len()).max().unwrap_or(0);
            let mut out = String::new();
            for (k, v) in &sh.params {
                out.push_str(&format!("{k:<width$} {}\n", quote(v)));
            }
            sh.write_out(out.as_bytes());
        }
        ("set", 4) => {
            let (key, text) = (&args[2], &args[3]);
            // The value is an SQL expression when it is one, else the text itself.
            let value = match sh.query(&format!("SELECT {text}"), &[]) {
                Ok(rows) if rows.len() == 1 && rows[0].len() == 1 => rows[0][0].clone(),
                _ => Value::Text(text.clone()),
            };
            sh.params.insert(key.clone(), value);
        }
        ("unset", 3) => {
            sh.params.remove(&args[2]);
        }
        _ => sh.write_out(HELP.as_bytes()),
    }
    Ok(())
}
