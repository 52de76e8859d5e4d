//! Authors: `content/authors/<id>.md` declares the author `<id>` (a name, a bio in the body,
//! an optional avatar and links); articles name theirs with `authors: [id]`.

use serde::Deserialize;
use std::path::PathBuf;

use super::article::{file_stem, required};
use super::{aliases, Located};
use crate::error::Diagnostic;
use crate::slug::is_valid_slug;
use crate::yaml::YamlBlock;

const KNOWN_KEYS: &[&str] = &[
    "name",
    "description",
    "type",
    "avatar",
    "links",
    "extra",
    "aliases",
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawAuthor {
    name: Option<String>,
    description: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    avatar: Option<String>,
    links: serde_yaml::Mapping,
    extra: serde_yaml::Mapping,
    aliases: Vec<String>,
}

/// Whether an author is one person or a team, for JSON-LD (`Person` or `Organization`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorKind {
    Person,
    Organization,
}

impl AuthorKind {
    /// The name templates see.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthorKind::Person => "person",
            AuthorKind::Organization => "organization",
        }
    }

    /// The schema.org type.
    pub fn schema_type(self) -> &'static str {
        match self {
            AuthorKind::Person => "Person",
            AuthorKind::Organization => "Organization",
        }
    }
}

/// One of an author's links (`GitHub: https://github.com/x`), in the order written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorLink {
    pub name: String,
    pub url: String,
}

/// A checked author declaration.
#[derive(Debug, Clone)]
pub struct Author {
    /// The id articles name in `authors:`: the file stem.
    pub id: String,
    /// Path relative to `content/` (`authors/devtools-team.md`).
    pub source: String,
    /// Path shown in errors.
    pub display_path: PathBuf,
    pub name: String,
    /// One line for the author page's `<meta name="description">`.
    pub description: String,
    pub kind: AuthorKind,
    /// A URL, or a path from the site root (`/images/me.png`).
    pub avatar: Option<String>,
    pub links: Vec<AuthorLink>,
    pub extra: serde_yaml::Mapping,
    /// Old paths that redirect to the author page.
    pub aliases: Vec<Located>,
    /// The bio, in Markdown.
    pub body: String,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
    /// The whole file, for error messages.
    pub file_text: String,
}

impl Author {
    /// Checks an author declaration.
    pub fn check(
        source: String,
        block: &YamlBlock<'_>,
        body: &str,
        body_line: usize,
    ) -> Result<Author, Vec<Diagnostic>> {
        let raw: RawAuthor = block.parse(KNOWN_KEYS)?;
        let id = file_stem(&source);
        let mut problems = Vec::new();
        if !is_valid_slug(&id) {
            problems.push(Diagnostic::file(block.path, format!("an author's file name is their id and must be lower-case letters, digits, `-` or `_`; found `{id}`")));
        }
        let name = required(block, "name", raw.name, &mut problems);
        let kind = match raw.kind.as_deref().map(str::trim) {
            None | Some("person") => AuthorKind::Person,
            Some("organization") => AuthorKind::Organization,
            Some(other) => {
                problems.push(block.field_error(
                    "type",
                    &format!("expected `person` or `organization`, found `{other}`"),
                ));
                AuthorKind::Person
            }
        };
        let avatar = raw.avatar.map(|a| a.trim().to_string());
        if let Some(a) = avatar.as_deref().filter(|a| !is_link_target(a)) {
            problems.push(block.field_error("avatar", &format!("expected a URL or a path from the site root such as `/images/me.png`, found `{a}`")));
        }
        let links = check_links(block, raw.links, &mut problems);
        let aliases = aliases::check(block, raw.aliases, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Author {
            description: raw
                .description
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| format!("Articles by {name}")),
            id,
            source,
            display_path: block.path.to_path_buf(),
            name,
            kind,
            avatar: avatar.filter(|a| !a.is_empty()),
            links,
            extra: raw.extra,
            aliases,
            body: body.to_string(),
            body_line,
            file_text: block.file_text.to_string(),
        })
    }
}

/// `links:` is a map of label to address (`GitHub: https://github.com/x`).
fn check_links(
    block: &YamlBlock<'_>,
    raw: serde_yaml::Mapping,
    problems: &mut Vec<Diagnostic>,
) -> Vec<AuthorLink> {
    let mut links = Vec::with_capacity(raw.len());
    for (key, value) in raw {
        let (Some(name), Some(url)) = (key.as_str(), value.as_str()) else {
            problems.push(block.field_error(
                "links",
                "expected `Label: address` lines, such as `GitHub: https://github.com/me`",
            ));
            continue;
        };
        let url = url.trim();
        if !is_link_target(url) {
            let line = block.value_line("links", url).unwrap_or(block.first_line);
            let at = Located {
                value: url.to_string(),
                line,
            };
            problems.push(at.diagnostic(block.path, block.file_text, format!(
                "`links`: `{name}` must be an `https://` or `mailto:` address, or a path from the site root, found `{url}`"
            )));
            continue;
        }
        links.push(AuthorLink {
            name: name.trim().to_string(),
            url: url.to_string(),
        });
    }
    links
}

/// A place a link or an image may point at: a web or mail address, or a site path. Anything
/// else (`javascript:`, a relative path that breaks on every page but one) is refused.
fn is_link_target(s: &str) -> bool {
    let web = ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| s.len() > p.len() && s.starts_with(p));
    let site = s.starts_with('/') && !s.starts_with("//");
    (web || site) && !s.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn check(yaml: &str, body: &str) -> Result<Author, Vec<Diagnostic>> {
        let text = format!("---\n{yaml}---\n{body}");
        let block = YamlBlock {
            path: Path::new("content/authors/ana.md"),
            file_text: &text,
            yaml,
            first_line: 2,
        };
        Author::check("authors/ana.md".into(), &block, body, 3)
    }

    #[test]
    fn a_full_declaration() {
        let a = check(
            "name: Ana Lima\ntype: person\navatar: /images/ana.png\nlinks:\n  GitHub: https://github.com/ana\n  Site: /about/\n",
            "Writes about tokens.\n",
        )
        .expect("valid");
        assert_eq!(a.id, "ana");
        assert_eq!(a.kind, AuthorKind::Person);
        assert_eq!(a.description, "Articles by Ana Lima");
        assert_eq!(a.links.len(), 2);
        assert_eq!(a.links[0].name, "GitHub");
        assert_eq!(a.links[1].url, "/about/");
    }

    #[test]
    fn bad_values_are_each_reported_at_their_line() {
        let errors = check(
            "type: robot\navatar: ana.png\nlinks:\n  Evil: javascript:alert(1)\n",
            "",
        )
        .expect_err("invalid");
        let text: Vec<String> = errors.iter().map(|d| d.message.clone()).collect();
        assert_eq!(errors.len(), 4, "{text:?}");
        assert!(text.iter().any(|m| m.contains("`name`")));
        assert!(text
            .iter()
            .any(|m| m.contains("`person` or `organization`")));
        assert!(text.iter().any(|m| m.contains("`avatar`")));
        let evil = errors
            .iter()
            .find(|d| d.message.contains("Evil"))
            .expect("link error");
        assert_eq!(evil.line, Some(5));
    }

    #[test]
    fn link_targets() {
        assert!(is_link_target("https://example.com"));
        assert!(is_link_target("mailto:a@b.c"));
        assert!(is_link_target("/about/"));
        assert!(!is_link_target("//evil.example"));
        assert!(!is_link_target("javascript:alert(1)"));
        assert!(!is_link_target("https://"));
        assert!(!is_link_target("me.png"));
    }
}
