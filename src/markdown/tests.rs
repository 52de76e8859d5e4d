use super::*;

struct ToolEmbeds;

impl Embeds for ToolEmbeds {
    fn embed(&self, call: &Shortcode, at: &Use<'_>) -> Result<String, String> {
        let n = at.n;
        match (call.name.as_str(), call.arg("id")) {
            ("box", _) if at.block => Ok(format!("<div class=\"box\">{BODY}</div>")),
            ("tool", Some("base64")) => Ok(format!("<section data-n=\"{n}\"></section>")),
            ("tool", Some(other)) => Err(format!("unknown tool `{other}`")),
            (name, _) => Err(format!("unknown shortcode `{name}`")),
        }
    }
}

fn render_md(body: &str) -> Result<Rendered, Vec<Diagnostic>> {
    render_in(body, Pass::Whole)
}

fn render_in(body: &str, pass: Pass) -> Result<Rendered, Vec<Diagnostic>> {
    let file_text = format!("---\ntitle: x\n---\n{body}");
    let links: LinkMap = [(
        "articles/other.md".to_string(),
        "/articles/other/".to_string(),
    )]
    .into();
    let h = Highlighter::new();
    let doc = Document {
        body,
        body_line: 4,
        source: "articles/this.md",
        display_path: Path::new("content/articles/this.md"),
        file_text: &file_text,
    };
    render(
        &doc,
        &Env {
            images: &Default::default(),
            left_out: &Default::default(),
            pass,
            math: false,
            highlighter: &h,
            links: &links,
            embeds: &ToolEmbeds,
        },
    )
}

