use super::*;
use std::time::Duration;

#[test]
fn javascript_is_highlighted_with_classes() {
    let h = Highlighter::new();
    let b = h.highlight("const x = 1; // hi\n", Some("javascript"));
    assert!(b.highlighted);
    assert_eq!(b.label.as_deref(), Some("JavaScript"));
    assert!(b.html().contains("class=\"hl-"), "{}", b.html());
    assert!(!b.html().contains("style="));
}

#[test]
fn bat_only_languages_highlight() {
    let h = Highlighter::new();
    for (lang, name) in [
        ("ts", "TypeScript"),
        ("toml", "TOML"),
        ("dockerfile", "Dockerfile"),
    ] {
        let b = h.highlight("a = 1\n", Some(lang));
        assert_eq!(b.label.as_deref(), Some(name), "{lang}");
        assert!(b.highlighted);
    }
}

#[test]
fn unknown_language_is_escaped_plain_text() {
    let b = Highlighter::new().highlight("<b>&</b>\n", Some("nosuchlang"));
    assert!(!b.highlighted);
    assert_eq!(b.html(), "&lt;b&gt;&amp;&lt;/b&gt;\n");
    assert_eq!(b.label.as_deref(), Some("nosuchlang"));
    assert_eq!(Highlighter::new().highlight("x", None).label, None);
}

/// Every grammar a fence can reach must finish on input that made bat's JavaScript grammar
/// loop forever. Runs each in a thread so a regression fails the test instead of hanging it.
#[test]
fn no_reachable_grammar_hangs_on_comment_openers() {
    let h = std::sync::Arc::new(Highlighter::new());
    let mut tokens: Vec<String> = vec![
        "js".into(),
        "javascript".into(),
        "jsx".into(),
        "html".into(),
        "vue".into(),
        "svelte".into(),
        "php".into(),
        "md".into(),
    ];
    for set in [h.syntect_set(), h.bat_set()] {
        tokens.extend(set.syntaxes().iter().map(|s| s.name.clone()));
    }
    let mut hung = Vec::new();
    for token in tokens {
        let h2 = h.clone();
        let t = token.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let code = "x /*\n<script>\nx /*\n</script>\n<script> y /* </script>\n```js\nx /*\n```\n`${x /* }`\n";
            let _ = h2.highlight(code, Some(&t));
            let _ = tx.send(());
        });
        if rx.recv_timeout(Duration::from_secs(5)).is_err() {
            hung.push(token);
        }
    }
    assert!(hung.is_empty(), "grammars that hang: {hung:?}");
}

#[test]
fn stylesheet_has_both_schemes_and_readable_colours() {
    let (css, picked) = Highlighter::with_themes("InspiredGithub", "OneHalfDark")
        .unwrap()
        .stylesheets();
    assert!(css.contains("@media (prefers-color-scheme: light)"));
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
    assert!(css.contains(".hl-code"));
    // The reader's pick in the header wins over the system's scheme, both ways.
    assert!(css.contains(":root:not([data-theme=dark]) .hl-code {"));
    assert!(css.contains(":root:not([data-theme=light]) .hl-code {"));
    assert!(picked.contains(":root[data-theme=light] .hl-code {"));
    assert!(picked.contains(":root[data-theme=dark] .hl-code {"));
    assert!(!css.contains(":root[data-theme=dark] .hl-code {"));
    assert!(matches!(
        Highlighter::with_themes("Nope", "OneHalfDark"),
        Err(ThemeError::Unknown(..))
    ));
}

#[test]
fn readable_reaches_aa_contrast() {
    let bg = Color::WHITE;
    let pale = Color {
        r: 0xcc,
        g: 0xcc,
        b: 0xcc,
        a: 0xff,
    };
    assert!(contrast(readable(pale, &[bg; 4]), bg) >= 4.5);
    let dark_bg = Color {
        r: 0x28,
        g: 0x2c,
        b: 0x34,
        a: 0xff,
    };
    let dim = Color {
        r: 0x5c,
        g: 0x63,
        b: 0x70,
        a: 0xff,
    };
    assert!(contrast(readable(dim, &[dark_bg; 4]), dark_bg) >= 4.5);
}

