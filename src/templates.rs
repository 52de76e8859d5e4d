//! Tera: the site's templates, loaded once, checked all together, with galley's functions.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera};

use crate::components::{self, Signature, Signatures};
use crate::content::Tool;
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::images::resize::{Resized, Resizer};

/// Templates every site must have.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "article.html",
    "category.html",
    "tag.html",
    "categories.html",
    "tags.html",
    "tools.html",
    "tool.html",
    "search.html",
    "404.html",
];

/// The compiled templates.
pub struct Templates {
    tera: Tera,
    /// What each component template accepts, by component name.
    components: Signatures,
}

/// Cache-busting URLs of static files: `css/site.css` → `/base/css/site.css?h=1a2b3c4d`.
pub type AssetUrls = HashMap<String, String>;

impl Templates {
    /// Loads every `.html`, `.xml` and `.txt` file under `dir`, reporting every broken one.
    pub fn load(
        dir: &Path,
        assets: Arc<AssetUrls>,
        base_path: &str,
        resizer: Arc<Resizer>,
    ) -> Result<Templates> {
        let mut problems = Diagnostics::default();
        let mut sources = read_sources(dir, &mut problems);
        for (name, text) in components::BUILT_IN {
            if !sources.iter().any(|(n, _)| n == name) {
                sources.push((name.to_string(), text.to_string()));
            }
        }
        let components = signatures(&sources, &mut problems);
        for (name, text) in &sources {
            // Each file alone first, so one run reports every syntax error, not just the first.
            let mut alone = Tera::new();
            if let Err(e) = alone.add_raw_template(name, text) {
                if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                    problems.push(template_diagnostic(name, &e));
                }
            }
        }
        for required in REQUIRED {
            if !sources.iter().any(|(n, _)| n == required) {
                problems.push(Diagnostic::file(
                    Path::new("templates").join(required),
                    format!("missing template `{required}`: every site needs it"),
                ));
            }
        }
        problems.into_result()?;
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(escape_text);
        register_functions(&mut tera, assets, base_path.to_string());
        register_resize_image(&mut tera, resizer);
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            return Err(template_diagnostic("", &e).into());
        }
        Ok(Templates { tera, components })
    }

    /// What component `name` accepts, if there is such a component template.
    pub fn component_signature(&self, name: &str) -> Option<&Signature> {
        self.components.get(name)
    }

    /// Names of the component templates.
    pub fn component_names(&self) -> impl Iterator<Item = &str> {
        self.components.keys().map(String::as_str)
    }

    /// The HTML of component `name` with its arguments (optional ones not given are empty),
    /// `body` and `uid`, an id prefix unique on the page.
    pub fn component(
        &self,
        name: &str,
        args: &[(String, String)],
        body: &str,
        uid: &str,
    ) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        if let Some(sig) = self.components.get(name) {
            for arg in sig.arguments() {
                ctx.insert(arg.to_string(), "");
            }
        }
        for (key, value) in args {
            ctx.insert(key.clone(), value);
        }
        ctx.insert("body", body);
        ctx.insert("uid", uid);
        self.render(&format!("{}{name}.html", components::DIR), &ctx)
    }

    /// Renders template `name`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| template_diagnostic(name, &e))
    }

    /// Whether a template exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// The widget markup of `tool` from its partial, with element ids prefixed by `uid`.
    pub fn widget(&self, tool: &Tool, uid: &str) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert(
            "tool",
            &serde_json::json!({ "id": tool.id, "title": tool.title, "description": tool.description }),
        );
        ctx.insert("uid", uid);
        if !self.has(&tool.partial) {
            return Err(Diagnostic::file(
                &tool.display_path,
                format!("`partial`: no template `templates/{}`", tool.partial),
            ));
        }
        self.render(&tool.partial, &ctx)
    }
}

/// The signatures of the component templates among `sources`, reporting every broken one.
fn signatures(sources: &[(String, String)], problems: &mut Diagnostics) -> Signatures {
    let mut out = Signatures::new();
    for (name, text) in sources {
        let Some(component) = name
            .strip_prefix(components::DIR)
            .and_then(|n| n.strip_suffix(".html"))
            .filter(|n| !n.contains('/'))
        else {
            continue;
        };
        match components::signature(text) {
            Ok(sig) => {
                out.insert(component.to_string(), sig);
            }
            Err((line, message)) => problems.push(Diagnostic::at(
                Path::new("templates").join(name),
                text,
                line,
                1,
                format!("component signature: {message}"),
            )),
        }
    }
    out
}