#[test]
fn headings_get_unique_ids_anchors_and_toc() {
    let r = render_md("## Intro\n\ntext\n\n### Intro\n\n## Intro\n\n## Custom {#mine}\n").unwrap();
    assert_eq!(r.anchors, vec!["intro", "intro-1", "intro-2", "mine"]);
    assert!(
        r.html
            .contains(r##"<h2 id="intro">Intro<a class="anchor" href="#intro""##),
        "{}",
        r.html
    );
    assert_eq!(r.toc.len(), 3);
    assert_eq!(r.toc[0].children[0].id, "intro-1");
}

#[test]
fn internal_links_resolve_and_missing_ones_fail_with_line() {
    let r = render_md("See [x](@/articles/other.md#a) and [y](other.md).\n").unwrap();
    assert!(r.html.contains(r##"href="/articles/other/#a""##));
    assert!(r.html.contains(r#"href="/articles/other/""#));
    let errs = render_md("line one\n\nand [gone](@/articles/gone.md)\n").unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!((errs[0].line, errs[0].column), (Some(6), Some(5)));
    assert!(errs[0].message.contains("articles/gone.md"));
}

#[test]
fn shortcodes_expand_alone_but_not_in_code() {
    let r = render_md("a\n\n{{ tool(id=\"base64\") }}\n\n`{{ tool(id=\"x\") }}`\n\n```md\n{{ tool(id=\"y\") }}\n```\n").unwrap();
    assert!(r.html.contains("<section data-n=\"1\"></section>"));
    assert!(!r.html.contains("<p>{{"));
    assert_eq!(r.shortcodes.len(), 1);
    let errs = render_md("{{ tool(id=\"nope\") }}\n\n{{ video(id=\"a\") }}\n").unwrap_err();
    let msgs: Vec<_> = errs.iter().map(|e| (e.line, e.message.clone())).collect();
    assert_eq!(
        msgs,
        vec![
            (Some(4), "unknown tool `nope`".into()),
            (Some(6), "unknown shortcode `video`".into())
        ]
    );
    let errs = render_md("text {{ tool(id=\"base64\") }} inline\n").unwrap_err();
    assert!(errs[0].message.contains("on its own line"));
}

#[test]
fn code_blocks_are_highlighted_and_labelled() {
    let r = render_md("```javascript\nconst a = 1;\n```\n\n```\n<raw>\n```\n").unwrap();
    assert!(r
        .html
        .contains(r#"<figcaption><span class="code-lang">JavaScript</span></figcaption>"#));
    assert!(r.html.contains("class=\"hl-"));
    assert!(r.html.contains("&lt;raw&gt;"));
}

#[test]
fn tables_footnotes_tasks_strikethrough() {
    let r = render_md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: note\n\n- [x] done\n- [ ] todo\n").unwrap();
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("footnote-definition"));
    assert!(r.html.contains(r#"aria-label="Done""#));
}

#[test]
fn summary_is_the_part_before_more() {
    let r = render_md("First *para*.\n\n<!-- more -->\n\nSecond.\n").unwrap();
    assert_eq!(
        r.summary_html.as_deref(),
        Some("<p>First <em>para</em>.</p>\n")
    );
    assert!(r.html.contains("Second."));
    assert!(render_md("No marker.\n").unwrap().summary_html.is_none());
}

/// An outline is the full rendering without the body HTML: summary (its code highlighted),
/// table of contents, anchors, words, text and problems all the same.
#[test]
fn outline_is_the_full_rendering_without_the_body() {
    let code = "```rust\nfn main() { let x = 1; }\n```\n";
    let bodies = [
        format!("Intro.\n\n{code}\n<!-- more -->\n\n## After\n\n{code}"),
        format!("## Only\n\nText [x](other.md).\n\n{code}\n- [ ] task\n"),
        format!("{code}\n<!-- more -->\n"),
        "No code, no summary.".to_string(),
        format!(
            "Indented in a list:\n\n- item\n\n  {}\n<!-- more -->\n",
            code.replace('\n', "\n  ")
        ),
    ];
    for body in &bodies {
        let full = render_md(body).unwrap();
        let outline = render_in(body, Pass::Outline).unwrap();
        assert!(outline.html.is_empty());
        let body_only = render_in(body, Pass::Body).unwrap();
        assert_eq!(body_only.html, full.html, "{body}");
        assert_eq!(
            (&body_only.toc, &body_only.anchors),
            (&full.toc, &full.anchors)
        );
        assert_eq!(
            Rendered {
                html: Default::default(),
                ..full.clone()
            }
            .summary_html,
            outline.summary_html,
            "{body}"
        );
        assert_eq!(
            format!(
                "{:?}",
                Rendered {
                    html: Default::default(),
                    ..full
                }
            ),
            format!("{outline:?}"),
            "{body}"
        );
    }
    let summary = render_in(&bodies[0], Pass::Outline)
        .unwrap()
        .summary_html
        .unwrap();
    assert!(
        summary.contains("<span class=\"hl-"),
        "summary code is highlighted: {summary}"
    );
    assert_eq!(
        render_in("[x](missing.md)", Pass::Outline)
            .unwrap_err()
            .len(),
        1,
        "an outline finds every problem"
    );
}

#[test]
fn github_alerts_become_callouts() {
    let kinds = [
        ("NOTE", "callout-note", "Note"),
        ("TIP", "callout-tip", "Tip"),
        ("IMPORTANT", "callout-important", "Important"),
        ("WARNING", "callout-warning", "Warning"),
        ("CAUTION", "callout-caution", "Caution"),
    ];
    for (marker, class, label) in kinds {
        let r = render_md(&format!("> [!{marker}]\n> Mind the **gap**.\n\nAfter.\n")).unwrap();
        let doc = scraper::Html::parse_fragment(&r.html);
        let sel = |css: &str| scraper::Selector::parse(css).unwrap();
        let aside = doc
            .select(&sel(&format!("aside.callout.{class}[role=note]")))
            .next()
            .unwrap_or_else(|| panic!("no callout for {marker}: {}", r.html));
        let title = aside.select(&sel("p.callout-title")).next().unwrap();
        assert_eq!(title.text().collect::<String>(), label);
        let icon = title.select(&sel("svg.callout-icon")).next().unwrap();
        assert_eq!(icon.value().attr("aria-hidden"), Some("true"));
        let body = aside.select(&sel("p:not(.callout-title)")).next().unwrap();
        assert_eq!(body.inner_html(), "Mind the <strong>gap</strong>.");
        assert!(doc.select(&sel("blockquote")).next().is_none());
    }
    let plain = render_md("> Just a quote.\n").unwrap();
    assert!(plain.html.starts_with("<blockquote>"), "{}", plain.html);
}

#[test]
fn block_components_nest_and_their_headings_join_the_toc() {
    let body = "## Before\n\n{% box() %}\n## Inside\n\n- a list\n{% box() %}\n*deep*\n{% end %}\n{% end %}\n\n## After\n";
    let r = render_md(body).unwrap();
    assert_eq!(r.anchors, ["before", "inside", "after"]);
    assert_eq!(r.toc.len(), 3);
    let html = &r.html;
    let outer = html.find("<div class=\"box\">").unwrap();
    let inner = html[outer + 1..].find("<div class=\"box\">").unwrap() + outer + 1;
    let list_end = html.find("</ul>").unwrap();
    assert!(outer < list_end && list_end < inner, "{html}");
    assert!(html.contains("<em>deep</em>"), "{html}");
    assert_eq!(html.matches("</div>").count(), 2, "{html}");
    assert_eq!(r.shortcodes.len(), 2);
}

#[test]
fn block_tags_in_code_stay_text() {
    let body = "```\n{% box() %}\n```\n\nUse `{% end %}` to close.\n";
    let r = render_md(body).unwrap();
    assert!(r.html.contains("{% box() %}"), "{}", r.html);
    assert!(r.html.contains("<code>{% end %}</code>"), "{}", r.html);
    assert!(r.shortcodes.is_empty());
}

#[test]
fn block_errors_point_at_their_lines() {
    let at = |body: &str| -> Vec<(usize, usize, String)> {
        render_md(body)
            .unwrap_err()
            .into_iter()
            .map(|d| (d.line.unwrap(), d.column.unwrap(), d.message))
            .collect()
    };
    // The body starts on line 4.
    let unclosed = at("Intro.\n\n{% box() %}\ntext\n");
    assert_eq!((unclosed[0].0, unclosed[0].1), (6, 1));
    assert!(unclosed[0].2.contains("never closed"), "{unclosed:?}");
    let stray = at("Intro.\n\n  {% end %}\n");
    assert_eq!((stray[0].0, stray[0].1), (6, 3));
    assert!(stray[0].2.contains("no component open"), "{stray:?}");
    let inline = at("Text {% box() %} more.\n");
    assert!(inline[0].2.contains("must stand alone"), "{inline:?}");
    let more = at("{% box() %}\n<!-- more -->\n{% end %}\n");
    assert_eq!(more[0].0, 5, "{more:?}");
    let unknown = at("{% video() %}\n{% end %}\n");
    assert_eq!(
        (unknown[0].0, unknown[0].2.as_str()),
        (4, "unknown shortcode `video`")
    );
}
