//! `resize_image(path, width, format)` in templates and components, and images under `static/`
//! used from Markdown: the copies exist at the size the template was told, in the format
//! asked for, are made once, and bad calls stop the build with old output intact.

use galley::build::build_with;
use galley::{BuildOptions, Session};

use crate::common::*;
use crate::images::gradient_png;
use crate::support::*;

/// A component that shows a resized copy with the size `resize_image` gave.
const THUMB: &str = r#"{#
arguments: src, width, format?
body: none
#}
{% set r = resize_image(path=src, width=width | int, format=format) %}
<img class="thumb" src="{{ r.url }}" width="{{ r.width }}" height="{{ r.height }}" data-orig="{{ r.orig_width }}x{{ r.orig_height }}" alt="">
"#;

/// A site whose article (a bundle with a 1000×600 PNG) and whose static `img/hero.png`
/// (800×400) are resized by the component and shown by Markdown.
fn site(body: &str) -> Fixture {
    let f = Fixture::new();
    f.write("templates/components/thumb.html", THUMB);
    f.write("content/articles/shots/shot.png", gradient_png(1000, 600));
    f.write("static/img/hero.png", gradient_png(800, 400));
    f.write(
        "content/articles/shots/index.md",
        format!("---\ntitle: \"Shots — 画像 🖼 צילום\"\ndescription: \"Résumé.\"\ndate: 2026-01-10\n---\n\n{body}"),
    );
    f
}

const THREE_COPIES: &str = "{{ thumb(src=\"@/articles/shots/shot.png\", width=\"300\") }}\n\n\
{{ thumb(src=\"@/articles/shots/shot.png\", width=\"250\", format=\"jpg\") }}\n\n\
{{ thumb(src=\"/img/hero.png\", width=\"5000\", format=\"png\") }}\n";

fn thumbs(f: &Fixture) -> Vec<(String, u32, u32, String)> {
    let doc = page(&f.out, "articles/shots/index.html");
    select(&doc, "img.thumb")
        .iter()
        .map(|i| {
            let n = |a| i.attr(a).unwrap().parse().unwrap();
            let orig = i.attr("data-orig").unwrap().to_string();
            (
                i.attr("src").unwrap().to_string(),
                n("width"),
                n("height"),
                orig,
            )
        })
        .collect()
}

/// The decoded size and format of the file at `url`.
fn decoded(f: &Fixture, url: &str) -> (u32, u32, image::ImageFormat) {
    let path = file_for(&f.out, url, "/").unwrap_or_else(|| panic!("no file for {url}"));
    let bytes = std::fs::read(&path).unwrap();
    let format = image::guess_format(&bytes).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    (img.width(), img.height(), format)
}

#[test]
fn resize_image_gives_the_url_and_size_of_a_copy_it_makes() {
    let f = site(THREE_COPIES);
    let summary = f.build().expect("builds");
    let got = thumbs(&f);
    assert_eq!(
        got,
        [
            (
                "/articles/shots/shot.300.webp".into(),
                300,
                180,
                "1000x600".into()
            ),
            (
                "/articles/shots/shot.250.jpg".into(),
                250,
                150,
                "1000x600".into()
            ),
            // Never wider than the original.
            ("/img/hero.800.png".into(), 800, 400, "800x400".into()),
        ]
    );
    use image::ImageFormat::{Jpeg, Png, WebP};
    for ((url, w, h, _), format) in got.iter().zip([WebP, Jpeg, Png]) {
        assert_eq!(decoded(&f, url), (*w, *h, format), "{url}");
    }
    // The three copies, and the `srcset` variants every image gets (shot.png at 480 and
    // 960, hero.png at 480).
    assert_eq!(summary.images_encoded, 6, "{summary}");
    galley(f.tmp(), &["check", "--root", f.root.to_str().unwrap()]).assert_exit(0);
}

#[test]
fn a_second_build_encodes_no_copy_and_writes_the_same_bytes() {
    let f = site(THREE_COPIES);
    f.build().expect("builds");
    let before = tree(&f.out);
    let again = f.build().expect("builds");
    assert_eq!(again.images_encoded, 0, "{again}");
    assert_same_tree(&before, &tree(&f.out), "a rebuild");
}