fn read_sources(dir: &Path, problems: &mut Diagnostics) -> Vec<(String, String)> {
    let mut sources = Vec::new();
    if !dir.is_dir() {
        problems.push(Diagnostic::file(
            "templates",
            "the site has no templates/ folder",
        ));
        return sources;
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::file("templates", format!("cannot read: {e}")));
                continue;
            }
        };
        let path = entry.path();
        let wanted = path
            .extension()
            .is_some_and(|e| e == "html" || e == "xml" || e == "txt");
        if !entry.file_type().is_file() || !wanted {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push((name, text)),
            Err(e) => problems.push(Diagnostic::file(
                Path::new("templates").join(rel),
                format!("cannot read: {e}"),
            )),
        }
    }
    sources
}

/// Turns a Tera error into a diagnostic naming the template file and line.
pub(crate) fn template_diagnostic(name: &str, e: &tera::Error) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    let file = report
        .map(|r| r.filename().to_string())
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| name.to_string());
    let mut d = Diagnostic::file(
        Path::new("templates").join(&file),
        format!(
            "template error: {}",
            report.map_or(message.as_str(), |r| r.message())
        ),
    );
    if let Some(r) = report {
        d.line = Some(r.span().start_line);
        d.column = Some(r.span().start_col + 1);
        d.help = Some(message);
    }
    d
}

use std::error::Error as _;

/// Tera's HTML escaping, plus: control characters are dropped. They are invalid in HTML and
/// XML documents, and a title holding one (pasted from a terminal, say) must come out inert.
pub(crate) fn escape_text(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    // Plain runs are written whole: one write per character was a visible share of a build.
    let mut plain = 0;
    for (i, c) in input.char_indices() {
        let replacement: &[u8] = match c {
            '&' => b"&amp;",
            '<' => b"&lt;",
            '>' => b"&gt;",
            '"' => b"&quot;",
            '\'' => b"&#39;",
            '\t' | '\n' | '\r' => continue,
            c if c.is_control() => b"",
            _ => continue,
        };
        out.write_all(&input.as_bytes()[plain..i])?;
        out.write_all(replacement)?;
        plain = i + c.len_utf8();
    }
    out.write_all(&input.as_bytes()[plain..])
}

fn register_functions(tera: &mut Tera, assets: Arc<AssetUrls>, base_path: String) {
    // `asset_url(path="css/site.css")`: the URL of a static file with its content hash, so a
    // deploy never serves a stale stylesheet or script.
    tera.register_function(
        "asset_url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            let path = path.trim_start_matches('/');
            assets
                .get(path)
                .cloned()
                .ok_or_else(|| tera::Error::message(format!("asset_url: no file `static/{path}`")))
        },
    );
    // `url(path="tools/")`: a site path with the base path in front.
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            Ok(format!("{base_path}{}", path.trim_start_matches('/')))
        },
    );
}

/// `resize_image(path="@/articles/x/shot.png", width=480, format="webp")`: a resized copy's
/// `url`, `width`, `height`, `orig_width` and `orig_height`.
fn register_resize_image(tera: &mut Tera, resizer: Arc<Resizer>) {
    tera.register_function(
        "resize_image",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<tera::Value> {
            let path: &str = kwargs.must_get("path")?;
            let width: i64 = kwargs.must_get("width")?;
            let format: Option<&str> = kwargs.get("format")?;
            let resized: Resized = resizer
                .resize(path, width, format)
                .map_err(|e| tera::Error::message(format!("resize_image: {e}")))?;
            Ok(tera::Value::from_serializable(&resized))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::escape_text;

    fn escaped(input: &str) -> String {
        let mut out = Vec::new();
        escape_text(input, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escaped("a<b>&\"c'\u{7}\u{85}\té\n"),
            "a&lt;b&gt;&amp;&quot;c&#39;\té\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn matches_the_character_by_character_definition(input in "\\PC{0,40}|[<>&\"'\\x00-\\x1f\\u{80}-\\u{9f}a-z]{0,40}") {
            let mut expected = String::new();
            for c in input.chars() {
                match c {
                    '&' => expected.push_str("&amp;"),
                    '<' => expected.push_str("&lt;"),
                    '>' => expected.push_str("&gt;"),
                    '"' => expected.push_str("&quot;"),
                    '\'' => expected.push_str("&#39;"),
                    '\t' | '\n' | '\r' => expected.push(c),
                    c if c.is_control() => {}
                    c => expected.push(c),
                }
            }
            proptest::prop_assert_eq!(escaped(&input), expected);
        }
    }
}
