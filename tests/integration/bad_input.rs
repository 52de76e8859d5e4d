//! Bad input of every kind: each is refused with an exact diagnostic (file, line where one
//! exists, message), exit code 1 from the binary without a panic, and the previous output
//! left byte for byte as it was.

use galley::Diagnostic;

use crate::common::*;
use crate::support::*;

/// A diagnostic a test expects: file, line, message.
pub(crate) type Want<'a> = (&'a str, Option<usize>, &'a str);

pub(crate) const BAD: &str = "content/articles/bad.md";

/// Builds `f` (which must build), breaks it with `break_it`, and checks that both the library
/// and the binary refuse to build with exactly the `wanted` diagnostics, in order, and that
/// the output folder and its parent are left exactly as they were. Returns the diagnostics
/// for further checks (help lines, columns).
pub(crate) fn refused(
    f: &Fixture,
    break_it: impl FnOnce(&Fixture),
    wanted: &[Want<'_>],
) -> Vec<Diagnostic> {
    f.build().expect("the fixture builds before it is broken");
    let before = tree(&f.out);
    let listing = entries(f.tmp());
    break_it(f);

    let got = f.diagnostics();
    let simple: Vec<(String, Option<usize>, String)> = got
        .iter()
        .map(|d| (d.path.display().to_string(), d.line, d.message.clone()))
        .collect();
    let expected: Vec<(String, Option<usize>, String)> = wanted
        .iter()
        .map(|(p, l, m)| (p.to_string(), *l, m.to_string()))
        .collect();
    assert_eq!(simple, expected, "diagnostics differ; got {got:#?}");

    let run = f.galley(&[]);
    run.assert_exit(1);
    for d in &got {
        assert!(
            run.stderr.contains(&format!("error: {}\n", d.message)),
            "stderr lacks `{}`:\n{}",
            d.message,
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("--> {}\n", d.location())),
            "stderr lacks `{}`:\n{}",
            d.location(),
            run.stderr
        );
    }
    let files: std::collections::BTreeSet<_> = got.iter().map(|d| &d.path).collect();
    let summary = format!(
        "{} error{} in {} file{}",
        got.len(),
        if got.len() == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    assert!(
        run.stderr.contains(&format!(
            "{summary}\nbuild failed; the previous output was left as it was\n"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);

    assert_same_tree(
        &before,
        &tree(&f.out),
        "the previous output after a failed build",
    );
    assert_eq!(
        entries(f.tmp()),
        listing,
        "a failed build left files next to the output"
    );
    got
}

/// Shorthand: a fixture whose extra article `bad.md` is `text`.
pub(crate) fn refused_article(text: &str, wanted: &[Want<'_>]) -> Vec<Diagnostic> {
    refused(&Fixture::new(), |f| f.write(BAD, text), wanted)
}

/// Front matter lines that make a valid article, to add one bad line to.
pub(crate) const OK: &str = "title: \"T\"\ndescription: \"D\"\ndate: 2026-01-01";

// ---- Front matter fences -------------------------------------------------------------------

#[test]
fn no_front_matter() {
    let d = refused_article(
        "# Hello\n\nNo front matter here.\n",
        &[(
            BAD,
            Some(1),
            "expected front matter: the file must start with a `---` line",
        )],
    );
    assert_eq!(d[0].help.as_deref(), Some("start the file with `---`, then `title:`, `description:` and `date:` lines, then `---`"));
    assert_eq!(d[0].source_line.as_deref(), Some("# Hello"));
}

#[test]
fn unterminated_front_matter() {
    refused_article(
        "---\ntitle: \"T\"\ndescription: \"D\"\ndate: 2026-01-01\n\nThe body, but no closing fence.\n",
        &[(BAD, Some(1), "front matter is not closed: no `---` line after this one")],
    );
}

#[test]
fn empty_file() {
    refused_article(
        "",
        &[(
            BAD,
            None,
            "file is empty; an article needs front matter between `---` lines and a body",
        )],
    );
}

#[test]
fn blank_file() {
    refused_article(
        "\n  \n\n",
        &[(
            BAD,
            None,
            "file is empty; an article needs front matter between `---` lines and a body",
        )],
    );
}

// ---- YAML syntax ---------------------------------------------------------------------------

#[test]
fn invalid_yaml_unclosed_quote() {
    // The quote opened on line 2 runs to the end of the front matter (the fence, line 5); both
    // places are file lines, not lines of the front matter block.
    let d = refused_article(
        "---\ntitle: \"T\ndescription: D\ndate: 2026-01-01\n---\nbody\n",
        &[(
            BAD,
            Some(5),
            "found unexpected end of stream, while scanning a quoted scalar at line 2 column 8",
        )],
    );
    assert_eq!(d[0].column, Some(1));
}

#[test]
fn invalid_yaml_quote_closed_on_the_next_line() {
    // `"T` swallows the next line up to its first quote; libyaml stops at the `D"` after it.
    let d = refused_article(
        "---\ntitle: \"T\ndescription: \"D\"\ndate: 2026-01-01\n---\nbody\n",
        &[(
            BAD,
            Some(3),
            "did not find expected key, while parsing a block mapping",
        )],
    );
    assert_eq!(d[0].column, Some(15));
}

#[test]
fn invalid_yaml_unclosed_bracket() {
    refused_article(
        &format!("---\n{OK}\ntags: [a, b\n---\nbody\n"),
        &[(
            BAD,
            Some(6),
            "did not find expected ',' or ']', while parsing a flow sequence at line 5 column 7",
        )],
    );
}

#[test]
fn invalid_yaml_bad_indentation() {
    refused_article(
        &format!("---\n{OK}\ntags:\n  - a\n - b\n---\nbody\n"),
        &[(
            BAD,
            Some(7),
            "did not find expected key, while parsing a block mapping",
        )],
    );
}

#[test]
fn front_matter_that_is_not_a_map() {
    refused_article(
        "---\n- title\n- date\n---\nbody\n",
        &[(BAD, Some(2), "expected a map of `key: value` lines")],
    );
}

#[test]
fn duplicate_key() {
    refused_article(
        &format!("---\n{OK}\ntitle: \"Again\"\n---\nbody\n"),
        &[(BAD, Some(2), "duplicate entry with key \"title\"")],
    );
}

// ---- Wrong types: each names the field and what was expected -------------------------------

fn wrong_type(line: &str, message: &str) {
    let d = refused_article(
        &format!("---\n{OK}\n{line}\n---\nbody\n"),
        &[(BAD, Some(5), message)],
    );
    assert_eq!(d[0].source_line.as_deref(), Some(line));
}

#[test]
fn title_as_a_list() {
    refused_article(
        "---\ntitle: [a, b]\ndescription: \"D\"\ndate: 2026-01-01\n---\nbody\n",
        &[(BAD, Some(2), "`title`: expected a string, found sequence")],
    );
}

#[test]
fn description_as_a_map() {
    refused_article(
        "---\ntitle: \"T\"\ndescription: {a: 1}\ndate: 2026-01-01\n---\nbody\n",
        &[(BAD, Some(3), "`description`: expected a string, found map")],
    );
}

#[test]
fn date_as_a_number() {
    refused_article(
        "---\ntitle: \"T\"\ndescription: \"D\"\ndate: 20260101\n---\nbody\n",
        &[(
            BAD,
            Some(4),
            "`date`: expected a date like 2026-01-31, found `20260101`",
        )],
    );
}

#[test]
fn date_in_another_format() {
    refused_article(
        "---\ntitle: \"T\"\ndescription: \"D\"\ndate: 31/01/2026\n---\nbody\n",
        &[(
            BAD,
            Some(4),
            "`date`: expected a date like 2026-01-31, found `31/01/2026`",
        )],
    );
}

#[test]
fn tags_as_a_string() {
    wrong_type(
        "tags: jwt",
        "`tags`: expected a sequence, found string \"jwt\"",
    );
}

#[test]
fn tags_with_a_nested_list() {
    wrong_type(
        "tags: [a, [b]]",
        "`tags[1]`: expected a string, found sequence",
    );
}

#[test]
fn category_as_a_list() {
    wrong_type(
        "category: [a]",
        "`category`: expected a string, found sequence",
    );
}

#[test]
fn draft_as_a_word() {
    wrong_type(
        "draft: maybe",
        "`draft`: expected a boolean, found string \"maybe\"",
    );
}

#[test]
fn toc_as_a_number() {
    wrong_type("toc: 3", "`toc`: expected a boolean, found integer `3`");
}

#[test]
fn related_as_a_string() {
    wrong_type(
        "related: good.md",
        "`related`: expected a sequence, found string \"good.md\"",
    );
}

#[test]
fn tools_as_a_string() {
    wrong_type(
        "tools: base64",
        "`tools`: expected a sequence, found string \"base64\"",
    );
}

#[test]
fn extra_as_a_list() {
    wrong_type(
        "extra: [1, 2]",
        "`extra`: expected a YAML mapping, found sequence",
    );
}

#[test]
fn updated_that_is_not_a_date() {
    wrong_type(
        "updated: yesterday",
        "`updated`: expected a date like 2026-01-31, found `yesterday`",
    );
}

// ---- Keys and values -----------------------------------------------------------------------

#[test]
fn unknown_key_suggests_the_nearest() {
    let d = refused_article(
        &format!("---\n{OK}\ntgas: [a]\n---\nbody\n"),
        &[(BAD, Some(5), "unknown key `tgas`")],
    );
    assert_eq!(d[0].help.as_deref(), Some("did you mean `tags`?"));
}

#[test]
fn every_unknown_key_is_reported() {
    let d = refused_article(
        &format!("---\n{OK}\ntgas: [a]\ncolour: red\n---\nbody\n"),
        &[
            (BAD, Some(5), "unknown key `tgas`"),
            (BAD, Some(6), "unknown key `colour`"),
        ],
    );
    assert_eq!(d[1].help.as_deref(), Some("known keys are: title, description, date, updated, category, tags, slug, draft, related, tools, toc, extra, image, aliases, series, series_order, authors"));
}

#[test]
fn date_that_does_not_exist() {
    refused_article(
        "---\ntitle: \"T\"\ndescription: \"D\"\ndate: 2026-02-30\n---\nbody\n",
        &[(
            BAD,
            Some(4),
            "`date`: expected a date like 2026-01-31, found `2026-02-30`",
        )],
    );
}

#[test]
fn missing_required_fields_are_all_reported() {
    let d = refused_article(
        "---\ntoc: true\n---\nbody\n",
        &[
            (BAD, Some(2), "missing required key `date`"),
            (BAD, Some(2), "missing required key `description`"),
            (BAD, Some(2), "missing required key `title`"),
        ],
    );
    let help: Vec<_> = d.iter().map(|d| d.help.as_deref().unwrap()).collect();
    assert_eq!(
        help,
        [
            "add a line like `date: 2026-01-31`",
            "add a line like `description: \"One sentence about the article.\"`",
            "add a line like `title: \"My article\"`"
        ]
    );
}

#[test]
fn empty_front_matter_reports_every_required_field() {
    refused_article(
        "---\n---\nbody\n",
        &[
            (BAD, Some(2), "missing required key `date`"),
            (BAD, Some(2), "missing required key `description`"),
            (BAD, Some(2), "missing required key `title`"),
        ],
    );
}

#[test]
fn two_articles_with_the_same_slug() {
    // Articles are taken in file-name order, so the later file (good.md) is the one blamed.
    refused_article(
        &format!("---\n{OK}\nslug: good\n---\nbody\n"),
        &[("content/articles/good.md", None, "two articles have the slug `good`: this one and content/articles/bad.md; set a different `slug:` in one of them")],
    );
}

#[test]
fn two_articles_with_the_same_file_name_in_different_folders() {
    refused(
        &Fixture::new(),
        |f| f.write("content/articles/more/good.md", format!("---\n{OK}\n---\nbody\n")),
        &[(
            "content/articles/more/good.md",
            None,
            "two articles have the slug `good`: this one and content/articles/good.md; set a different `slug:` in one of them",
        )],
    );
}

#[test]
fn slug_that_would_escape_the_output() {
    refused_article(
        &format!("---\n{OK}\nslug: ../../x\n---\nbody\n"),
        &[(BAD, Some(5), "`slug`: expected lower-case letters, digits, `-` or `_` (like `jwt-vs-session`), found `../../x`")],
    );
}

#[test]
fn absolute_slug() {
    refused_article(
        &format!("---\n{OK}\nslug: /etc/passwd\n---\nbody\n"),
        &[(BAD, Some(5), "`slug`: expected lower-case letters, digits, `-` or `_` (like `jwt-vs-session`), found `/etc/passwd`")],
    );
}

// ---- Files that are not Markdown text ------------------------------------------------------

#[test]
fn file_that_is_not_utf8() {
    let mut bytes = format!("---\n{OK}\n---\n").into_bytes();
    bytes.extend_from_slice(b"caf\xe9 au lait\n");
    let d = refused(
        &Fixture::new(),
        |f| f.write(BAD, &bytes),
        &[(
            BAD,
            Some(6),
            "file is not valid UTF-8 (invalid byte at line 6, column 4); save it as UTF-8",
        )],
    );
    assert_eq!(d[0].column, Some(4));
}

#[test]
fn binary_file_named_md() {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 64));
    refused(
        &Fixture::new(),
        |f| f.write(BAD, &bytes),
        &[(
            BAD,
            None,
            "this is a binary file, not Markdown text (it contains NUL bytes)",
        )],
    );
}

#[test]
fn text_with_a_nul_byte() {
    refused_article(
        &format!("---\n{OK}\n---\nbody\0\n"),
        &[(
            BAD,
            None,
            "this is a binary file, not Markdown text (it contains NUL bytes)",
        )],
    );
}

#[test]
fn file_over_the_size_limit() {
    // About 11 MB of valid Markdown, generated here (never committed).
    let mut text = format!("---\n{OK}\n---\n");
    let line = "All work and no play makes a very long article indeed.\n";
    while text.len() < 11 * 1024 * 1024 {
        text.push_str(line);
    }
    refused(
        &Fixture::new(),
        |f| f.write(BAD, &text),
        &[(BAD, None, "file is 11 MB; articles are limited to 10 MB")],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content() {
    refused(
        &Fixture::new(),
        |f| {
            std::fs::create_dir_all(f.root.join("content/articles/loop")).unwrap();
            std::os::unix::fs::symlink("..", f.root.join("content/articles/loop/up")).unwrap();
        },
        &[(
            "content/articles/loop/up",
            None,
            "symbolic link loop: this folder links back to content/articles",
        )],
    );
}

// ---- Deep nesting: the binary must not crash -----------------------------------------------

fn deep(body: String) {
    let f = Fixture::new();
    f.build().unwrap();
    let before = tree(&f.out);
    f.write(BAD, format!("---\n{OK}\n---\n\n{body}\n"));
    let run = f.galley(&[]);
    run.assert_clean();
    match run.code {
        Some(0) => assert!(f.out.join("articles/bad/index.html").is_file(), "{run:#?}"),
        Some(1) => assert_same_tree(
            &before,
            &tree(&f.out),
            "the previous output after a failed build",
        ),
        other => panic!("unexpected exit {other:?}\n{run:#?}"),
    }
}

#[test]
fn ten_thousand_nested_lists() {
    deep(format!("{}deep", "- ".repeat(10_000)));
}

#[test]
fn ten_thousand_nested_block_quotes() {
    deep(format!("{}deep", "> ".repeat(10_000)));
}

#[test]
fn ten_thousand_nested_quotes_and_lists_mixed() {
    deep(format!("{}deep", "> - ".repeat(5_000)));
}

// ---- Shortcodes, tools, related articles, links --------------------------------------------

#[test]
fn unknown_component() {
    refused_article(
        &format!("---\n{OK}\n---\n\nText.\n\n{{{{ video(src=\"x.mp4\") }}}}\n"),
        &[(BAD, Some(9), "unknown component `video` (known: details, figure, tab, tabs, tool; a site adds one with templates/components/video.html)")],
    );
}

#[test]
fn misspelt_component() {
    refused_article(
        &format!("---\n{OK}\n---\n\nText.\n\n{{{{ toool(id=\"base64\") }}}}\n"),
        &[(
            BAD,
            Some(9),
            "unknown component `toool`; did you mean `tool`? (known: details, figure, tab, tabs, tool; a site adds one with templates/components/toool.html)",
        )],
    );
}

#[test]
fn shortcode_inside_a_paragraph() {
    refused_article(
        &format!("---\n{OK}\n---\n\nTry {{{{ tool(id=\"base64\") }}}} here.\n"),
        &[(BAD, Some(7), "a shortcode must stand alone on its own line, with blank lines around it; to show it as text, put it in `code`")],
    );
}

#[test]
fn unknown_tool_in_front_matter() {
    let d = refused_article(
        &format!("---\n{OK}\ntools: [base64, nope]\n---\nbody\n"),
        &[(BAD, Some(5), "`tools`: unknown tool `nope`")],
    );
    assert_eq!(d[0].column, Some(17));
    assert_eq!(
        d[0].help.as_deref(),
        Some("tools are declared in content/tools/; known: base64, data-uri, jwt-decoder")
    );
}

#[test]
fn misspelt_tool_in_front_matter() {
    let d = refused_article(
        &format!("---\n{OK}\ntools:\n  - base46\n---\nbody\n"),
        &[(BAD, Some(6), "`tools`: unknown tool `base46`")],
    );
    assert_eq!(d[0].help.as_deref(), Some("did you mean `base64`?"));
}

#[test]
fn unknown_tool_in_shortcode() {
    refused_article(
        &format!("---\n{OK}\n---\n\nText.\n\n{{{{ tool(id=\"nope\") }}}}\n"),
        &[(BAD, Some(9), "unknown tool `nope` (tools are declared in content/tools/: base64, data-uri, jwt-decoder)")],
    );
}

#[test]
fn related_names_a_missing_article() {
    let d = refused_article(
        &format!("---\n{OK}\nrelated:\n  - good.md\n  - missing.md\n---\nbody\n"),
        &[(BAD, Some(7), "`related`: no article `missing.md`")],
    );
    assert_eq!(d[0].column, Some(5));
}

#[test]
fn related_names_a_missing_slug() {
    refused_article(
        &format!("---\n{OK}\nrelated: [good, gone]\n---\nbody\n"),
        &[(BAD, Some(5), "`related`: no article `gone`")],
    );
}

#[test]
fn link_to_a_missing_article() {
    let d = refused_article(
        &format!("---\n{OK}\n---\n\nIntro.\n\nSee [x](@/articles/missing.md) for more.\n"),
        &[(BAD, Some(9), "link to a missing file: `@/articles/missing.md` (looked for content/articles/missing.md)")],
    );
    assert_eq!(d[0].column, Some(5));
}

#[test]
fn relative_link_to_a_missing_article_names_the_path_looked_for() {
    refused_article(
        &format!("---\n{OK}\n---\n\nSee [x](missing.md) and [y](../tools/nope.md).\n"),
        &[
            (
                BAD,
                Some(7),
                "link to a missing file: `missing.md` (looked for content/articles/missing.md)",
            ),
            (
                BAD,
                Some(7),
                "link to a missing file: `../tools/nope.md` (looked for content/tools/nope.md)",
            ),
        ],
    );
}

// ---- Templates -----------------------------------------------------------------------------

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not found"))
        + 1
}

#[test]
fn template_syntax_error() {
    let f = Fixture::new();
    let template = f.read("templates/article.html");
    let line = line_of(&template, "<h1>{{ article.title }}</h1>");
    let d = refused(
        &f,
        |f| {
            f.write(
                "templates/article.html",
                template.replace(
                    "<h1>{{ article.title }}</h1>",
                    "<h1>{{ article.title }</h1>",
                ),
            )
        },
        &[(
            "templates/article.html",
            Some(line),
            "template error: Found `}` but expected }}.",
        )],
    );
    assert!(
        d[0].help
            .as_deref()
            .unwrap()
            .contains("{{ article.title }</h1>"),
        "{:?}",
        d[0].help
    );
}

#[test]
fn template_syntax_error_in_a_partial() {
    let f = Fixture::new();
    let card = f.read("templates/partials/card.html");
    let line = line_of(&card, "card-title");
    refused(
        &f,
        |f| {
            f.write(
                "templates/partials/card.html",
                card.replace("{{ card.title }}", "{{ card.title | }}"),
            )
        },
        &[(
            "templates/partials/card.html",
            Some(line),
            "template error: Found `}}` but expected identifier.",
        )],
    );
}

#[test]
fn template_error_at_render_time_is_reported_once() {
    // A mistake in base.html breaks every page; it is one mistake, reported once.
    let f = Fixture::new();
    let base = f.read("templates/base.html");
    let line = line_of(&base, "<footer");
    refused(
        &f,
        |f| f.write("templates/base.html", base.replace("<footer", "{{ nope.x }}<footer")),
        &[(
            "templates/base.html",
            Some(line),
            "template error: Variable `nope` is not defined. Available variables: article, categories, data, feeds, has_code, has_tools, menus, page, scripts, site, tool_list",
        )],
    );
}

#[test]
fn missing_required_template() {
    refused(
        &Fixture::new(),
        |f| f.remove("templates/tag.html"),
        &[(
            "templates/tag.html",
            None,
            "missing template `tag.html`: every site needs it",
        )],
    );
}

#[test]
fn missing_tool_partial() {
    refused(
        &Fixture::new(),
        |f| f.remove("templates/tools/base64.html"),
        &[(
            "content/tools/base64.md",
            None,
            "`partial`: no template `templates/tools/base64.html`",
        )],
    );
}

#[test]
fn missing_tool_script() {
    refused(
        &Fixture::new(),
        |f| f.remove("static/tools/base64.js"),
        &[(
            "content/tools/base64.md",
            Some(4),
            "`script`: no file `static/tools/base64.js`",
        )],
    );
}

// ---- config.yaml ---------------------------------------------------------------------------

#[test]
fn config_missing() {
    let f = Fixture::new();
    let message = format!(
        "cannot read config.yaml in {}: No such file or directory (os error 2)",
        f.root.display()
    );
    refused(
        &f,
        |f| f.remove("config.yaml"),
        &[("config.yaml", None, &message)],
    );
}

#[test]
fn config_with_bad_yaml() {
    refused(
        &Fixture::new(),
        |f| {
            f.write(
                "config.yaml",
                "title: \"Test site\nbase_url: \"https://example.com/\"\n",
            )
        },
        &[(
            "config.yaml",
            Some(2),
            "did not find expected key, while parsing a block mapping",
        )],
    );
}

#[test]
fn config_with_an_unknown_key() {
    let d = refused(
        &Fixture::new(),
        |f| {
            f.write(
                "config.yaml",
                format!("{CONFIG}base_ulr: \"https://example.org/\"\n"),
            )
        },
        &[("config.yaml", Some(5), "unknown key `base_ulr`")],
    );
    assert_eq!(d[0].help.as_deref(), Some("did you mean `base_url`?"));
}

#[test]
fn config_with_a_wrong_type() {
    refused(
        &Fixture::new(),
        |f| f.write("config.yaml", format!("{CONFIG}related_count: many\n")),
        &[(
            "config.yaml",
            Some(5),
            "`related_count`: expected usize, found string \"many\"",
        )],
    );
}

#[test]
fn config_with_a_relative_base_url() {
    refused(
        &Fixture::new(),
        |f| f.write("config.yaml", "base_url: /site/\n"),
        &[("config.yaml", Some(1), "`base_url`: expected an absolute http(s) URL like https://example.com/ or https://example.github.io/site/")],
    );
}

// ---- Many problems at once -----------------------------------------------------------------

#[test]
fn every_broken_file_of_the_load_stage_is_reported() {
    let f = Fixture::new();
    let tag = f.read("templates/tag.html");
    let tag_line = line_of(&tag, "{% endblock main %}");
    let d = refused(
        &f,
        |f| {
            f.write("content/articles/b1.md", "# no front matter\n");
            f.write(
                "content/articles/b2.md",
                "---\ntitle: \"T\ndescription: \"D\"\n---\n",
            );
            f.write(
                "content/articles/b3.md",
                format!("---\n{OK}\ntgas: [a]\n---\n"),
            );
            f.write("content/articles/b4.md", "---\ntoc: true\n---\n");
            f.write("content/articles/b5.md", b"\0\0\0\0");
            f.write("content/tools/broken.md", "---\ntitle: \"Broken\"\n---\n");
            f.write(
                "templates/tag.html",
                tag.replace("{% endblock main %}", "{% endblock %"),
            );
        },
        &[
            (
                "content/articles/b1.md",
                Some(1),
                "expected front matter: the file must start with a `---` line",
            ),
            (
                "content/articles/b2.md",
                Some(3),
                "did not find expected key, while parsing a block mapping",
            ),
            ("content/articles/b3.md", Some(5), "unknown key `tgas`"),
            (
                "content/articles/b4.md",
                Some(2),
                "missing required key `date`",
            ),
            (
                "content/articles/b4.md",
                Some(2),
                "missing required key `description`",
            ),
            (
                "content/articles/b4.md",
                Some(2),
                "missing required key `title`",
            ),
            (
                "content/articles/b5.md",
                None,
                "this is a binary file, not Markdown text (it contains NUL bytes)",
            ),
            (
                "content/tools/broken.md",
                Some(2),
                "missing required key `description`",
            ),
            (
                "content/tools/broken.md",
                Some(2),
                "missing required key `partial`",
            ),
            (
                "content/tools/broken.md",
                Some(2),
                "missing required key `script`",
            ),
            (
                "templates/tag.html",
                Some(tag_line),
                "template error: Found `%` but expected %}.",
            ),
        ],
    );
    let files: std::collections::BTreeSet<_> = d.iter().map(|d| &d.path).collect();
    assert_eq!(
        (d.len(), files.len()),
        (11, 7),
        "11 errors in 7 files, all in one run"
    );
}

#[test]
fn every_broken_file_of_the_parse_stage_is_reported() {
    let d = refused(
        &Fixture::new(),
        |f| {
            f.article("c1", OK, "See [x](@/articles/nope.md).\n");
            f.article("c2", OK, "{{ video(src=\"x\") }}\n\nAnd [y](gone.md).\n");
            f.article("c3", OK, "{{ tool(id=\"nope\") }}\n");
        },
        &[
            ("content/articles/c1.md", Some(7), "link to a missing file: `@/articles/nope.md` (looked for content/articles/nope.md)"),
            ("content/articles/c2.md", Some(7), "unknown component `video` (known: details, figure, tab, tabs, tool; a site adds one with templates/components/video.html)"),
            ("content/articles/c2.md", Some(9), "link to a missing file: `gone.md` (looked for content/articles/gone.md)"),
            ("content/articles/c3.md", Some(7), "unknown tool `nope` (tools are declared in content/tools/: base64, data-uri, jwt-decoder)"),
        ],
    );
    let files: std::collections::BTreeSet<_> = d.iter().map(|d| &d.path).collect();
    assert_eq!(
        (d.len(), files.len()),
        (4, 3),
        "4 errors in 3 files, all in one run"
    );
}

#[test]
fn a_front_matter_error_does_not_hide_a_broken_link_in_another_file() {
    refused(
        &Fixture::new(),
        |f| {
            f.article("e1", &format!("{OK}\ntgas: [x]"), "Fine.\n");
            f.article("e2", OK, "See [x](@/articles/nope.md) and [y](e1.md).\n");
        },
        &[
            ("content/articles/e1.md", Some(5), "unknown key `tgas`"),
            ("content/articles/e2.md", Some(7), "link to a missing file: `@/articles/nope.md` (looked for content/articles/nope.md)"),
        ],
    );
}

#[test]
fn every_broken_file_of_the_index_stage_is_reported() {
    let d = refused(
        &Fixture::new(),
        |f| {
            f.article("d1", &format!("{OK}\ntools: [nope]"), "Body.\n");
            f.article(
                "d2",
                &format!("{OK}\nrelated: [gone.md, good.md, lost]"),
                "Body.\n",
            );
        },
        &[
            (
                "content/articles/d1.md",
                Some(5),
                "`tools`: unknown tool `nope`",
            ),
            (
                "content/articles/d2.md",
                Some(5),
                "`related`: no article `gone.md`",
            ),
            (
                "content/articles/d2.md",
                Some(5),
                "`related`: no article `lost`",
            ),
        ],
    );
    let files: std::collections::BTreeSet<_> = d.iter().map(|d| &d.path).collect();
    assert_eq!(
        (d.len(), files.len()),
        (3, 2),
        "3 errors in 2 files, all in one run"
    );
}

// ---- Usage errors --------------------------------------------------------------------------

#[test]
fn bad_base_url_flag_is_a_usage_error() {
    let f = Fixture::new();
    f.build().unwrap();
    let before = tree(&f.out);
    let run = f.galley(&["--base-url", "example.org/site"]);
    run.assert_exit(2);
    assert_eq!(
        run.stderr,
        "--base-url: expected an absolute http(s) URL, found `example.org/site`\n"
    );
    assert_same_tree(&before, &tree(&f.out), "the output after a usage error");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let f = Fixture::new();
    let run = f.galley(&["--draft"]);
    run.assert_exit(2);
    assert!(
        run.stderr.contains("unexpected argument '--draft'"),
        "{}",
        run.stderr
    );
    assert!(!f.out.exists());
}