#[test]
fn a_copy_asked_for_by_a_page_kept_from_the_last_build_is_still_made() {
    // `serve` keeps rendered bodies between builds: the second build does not render the
    // article again, yet its copy must be in the output.
    let f = site(THREE_COPIES);
    let options = BuildOptions {
        root: f.root.clone(),
        output: Some(f.out.clone()),
        ..BuildOptions::default()
    };
    let mut session = Session::default();
    build_with(&options, &mut session).expect("builds");
    f.write(
        "content/articles/good.md",
        GOOD_ARTICLE.replace("More text.", "Other text."),
    );
    build_with(&options, &mut session).expect("builds again");
    assert_eq!(
        session.stats().rendered,
        1,
        "only the edited article was rendered again"
    );
    for (url, ..) in thumbs(&f) {
        let file = file_for(&f.out, &url, "/").unwrap();
        assert!(file.is_file(), "{url} was not written");
    }
}

#[test]
fn page_templates_can_resize_and_the_base_path_is_in_the_url() {
    let f = site("Text.\n");
    f.write(
        "config.yaml",
        CONFIG.replace("https://example.com/", "https://example.com/docs/"),
    );
    let article = f.read("templates/article.html");
    let hero = "{% set hero = resize_image(path=\"img/hero.png\", width=400) %}<img id=\"hero\" src=\"{{ hero.url }}\" width=\"{{ hero.width }}\" height=\"{{ hero.height }}\" alt=\"\">";
    let patched = article.replacen("</article>", &format!("{hero}</article>"), 1);
    assert_ne!(patched, article, "article.html has an </article>");
    f.write("templates/article.html", patched);
    f.build().expect("builds");
    let doc = page(&f.out, "articles/shots/index.html");
    let img = &select(&doc, "#hero")[0];
    assert_eq!(img.attr("src"), Some("/docs/img/hero.400.webp"));
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("400"), Some("200"))
    );
    assert_eq!(
        decoded(&f, "/img/hero.400.webp"),
        (400, 200, image::ImageFormat::WebP)
    );
}

#[test]
fn a_static_image_in_markdown_gets_its_size_and_variants() {
    let f = site("![The hero](/img/hero.png)\n");
    f.write("config.yaml", format!("{CONFIG}images:\n  widths: [480]\n"));
    f.build().expect("builds");
    let doc = page(&f.out, "articles/shots/index.html");
    let img = &select(&doc, "article img[alt=\"The hero\"]")[0];
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("800"), Some("400"))
    );
    assert_eq!(
        img.attr("srcset"),
        Some("/img/hero.480.webp 480w, /img/hero.png 800w")
    );
    assert_eq!(
        decoded(&f, "/img/hero.480.webp"),
        (480, 240, image::ImageFormat::WebP)
    );
}

#[test]
fn bad_calls_stop_the_build_and_say_what_is_wrong() {
    for (call, expected) in [
        (
            "{{ thumb(src=\"@/articles/shots/shot.jpg\", width=\"300\") }}",
            "did you mean `@/articles/shots/shot.png`",
        ),
        (
            "{{ thumb(src=\"/img/hero.png\", width=\"300\", format=\"avif\") }}",
            "format `avif` is not one of webp, png, jpg",
        ),
        (
            "{{ thumb(src=\"/img/hero.png\", width=\"0\") }}",
            "width 0 is not between 1 and 8192",
        ),
    ] {
        let f = site("Text.\n");
        f.build().expect("the first build is good");
        let before = tree(&f.out);
        f.write(
            "content/articles/shots/index.md",
            format!("---\ntitle: \"Shots\"\ndescription: \"d\"\ndate: 2026-01-10\n---\n\n{call}\n"),
        );
        let run = f.galley(&[]);
        run.assert_exit(1);
        assert_same_tree(&before, &tree(&f.out), "a refused build");
        assert!(run.stderr.contains("resize_image"), "{}", run.stderr);
        assert!(run.stderr.contains(expected), "{call}: {}", run.stderr);
    }
}