/// Code samples in the corpus languages, with the constructs that make nested scopes.
const SAMPLES: &[(&str, &str)] = &[
        ("javascript", "// Fetch a user.\nexport async function load(id /* number */) {\n  const res = await fetch(`/api/${id}?q=${encodeURIComponent(\"a&b\")}`);\n  if (res.status >= 400 && !res.ok) throw new Error('bad <status>');\n  return /ab+c/gi.test(res.url) ? { id, ok: true } : null;\n}\n"),
        ("python", "import os\n\n@dataclass\nclass User(Base):\n    \"\"\"A user.\"\"\"\n    def greet(self, name: str = 'x') -> str:\n        return f\"hi {name!r} {self.n + 1:>4}\"  # comment\n"),
        ("rust", "use std::io;\n\n/// Doc.\n#[derive(Debug)]\npub struct P<'a> { x: &'a str }\nfn main() -> io::Result<()> {\n    let v: Vec<u8> = vec![1, 2, 0x3f];\n    println!(\"{} <{:?}>\", v.len(), \"a\\n\");\n    Ok(())\n}\n"),
        ("go", "package main\n\nimport \"fmt\"\n\n// Add adds.\nfunc Add(a, b int) (int, error) {\n\tif a < 0 { return 0, fmt.Errorf(\"neg %d\", a) }\n\treturn a + b, nil\n}\n"),
        ("bash", "#!/bin/bash\nset -euo pipefail\nfor f in *.md; do\n  echo \"file: ${f%.md} $(wc -l < \"$f\")\" >&2 # count\ndone\n"),
        ("json", "{\n  \"name\": \"galley\",\n  \"version\": 1.5e3,\n  \"tags\": [true, null, \"<b>\"]\n}\n"),
        ("typescript", "interface A<T> { x?: T; readonly y: number }\nconst f = <T,>(a: A<T>): string => `${a.y}`;\nenum E { One = 1 }\n"),
    ];

/// The text of `html` and, for each of its bytes, the class of the span around it.
fn spans(html: &str) -> (String, Vec<Option<String>>) {
    let (mut text, mut classes) = (String::new(), Vec::new());
    let mut open: Option<String> = None;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<span class=\"") {
            assert!(open.is_none(), "nested span in {html}");
            let end = r.find("\">").expect("unterminated span tag");
            open = Some(r[..end].to_string());
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix("</span>") {
            assert!(open.take().is_some(), "unbalanced </span> in {html}");
            rest = r;
        } else {
            assert!(
                !rest.starts_with('<') && !rest.starts_with('>'),
                "raw markup in {html}"
            );
            let (ch, len) = if let Some(r) = rest.strip_prefix('&') {
                let end = r.find(';').expect("unterminated entity");
                let ch = match &r[..end] {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    other => panic!("unexpected entity {other}"),
                };
                (ch.to_string(), end + 2)
            } else {
                let c = rest.chars().next().unwrap();
                (c.to_string(), c.len_utf8())
            };
            text.push_str(&ch);
            classes.extend(std::iter::repeat_n(open.clone(), ch.len()));
            rest = &rest[len..];
        }
    }
    assert!(open.is_none(), "unclosed span in {html}");
    (text, classes)
}

#[test]
fn output_is_well_formed_escaped_and_has_no_empty_spans() {
    let h = Highlighter::new();
    for (lang, code) in SAMPLES {
        let b = h.highlight(code, Some(lang));
        assert!(b.highlighted, "{lang}");
        let (text, _) = spans(&b.html());
        assert_eq!(&text, code, "{lang}");
        assert!(!b.html().contains("\"></span>"), "empty span: {}", b.html());
    }
}

#[test]
fn neighbours_of_the_same_class_are_merged() {
    let h = Highlighter::new();
    for (lang, code) in SAMPLES {
        // A span across a newline is closed and opened again: neighbours on one line only.
        let block = h.highlight(code, Some(lang));
        for html in block.lines.iter() {
            neighbours_differ(lang, html);
        }
    }
    let mut w = writer::SpanWriter::default();
    let c = (1..h.classes().light.len())
        .map(|l| h.classes().class_of(l, 0))
        .find(|c| c.blank_is_plain)
        .unwrap();
    w.token("a", c);
    w.token("b", c);
    w.token(" \n", h.classes().class_of(0, 0));
    w.token("c", c);
    w.token("d", h.classes().class_of(0, 0));
    let name = c.name.unwrap();
    assert_eq!(
        w.finish(),
        format!("<span class=\"{}\">ab \nc</span>d", name.as_str())
    );
}

