//! Components through a whole build: the built-in `tabs`, `tab`, `details` and `figure`,
//! nesting, a site's own component, components in code left as text, the tabs' script only
//! on pages that use tabs, and every misuse refused at `file:line:column` with the previous
//! output untouched. Math (`markdown.math`) is here too: it is the other Markdown extension
//! that turns text into markup.

use crate::bad_input::{refused, refused_article, BAD, OK};
use crate::common::*;
use crate::support::*;

const TABS: &str = "Intro.

{% tabs() %}
{% tab(label=\"Node.js\") %}
## Inside a tab

```js
verify(token);
```

{% details(summary=\"Why verify?\") %}
Because *anyone* can write a token.
{% end %}
{% end %}
{% tab(label=\"Python\") %}
```python
decode(token)
```
{% end %}
{% end %}

{{ figure(src=\"/favicon.svg\", alt=\"The site's icon\", caption=\"An icon\", width=\"32\", height=\"32\") }}

Show a tag as text: `{% tabs() %}`.

```markdown
{% details(summary=\"x\") %}
{{ figure(src=\"a.png\", alt=\"\") }}
{% end %}
```
";

#[test]
fn built_in_components_nest_in_a_built_page() {
    let f = Fixture::new();
    f.article("tabs", &format!("{OK}\nslug: tabs\ntoc: true"), TABS);
    f.galley(&[]).assert_exit(0);
    let doc = page(&f.out, "articles/tabs/index.html");
    let panels = select(&doc, ".prose .tabs > .tab-panel");
    let labels: Vec<_> = panels
        .iter()
        .map(|p| p.value().attr("data-label").unwrap())
        .collect();
    assert_eq!(labels, ["Node.js", "Python"]);
    let headings: Vec<_> = select(&doc, ".tab-panel > h3.tab-label")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        headings,
        ["Node.js", "Python"],
        "every panel is labelled for readers without JavaScript"
    );
    // The body's own heading gets an id and joins the table of contents.
    let h2 = &select(&doc, ".tab-panel h2")[0];
    assert_eq!(h2.value().attr("id"), Some("inside-a-tab"));
    assert!(!select(&doc, ".toc a[href=\"#inside-a-tab\"]").is_empty());
    // details inside the first tab, with its Markdown rendered.
    let details = select(
        &doc,
        ".tab-panel[data-label=\"Node.js\"] details.component-details",
    );
    assert_eq!(details.len(), 1);
    assert_eq!(
        text(&details[0].select(&sel("summary")).next().unwrap()),
        "Why verify?"
    );
    assert_eq!(details[0].select(&sel("p em")).count(), 1);
    assert_eq!(select(&doc, ".tab-panel figure.code").len(), 2);
    // The figure.
    let img = &select(&doc, ".prose figure.component-figure > img")[0];
    assert_eq!(img.value().attr("src"), Some("/favicon.svg"));
    assert_eq!(img.value().attr("alt"), Some("The site's icon"));
    assert_eq!(
        (img.value().attr("width"), img.value().attr("height")),
        (Some("32"), Some("32"))
    );
    assert_eq!(
        text(&select(&doc, "figure.component-figure > figcaption")[0]),
        "An icon"
    );
    // Tags in code stay text.
    let code: Vec<String> = select(&doc, ".prose p code").iter().map(text).collect();
    assert!(code.contains(&"{% tabs() %}".to_string()), "{code:?}");
    let block = text(&select(&doc, ".prose figure.code[data-lang=\"markdown\"] pre")[0]);
    assert!(
        block.contains("{% details(summary=\"x\") %}") && block.contains("{{ figure("),
        "{block}"
    );
    // The tabs' script only where tabs are used.
    let tabs_script = "script[type=module][src^=\"/js/components/tabs.js?h=\"]";
    assert_eq!(select(&doc, tabs_script).len(), 1);
    assert!(select(&page(&f.out, "articles/good/index.html"), tabs_script).is_empty());
}

#[test]
fn a_site_adds_a_component_with_a_template() {
    let f = Fixture::new();
    f.write(
        "templates/components/note.html",
        "{#\narguments: kind, title?\nbody: required\n#}\n<div class=\"note note-{{ kind }}\" id=\"{{ uid }}\">{% if title %}<p class=\"note-title\">{{ title }}</p>{% endif %}{{ body | safe }}</div>\n",
    );
    f.article(
        "note",
        &format!("{OK}\nslug: note"),
        "{% note(kind=\"info\") %}\nHello **there**.\n{% end %}\n\n{% note(kind=\"tip\", title=\"Tip\") %}\nTwo.\n{% end %}\n",
    );
    f.galley(&[]).assert_exit(0);
    let doc = page(&f.out, "articles/note/index.html");
    let notes = select(&doc, ".prose div.note");
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].value().attr("id"), Some("note-1"));
    assert_eq!(notes[0].select(&sel("strong")).count(), 1);
    assert_eq!(
        notes[0].select(&sel(".note-title")).count(),
        0,
        "an optional argument left out is empty"
    );
    assert_eq!(
        text(&notes[1].select(&sel(".note-title")).next().unwrap()),
        "Tip"
    );
}

fn refused_body(body: &str, line: usize, message: &str) -> Vec<galley::Diagnostic> {
    // Front matter is lines 1-5, then a blank line: the body's first line is line 7.
    refused_article(
        &format!("---\n{OK}\n---\n\n{body}"),
        &[(BAD, Some(line), message)],
    )
}

#[test]
fn unknown_component_or_argument_is_refused_with_a_suggestion() {
    let d = refused_body(
        "Text.\n\n{% detials(summary=\"x\") %}\nBody.\n{% end %}\n",
        9,
        "unknown component `detials`; did you mean `details`? (known: details, figure, tab, tabs, tool; a site adds one with templates/components/detials.html)",
    );
    assert_eq!(d[0].column, Some(1));
    let d = refused_body(
        "{% details(sumary=\"x\") %}\nBody.\n{% end %}\n",
        7,
        "`details` has no argument `sumary`; did you mean `summary`? (it takes summary, open)",
    );
    assert_eq!(
        d[0].source_line.as_deref(),
        Some("{% details(sumary=\"x\") %}")
    );
    refused_body(
        "{% details() %}\nBody.\n{% end %}\n",
        7,
        "`details` needs `summary`: details(summary=\"…\")",
    );
}

#[test]
fn unclosed_block_stray_end_and_misplaced_components_are_refused() {
    let d = refused_body(
        "{% tabs() %}\n{% tab(label=\"A\") %}\nA.\n{% end %}\n\nMore text.\n",
        7,
        "`tabs` is never closed: expected `{% end %}` on a line of its own after its body",
    );
    assert_eq!(d[0].column, Some(1));
    let d = refused_body(
        "Text.\n\n    {% end %}\n",
        9,
        "`{% end %}` with no component open: remove it, or open one above with `{% name(…) %}`",
    );
    assert_eq!(d[0].column, Some(5));
    refused_body(
        "{% tab(label=\"A\") %}\nA.\n{% end %}\n",
        7,
        "`tab` goes directly inside `{% tabs() %}` … `{% end %}`",
    );
    refused_body(
        "{{ details(summary=\"x\") }}\n",
        7,
        "`details` has a body: write it as a block, {% details(…) %} on its own line, the body, then {% end %}",
    );
    refused_body(
        "{% figure(src=\"a.png\", alt=\"A\") %}\nx\n{% end %}\n",
        7,
        "`figure` has no body: write it inline, {{ figure(…) }}, alone in a paragraph",
    );
    refused_body(
        "{% tool(id=\"base64\") %}\n{% end %}\n",
        7,
        "`tool` has no body: write it inline, {{ tool(id=\"base64\") }}",
    );
    refused_body(
        "{% details(summary=\"x\")\nBody.\n",
        7,
        "component tag is not closed: expected `%}` at the end of the line",
    );
}

#[test]
fn a_broken_component_signature_is_refused_at_its_line() {
    let d = refused(
        &Fixture::new(),
        |f| {
            f.write(
                "templates/components/note.html",
                "{#\narguments: kind\nbody: maybe\n#}\n<div>{{ body | safe }}</div>\n",
            )
        },
        &[(
            "templates/components/note.html",
            Some(3),
            "component signature: `body`: expected required, optional or none, found `maybe`",
        )],
    );
    assert_eq!(d[0].column, Some(1));
}

// ---- Math -----------------------------------------------------------------------------------

const MATH: &str = "A price: $5 and $10.\n\nInline $x^2$ and display $$\\frac{a}{b}$$.\n";

#[test]
fn math_is_off_by_default_so_dollars_stay_prose() {
    let f = Fixture::new();
    f.article("math", &format!("{OK}\nslug: math"), MATH);
    f.galley(&[]).assert_exit(0);
    let doc = page(&f.out, "articles/math/index.html");
    assert!(select(&doc, ".prose math").is_empty());
    let first = text(&select(&doc, ".prose p")[0]);
    assert_eq!(first, "A price: $5 and $10.");
}

#[test]
fn math_switched_on_becomes_mathml() {
    let f = Fixture::new();
    f.write("config.yaml", format!("{CONFIG}markdown:\n  math: true\n"));
    f.article(
        "math",
        &format!("{OK}\nslug: math"),
        "Inline $x^2$ and display $$\\frac{a}{b}$$.\n",
    );
    f.galley(&[]).assert_exit(0);
    let doc = page(&f.out, "articles/math/index.html");
    let maths = select(&doc, ".prose p math");
    assert_eq!(maths.len(), 2);
    assert_eq!(maths[0].value().attr("display"), Some("inline"));
    assert_eq!(maths[1].value().attr("display"), Some("block"));
    assert_eq!(maths[0].select(&sel("msup")).count(), 1);
    assert_eq!(maths[1].select(&sel("mfrac")).count(), 1);
}

#[test]
fn invalid_tex_is_refused_at_its_line_and_column() {
    let d = refused(
        &Fixture::new(),
        |f| {
            f.write("config.yaml", format!("{CONFIG}markdown:\n  math: true\n"));
            f.write(
                BAD,
                format!("---\n{OK}\n---\n\nText.\n\nSee $a^b^c$ here.\n"),
            );
        },
        &[(
            BAD,
            Some(9),
            "invalid TeX in math: trying to add a superscript twice to the same element",
        )],
    );
    assert_eq!(d[0].column, Some(5));
}

#[test]
fn a_bad_math_switch_is_refused_at_its_line() {
    let d = refused(
        &Fixture::new(),
        |f| f.write("config.yaml", format!("{CONFIG}markdown:\n  math: maybe\n")),
        &[(
            "config.yaml",
            Some(6),
            "`markdown.math`: expected a boolean, found string \"maybe\"",
        )],
    );
    assert!(d[0].column.is_some());
}
