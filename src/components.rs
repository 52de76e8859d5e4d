//! Components: the templates under `templates/components/`, one per component
//! (`details.html` is `{% details(…) %}`), and what each accepts, declared in a Tera comment
//! at the top of its template:
//!
//! ```text
//! {#
//! arguments: summary, open?
//! body: required
//! inside: tabs
//! #}
//! ```
//!
//! `arguments` lists the argument names (`?` marks an optional one); `body` is `required`
//! (block form only), `optional` (either form, the default) or `none` (inline form only);
//! `inside` names the only component it may be used in. A template without the comment takes no
//! arguments. The built-in components' templates are embedded: a site that has no
//! `templates/components/<name>.html` of its own gets galley's.

use std::collections::BTreeMap;

/// Built-in component templates, by template name.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "components/details.html",
        include_str!("../templates/components/details.html"),
    ),
    (
        "components/figure.html",
        include_str!("../templates/components/figure.html"),
    ),
    (
        "components/tab.html",
        include_str!("../templates/components/tab.html"),
    ),
    (
        "components/tabs.html",
        include_str!("../templates/components/tabs.html"),
    ),
];

/// The folder of component templates, in `templates/`.
pub const DIR: &str = "components/";

/// The component built into galley rather than made from a template: a tool's widget.
pub const TOOL: &str = "tool";

/// Whether a component has a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Body {
    /// Block form only.
    Required,
    /// Either form.
    #[default]
    Optional,
    /// Inline form only.
    None,
}

/// What a component accepts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signature {
    /// Arguments that must be given.
    pub required: Vec<String>,
    /// Arguments that may be given.
    pub optional: Vec<String>,
    /// Whether it has a body.
    pub body: Body,
    /// The only component it may be used in.
    pub inside: Option<String>,
}

impl Signature {
    /// Every argument name, required first.
    pub fn arguments(&self) -> impl Iterator<Item = &str> {
        self.required
            .iter()
            .chain(&self.optional)
            .map(String::as_str)
    }
}

/// Component signatures by name.
pub type Signatures = BTreeMap<String, Signature>;

/// The signature declared at the top of a component template, or the 1-based line and what is
/// wrong there.
pub fn signature(template: &str) -> Result<Signature, (usize, String)> {
    let lead = template.len() - template.trim_start().len();
    let first_line = template[..lead].matches('\n').count() + 1;
    let Some(rest) = template.trim_start().strip_prefix("{#") else {
        return Ok(Signature::default());
    };
    let Some(end) = rest.find("#}") else {
        return Ok(Signature::default());
    };
    let mut sig = Signature::default();
    for (i, line) in rest[..end].lines().enumerate() {
        let line = line.trim().trim_matches('-').trim();
        if line.is_empty() {
            continue;
        }
        let at = first_line + i;
        let Some((key, value)) = line.split_once(':') else {
            return Err((
                at,
                format!("expected `key: value` (arguments, body or inside), found `{line}`"),
            ));
        };
        let value = value.trim();
        match key.trim() {
            "arguments" => {
                for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    if matches!(name.trim_end_matches('?'), "body" | "uid") {
                        return Err((at, format!("`{name}` is given to every component: choose another argument name")));
                    }
                    match name.strip_suffix('?') {
                        Some(optional) => sig.optional.push(optional.trim().to_string()),
                        None => sig.required.push(name.to_string()),
                    }
                }
            }
            "body" => {
                sig.body = match value {
                    "required" => Body::Required,
                    "optional" => Body::Optional,
                    "none" => Body::None,
                    other => {
                        return Err((
                            at,
                            format!("`body`: expected required, optional or none, found `{other}`"),
                        ))
                    }
                }
            }
            "inside" => sig.inside = Some(value.to_string()),
            other => {
                let hint = crate::error::suggest(other, &["arguments", "body", "inside"])
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err((at, format!("unknown key `{other}`{hint}")));
            }
        }
    }
    Ok(sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_read_from_the_first_comment() {
        let sig =
            signature("{#\narguments: summary, open?\nbody: required\n#}\n<details>").unwrap();
        assert_eq!(sig.required, ["summary"]);
        assert_eq!(sig.optional, ["open"]);
        assert_eq!(sig.body, Body::Required);
        assert_eq!(signature("<p>{{ x }}</p>"), Ok(Signature::default()));
        assert_eq!(signature("\n{#\nbody: maybe\n#}").unwrap_err().0, 3);
        assert!(signature("{# argument: x #}")
            .unwrap_err()
            .1
            .contains("did you mean `arguments`"));
        for (_, text) in BUILT_IN {
            signature(text).unwrap();
        }
    }
}