fn neighbours_differ(lang: &str, html: &str) {
    {
        let mut prev: Option<&str> = None;
        for part in html.split("<span class=\"").skip(1) {
            let class = &part[..part.find('"').unwrap()];
            let after = &part[part.find("</span>").unwrap() + 7..];
            if let Some(p) = prev {
                assert_ne!(
                    p, class,
                    "{lang}: two neighbouring spans of class {class}: {html}"
                );
            }
            // Only whitespace between two spans of the same class is not merged if it is
            // visible (background or underline), and the samples have none.
            prev = after.chars().all(char::is_whitespace).then_some(class);
        }
    }
}

/// The style the stylesheet gives to each byte of the output, per scheme.
struct Css {
    base: [(String, String); 2],
    rules: [Vec<(String, String)>; 2],
}

impl Css {
    fn parse(css: &str) -> Css {
        let mut base: [(String, String); 2] = Default::default();
        let mut rules: [Vec<(String, String)>; 2] = Default::default();
        let mut scheme = 0;
        for line in css.lines() {
            if line.starts_with("@media (prefers-color-scheme: dark)") {
                scheme = 1;
            }
            let Some((selector, decls)) = line.split_once(" { ") else {
                continue;
            };
            let selector = selector.split_once(") ").map_or(selector, |(_, s)| s);
            let decls = decls.trim_end_matches(" }").to_string();
            if selector == ".hl-code" {
                let get = |k: &str| {
                    decls
                        .split(';')
                        .find_map(|d| d.trim().strip_prefix(k))
                        .unwrap()
                        .trim()
                        .to_string()
                };
                base[scheme] = (get("color:"), get("background-color:"));
            } else if !selector.contains(".line") {
                // The last quoted value: `hl-4` of `span[class^="hl-4"]`, `b` of
                // `span[class^="hl-"][class$="b"]`.
                let pattern = selector.rsplit('"').nth(1).unwrap().to_string();
                rules[scheme].push((pattern, decls));
            }
        }
        Css { base, rules }
    }

    /// (colour, background, bold, italic, underline) of text in class `class`.
    fn style(&self, scheme: usize, class: Option<&str>) -> (String, String, bool, bool, bool) {
        let decls: Vec<&str> = self.rules[scheme]
            .iter()
            .filter(|(p, _)| {
                class.is_some_and(|c| {
                    if scheme == 0 {
                        c.starts_with(p.as_str())
                    } else {
                        c.ends_with(p.as_str())
                    }
                })
            })
            .map(|(_, d)| d.as_str())
            .collect();
        assert!(
            decls.len() <= 1,
            "{class:?} matches several rules: {decls:?}"
        );
        let d = decls.first().copied().unwrap_or("");
        let get = |k: &str| {
            d.split(';')
                .find_map(|x| x.strip_prefix(k))
                .map(str::to_string)
        };
        (
            get("color:").unwrap_or_else(|| self.base[scheme].0.clone()),
            get("background-color:").unwrap_or_else(|| self.base[scheme].1.clone()),
            d.contains("font-weight:bold"),
            d.contains("font-style:italic"),
            d.contains("text-decoration:underline"),
        )
    }
}

/// Every byte is shown, through the HTML and the stylesheet, in the style syntect's own
/// theme highlighter resolves for it; whitespace only needs the same background and
/// underline, as its colour and weight cannot be seen.
fn assert_same_look(h: &Highlighter, lang: &str, code: &str) {
    use syntect::highlighting::{
        FontStyle, HighlightIterator, HighlightState, Highlighter as ThemeHighlighter,
    };
    use syntect::parsing::{ParseState, ScopeStack};
    let css = Css::parse(&h.stylesheet());
    let block = h.highlight(code, Some(lang));
    assert!(block.highlighted, "{lang}");
    let (text, classes) = spans(&block.html());
    assert_eq!(text, code);
    let (syntax, set) = h.resolve(lang).unwrap();
    for (scheme, theme) in [&h.light, &h.dark].into_iter().enumerate() {
        let th = ThemeHighlighter::new(theme);
        let mut state = HighlightState::new(&th, ScopeStack::new());
        let mut parser = ParseState::new(syntax);
        let mut at = 0;
        for line in syntect::util::LinesWithEndings::from(code) {
            let ops = parser.parse_line(line, set).unwrap();
            for (style, piece) in HighlightIterator::new(&mut state, &ops, line, &th) {
                let fs = style.font_style;
                let want = (
                    classes::hex(style.foreground),
                    classes::hex(style.background),
                    fs.contains(FontStyle::BOLD),
                    fs.contains(FontStyle::ITALIC),
                    fs.contains(FontStyle::UNDERLINE),
                );
                for (i, ch) in piece.char_indices() {
                    let got = css.style(scheme, classes[at + i].as_deref());
                    if ch.is_whitespace() {
                        assert_eq!(
                            (&got.1, got.4),
                            (&want.1, want.4),
                            "{lang} scheme {scheme} byte {}: {piece:?}",
                            at + i
                        );
                    } else {
                        assert_eq!(
                            got,
                            want,
                            "{lang} scheme {scheme} byte {} in {piece:?}: {}",
                            at + i,
                            block.html()
                        );
                    }
                }
                at += piece.len();
            }
        }
        assert_eq!(at, code.len());
    }
}

