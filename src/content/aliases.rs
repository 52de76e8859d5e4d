//! `aliases:` in any document's front matter: old paths that redirect to it after a move.
//! Checked here for shape (a site path that stays inside the site); collisions with real
//! pages are checked by the index, which knows every URL.

use super::Located;
use crate::error::Diagnostic;
use crate::yaml::YamlBlock;

/// Checks each alias and keeps it with its line. An alias is a path from the site root:
/// `/old/path/` (a folder, served from its `index.html`) or `/2019/01/jwt.html` (a file).
pub fn check(
    block: &YamlBlock<'_>,
    raw: Vec<String>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Located> {
    let mut out = Vec::with_capacity(raw.len());
    for value in raw {
        let value = value.trim().to_string();
        let line = block
            .value_line("aliases", &value)
            .unwrap_or(block.first_line);
        let entry = Located { value, line };
        if let Err(why) = output_path(&entry.value) {
            problems.push(entry.diagnostic(
                block.path,
                block.file_text,
                format!("`aliases`: {why}"),
            ));
        } else {
            out.push(entry);
        }
    }
    out
}

/// Where the redirect page of `alias` is written in the output folder (`old/path/index.html`),
/// or why the alias cannot be one.
pub fn output_path(alias: &str) -> Result<String, String> {
    let Some(rest) = alias.strip_prefix('/') else {
        return Err(format!(
            "expected a path from the site root such as `/old/path/`, found `{alias}`"
        ));
    };
    if alias.contains(['\\', '?', '#', '"', '<', '>', ' ']) || alias.chars().any(char::is_control) {
        return Err(format!(
            "`{alias}` is not a plain path (no spaces, `?`, `#`, quotes or backslashes)"
        ));
    }
    let parts: Vec<&str> = rest.split('/').collect();
    let last = parts.len() - 1;
    if parts
        .iter()
        .enumerate()
        .any(|(i, p)| matches!(*p, "." | "..") || (p.is_empty() && i != last))
    {
        return Err(format!(
            "`{alias}` climbs out of the site or has an empty part; write it like `/old/path/`"
        ));
    }
    if rest.is_empty() {
        return Err("`/` is the home page; an alias must be another path".into());
    }
    Ok(if rest.ends_with('/') {
        format!("{rest}index.html")
    } else if rest.rsplit('/').next().is_some_and(|f| f.contains('.')) {
        rest.to_string()
    } else {
        format!("{rest}/index.html")
    })
}

#[cfg(test)]
mod tests {
    use super::output_path;

    #[test]
    fn aliases_map_to_files_inside_the_output() {
        assert_eq!(
            output_path("/old/path/").as_deref(),
            Ok("old/path/index.html")
        );
        assert_eq!(
            output_path("/old/path").as_deref(),
            Ok("old/path/index.html")
        );
        assert_eq!(
            output_path("/2019/01/jwt.html").as_deref(),
            Ok("2019/01/jwt.html")
        );
        assert_eq!(
            output_path("/café/日本/").as_deref(),
            Ok("café/日本/index.html")
        );
        for bad in [
            "old/",
            "/../etc/",
            "/a/../../b",
            "/a//b",
            "/",
            "/a b/",
            "/a?x",
            "/a\\b",
            "/./a",
        ] {
            assert!(output_path(bad).is_err(), "{bad}");
        }
    }
}
