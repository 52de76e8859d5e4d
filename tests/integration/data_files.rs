//! Data files (`data/**/*.{yaml,yml,json,toml}`): their values reach every page's template as
//! `data`, and a broken one is refused like a broken article, at its file, line and column,
//! with every other problem of the run and the old output left as it was.

use crate::bad_input::refused;
use crate::common::*;
use crate::support::*;

/// A 404 page that shows the data, and a footer on every page that shows one value.
fn show_data(f: &Fixture) {
    f.write(
        "templates/404.html",
        r#"{% extends "base.html" %}
{% block main %}
<h1>Data</h1>
<ul id="members">{% for m in data.team.members %}<li lang="{{ m.lang }}">{{ m.name }}</li>{% endfor %}</ul>
<p id="lead">{{ data.team.lead.name }} since {{ data.team.lead.since }}</p>
<p id="links">{% for l in data.links %}{{ l.title }} {% endfor %}</p>
<p id="dashed">{{ data["my-file"].note }}</p>
<p id="count">{{ data.team | length }}</p>
<p id="keys">{% for k in data.team | keys | sort %}{{ k }} {% endfor %}</p>
{% endblock main %}
"#,
    );
    let base = f.read("templates/base.html");
    let footer = r#"<footer class="site-footer">"#;
    assert!(base.contains(footer));
    f.write(
        "templates/base.html",
        base.replace(
            footer,
            &format!(r#"{footer}<span id="motto">{{{{ data.site.motto }}}}</span>"#),
        ),
    );
}

/// Data in every format, nested, with accents, CJK, emoji and right-to-left text.
fn write_data(f: &Fixture) {
    f.write("data/site.yaml", "motto: \"Café, 日本語, 🚀, שלום\"\n");
    f.write(
        "data/team/members.yml",
        "- name: Zoë Ångström\n  lang: sv\n- name: 山田 太郎\n  lang: ja\n- name: דוד לוי\n  lang: he\n",
    );
    f.write(
        "data/team/lead.toml",
        "name = \"Ana 👩‍💻 Núñez\"\nsince = 2024-05-01\n",
    );
    f.write(
        "data/links.json",
        r#"[{"title": "Ελληνικά"}, {"title": "عربي"}]"#,
    );
    f.write("data/my-file.yaml", "note: reached with brackets\n");
}

fn text_of(out: &std::path::Path, rel: &str, css: &str) -> String {
    let doc = page(out, rel);
    let found = select(&doc, css);
    assert_eq!(found.len(), 1, "{rel}: {css}");
    text(&found[0])
}

#[test]
fn every_format_and_folder_reaches_the_templates() {
    let f = Fixture::new();
    show_data(&f);
    write_data(&f);
    f.build().unwrap();

    let doc = page(&f.out, "404.html");
    let members: Vec<(String, String)> = select(&doc, "#members li")
        .iter()
        .map(|li| (li.value().attr("lang").unwrap().to_string(), text(li)))
        .collect();
    assert_eq!(
        members,
        [
            ("sv".to_string(), "Zoë Ångström".to_string()),
            ("ja".to_string(), "山田 太郎".to_string()),
            ("he".to_string(), "דוד לוי".to_string()),
        ]
    );
    assert_eq!(
        text_of(&f.out, "404.html", "#lead"),
        "Ana 👩‍💻 Núñez since 2024-05-01"
    );
    assert_eq!(text_of(&f.out, "404.html", "#links"), "Ελληνικά عربي");
    assert_eq!(
        text_of(&f.out, "404.html", "#dashed"),
        "reached with brackets"
    );
    assert_eq!(text_of(&f.out, "404.html", "#count"), "2");
    // The README's way to loop over a map in a stable order.
    assert_eq!(text_of(&f.out, "404.html", "#keys"), "lead members");
    // Every page has `data`, whatever its kind.
    for rel in [
        "index.html",
        "articles/good/index.html",
        "tools/index.html",
        "tools/base64/index.html",
        "tags/index.html",
        "search/index.html",
    ] {
        assert_eq!(
            text_of(&f.out, rel, "#motto"),
            "Café, 日本語, 🚀, שלום",
            "{rel}"
        );
    }
}

#[test]
fn values_are_escaped_like_any_text() {
    let f = Fixture::new();
    show_data(&f);
    write_data(&f);
    f.write(
        "data/site.json",
        r#"{"motto": "<script>alert(1)</script> & co"}"#,
    );
    f.remove("data/site.yaml");
    f.build().unwrap();
    let html = std::fs::read_to_string(f.out.join("index.html")).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
        "{html}"
    );
}