#[test]
fn every_token_looks_as_syntect_resolves_it_in_both_themes() {
    let h = Highlighter::new();
    for (lang, code) in SAMPLES {
        assert_same_look(&h, lang, code);
    }
    // Themes with backgrounds, underlines and bold in their rules.
    let h = Highlighter::with_themes("MonokaiExtendedLight", "Dracula").unwrap();
    for (lang, code) in SAMPLES {
        assert_same_look(&h, lang, code);
    }
}

#[test]
fn plain_text_in_both_themes_has_no_span() {
    let h = Highlighter::new();
    let b = h.highlight("{\n  \"a\": 1\n}\n", Some("json"));
    assert!(
        b.html().starts_with('{') || b.html().starts_with("<span"),
        "{}",
        b.html()
    );
    let c = h.classes().class_of(0, 0);
    assert!(c.name.is_none());
    let html = h.highlight("x = 1\n", Some("python")).html();
    assert!(html.starts_with("x "), "{html}");
}

#[test]
fn every_shipped_theme_pair_gets_short_classes_and_a_stylesheet() {
    for name in two_face::theme::EmbeddedLazyThemeSet::theme_names() {
        let name = format!("{name:?}");
        let h = Highlighter::with_themes(&name, DEFAULT_DARK_THEME).unwrap();
        let c = h.classes();
        let (l, d) = (c.light.len() - 1, c.dark.len() - 1);
        let class = c.class_of(l, d).name.unwrap();
        assert!(class.as_str().len() <= 8, "{name}: {}", class.as_str());
        assert_eq!(c.ids_of(class.as_str()), Some((l, d)));
        assert!(h
            .stylesheet()
            .contains("@media (prefers-color-scheme: dark)"));
    }
}

#[test]
fn cache_serves_what_was_highlighted_and_survives_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let cached = Highlighter::new().with_cache_dir(dir.path().join("hl"));
    let fresh = Highlighter::new();
    for (lang, code) in SAMPLES {
        let first = cached.highlight(code, Some(lang));
        assert_eq!(first, fresh.highlight(code, Some(lang)));
        // A new highlighter reads it back without loading any grammar.
        let again = Highlighter::new().with_cache_dir(dir.path().join("hl"));
        assert_eq!(again.highlight(code, Some(lang)), first);
        assert!(
            again.syntect.get().is_none() && again.bat.get().is_none(),
            "{lang}"
        );
    }
    assert_eq!(
        cached.highlight("<x>", Some("nosuchlang")),
        fresh.highlight("<x>", Some("nosuchlang"))
    );
    std::fs::remove_dir_all(dir.path().join("hl")).unwrap();
    assert_eq!(
        cached.highlight(SAMPLES[0].1, Some("javascript")),
        fresh.highlight(SAMPLES[0].1, Some("javascript"))
    );
    // The grammar crates' versions are part of the key.
    for krate in ["syntect 5.", "two-face 0.", "onig 6."] {
        assert!(
            cached.identity().contains(krate),
            "{krate}: {}",
            cached.identity()
        );
    }
    // Other themes never see these entries.
    let other = Highlighter::with_themes("Nord", "Dracula")
        .unwrap()
        .with_cache_dir(dir.path().join("hl"));
    assert_ne!(other.identity(), cached.identity());
    let b = other.highlight(SAMPLES[0].1, Some("javascript"));
    assert_eq!(
        b,
        Highlighter::with_themes("Nord", "Dracula")
            .unwrap()
            .highlight(SAMPLES[0].1, Some("javascript"))
    );
}