#[test]
fn yaml_error_names_file_line_and_column() {
    let d = refused(
        &Fixture::new(),
        |f| {
            f.write(
                "data/team/members.yaml",
                "- name: Zoë\n  tags: [a, b\n- name: 山田\n",
            )
        },
        &[(
            "data/team/members.yaml",
            Some(3),
            "did not find expected ',' or ']', while parsing a flow sequence at line 2 column 9",
        )],
    );
    assert_eq!(d[0].column, Some(7));
    assert_eq!(d[0].source_line.as_deref(), Some("- name: 山田"));
}

#[test]
fn json_error_names_file_line_and_column() {
    let d = refused(
        &Fixture::new(),
        |f| f.write("data/links.json", "[\n  {\"名前\": \"ä\" \"b\"}\n]\n"),
        &[("data/links.json", Some(2), "expected `,` or `}`")],
    );
    assert_eq!(d[0].column, Some(14));
    assert_eq!(
        d[0].source_line.as_deref(),
        Some("  {\"名前\": \"ä\" \"b\"}")
    );
}

#[test]
fn toml_error_names_file_line_and_column() {
    let d = refused(
        &Fixture::new(),
        |f| f.write("data/x.toml", "title = \"Équipe\"\nname = \"日本\" extra\n"),
        &[(
            "data/x.toml",
            Some(2),
            "unexpected key or value, expected newline, `#`",
        )],
    );
    assert_eq!(d[0].column, Some(13));
    assert_eq!(d[0].source_line.as_deref(), Some("name = \"日本\" extra"));
}

#[test]
fn every_broken_data_file_is_reported_with_the_content_errors() {
    refused(
        &Fixture::new(),
        |f| {
            f.write("data/a.json", "{\"a\": 1,}");
            f.write("data/b.toml", "x = \n");
            f.write("data/c.yaml", "good: yes\n");
            f.write("content/articles/bad.md", "no front matter\n");
        },
        &[
            (
                "content/articles/bad.md",
                Some(1),
                "expected front matter: the file must start with a `---` line",
            ),
            ("data/a.json", Some(1), "trailing comma"),
            (
                "data/b.toml",
                Some(1),
                "string values must be quoted, expected literal string",
            ),
        ],
    );
}

#[test]
fn two_files_of_one_name_are_refused_naming_both() {
    let d = refused(
        &Fixture::new(),
        |f| {
            f.write("data/team.yaml", "lead: a\n");
            f.write("data/team.json", "{\"lead\": \"b\"}");
        },
        &[(
            "data/team.yaml",
            None,
            "`data.team` is defined twice: by data/team.json and by this file",
        )],
    );
    assert_eq!(
        d[0].help.as_deref(),
        Some("keep one of the two files, or rename one (a file's name is its key)")
    );
}

#[test]
fn a_file_and_a_folder_of_one_name_are_refused() {
    refused(
        &Fixture::new(),
        |f| {
            f.write("data/team.yaml", "lead: a\n");
            f.write("data/team/members.yaml", "- a\n");
        },
        &[(
            "data/team.yaml",
            None,
            "`data.team` is both this file and the folder data/team/",
        )],
    );
}
