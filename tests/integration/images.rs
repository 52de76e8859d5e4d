//! Images and other files kept beside an article (`content/articles/<name>/index.md`): they
//! resolve relative to the Markdown, are published beside the page, a missing one is an error
//! at its place, and an image without alt text is a warning in `check`.

use galley::Diagnostic;

use crate::bad_input::refused;
use crate::common::*;
use crate::support::*;

/// A 4×3 red PNG.
pub(crate) const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 3, 8, 2, 0,
    0, 0, 59, 150, 57, 145, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 71, 12,
    56, 57, 0, 245, 49, 11, 245, 53, 123, 251, 130, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

const BUNDLE: &str = "content/articles/flows/index.md";

fn bundle(f: &Fixture, body: &str) {
    f.write(
        BUNDLE,
        format!(
            "---\ntitle: \"Flows\"\ndescription: \"Two flows.\"\ndate: 2026-01-10\n---\n\n{body}"
        ),
    );
}

#[test]
fn bundle_files_resolve_and_are_published_beside_the_page() {
    let f = Fixture::new();
    bundle(
        &f,
        "## Diagram\n\n![The red square](red.png)\n\n[Download the slides](files/slides%20v1.pdf).\n",
    );
    f.write("content/articles/flows/red.png", PNG);
    f.write(
        "content/articles/flows/files/slides v1.pdf",
        "%PDF-1.4 fake",
    );
    f.write("content/articles/flows/.DS_Store", "junk");
    f.build().expect("builds");

    let doc = page(&f.out, "articles/flows/index.html");
    let img = select(&doc, "article img");
    assert_eq!(img.len(), 1);
    assert_eq!(img[0].attr("src"), Some("/articles/flows/red.png"));
    let link = select(&doc, "article a[href$=\".pdf\"]");
    assert_eq!(
        link[0].attr("href"),
        Some("/articles/flows/files/slides%20v1.pdf")
    );
    assert_eq!(
        std::fs::read(f.out.join("articles/flows/red.png")).unwrap(),
        PNG
    );
    assert!(f.out.join("articles/flows/files/slides v1.pdf").is_file());
    assert!(!f.out.join("articles/flows/.DS_Store").exists());
    // The other articles' links to it, and `check`, find every file.
    let run = galley(f.tmp(), &["check", "--root", f.root.to_str().unwrap()]);
    run.assert_exit(0);
}

#[test]
fn a_bundle_article_keeps_the_url_its_flat_file_had() {
    let f = Fixture::new();
    f.article(
        "flows",
        "title: \"Flows\"\ndescription: \"Two flows.\"\ndate: 2026-01-10",
        "Text.\n",
    );
    f.build().expect("builds");
    assert!(f.out.join("articles/flows/index.html").is_file());
    f.remove("content/articles/flows.md");
    bundle(&f, "Text.\n");
    f.build().expect("builds");
    assert!(f.out.join("articles/flows/index.html").is_file());
}

#[test]
fn a_missing_bundle_file_is_an_error_at_its_place() {
    let f = Fixture::new();
    bundle(&f, "Intro.\n\n![The red square](red.png)\n");
    f.write("content/articles/flows/red.png", PNG);
    let got = refused(
        &f,
        |f| bundle(f, "Intro.\n\nSee ![the flow](flow.png) here.\n"),
        &[(
            BUNDLE,
            Some(9),
            "link to a missing file: `flow.png` (looked for content/articles/flows/flow.png)",
        )],
    );
    assert_eq!(got[0].column, Some(5));
}

#[test]
fn an_image_without_alt_text_is_a_warning_in_check() {
    let f = Fixture::new();
    bundle(&f, "Intro.\n\n![](red.png)\n");
    f.write("content/articles/flows/red.png", PNG);
    let run = galley(f.tmp(), &["check", "--root", f.root.to_str().unwrap()]);
    run.assert_exit(0);
    let want = Diagnostic {
        path: BUNDLE.into(),
        line: Some(9),
        column: Some(5),
        source_line: None,
        message:
            "image `/articles/flows/red.png` has no alt text: readers who cannot see it get nothing"
                .into(),
        help: None,
    };
    assert!(
        run.stderr.contains(&format!("warning: {}\n", want.message)),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("--> {}\n", want.location())),
        "{}",
        run.stderr
    );
}

/// A `width`×`height` PNG with a gradient (so it compresses like a real picture, not to nothing).
pub(crate) fn gradient_png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width) as u8,
            (y * 255 / height) as u8,
            ((x ^ y) & 0xff) as u8,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn sized_site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "config.yaml",
        format!("{CONFIG}images:\n  widths: [640, 320, 2000]\n"),
    );
    bundle(
        &f,
        "![A gradient](big.png)\n\nText.\n\n![A second gradient](big.png)\n\n![A flow](flow.svg)\n",
    );
    f.write("content/articles/flows/big.png", gradient_png(1000, 600));
    f.write(
        "content/articles/flows/flow.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 320"><rect width="640" height="320" fill="silver"/></svg>"#,
    );
    f
}

#[test]
fn images_get_their_size_lazy_loading_and_smaller_variants() {
    let f = sized_site();
    let summary = f.build().expect("builds");
    assert_eq!(summary.images_encoded, 2, "{summary}");
    let doc = page(&f.out, "articles/flows/index.html");
    let imgs = select(&doc, "article img");
    assert_eq!(imgs.len(), 3);
    let (first, second, svg) = (&imgs[0], &imgs[1], &imgs[2]);
    assert_eq!(
        (first.attr("width"), first.attr("height")),
        (Some("1000"), Some("600"))
    );
    assert_eq!(first.attr("loading"), None, "the first image loads at once");
    assert_eq!(second.attr("loading"), Some("lazy"));
    assert_eq!(second.attr("decoding"), Some("async"));
    assert_eq!(
        first.attr("srcset"),
        Some("/articles/flows/big.320.webp 320w, /articles/flows/big.640.webp 640w, /articles/flows/big.png 1000w")
    );
    assert!(first.attr("sizes").is_some());
    assert_eq!(
        (svg.attr("width"), svg.attr("height")),
        (Some("640"), Some("320"))
    );
    assert_eq!(svg.attr("srcset"), None);
    let original = std::fs::metadata(f.out.join("articles/flows/big.png"))
        .unwrap()
        .len();
    for (w, h) in [(320, 192), (640, 384)] {
        let path = f.out.join(format!("articles/flows/big.{w}.webp"));
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            (bytes.len() as u64) < original,
            "{w}: {} >= {original}",
            bytes.len()
        );
        let variant = image::load_from_memory(&bytes).unwrap();
        assert_eq!((variant.width(), variant.height()), (w, h));
    }
    assert!(
        !f.out.join("articles/flows/big.2000.webp").exists(),
        "never wider than the original"
    );
    galley(f.tmp(), &["check", "--root", f.root.to_str().unwrap()]).assert_exit(0);
}

#[test]
fn a_second_build_encodes_nothing_and_rewrites_nothing() {
    let f = sized_site();
    let run = f.galley(&[]);
    run.assert_exit(0);
    assert!(
        run.stdout.contains("; 2 image variants encoded"),
        "{}",
        run.stdout
    );
    let before = tree(&f.out);
    let again = f.build().expect("builds");
    assert_eq!(again.images_encoded, 0);
    assert_same_tree(&before, &tree(&f.out), "a rebuild");
    let run = f.galley(&[]);
    assert!(!run.stdout.contains("encoded"), "{}", run.stdout);
    // A changed image is encoded again.
    f.write("content/articles/flows/big.png", gradient_png(800, 600));
    assert_eq!(f.build().expect("builds").images_encoded, 2);
}

#[test]
fn an_image_over_max_bytes_is_a_warning_naming_it() {
    let f = sized_site();
    f.write(
        "config.yaml",
        format!("{CONFIG}images:\n  max_bytes: 1000\n"),
    );
    let summary = f.build().expect("a warning does not stop the build");
    let names: Vec<_> = summary
        .warnings
        .iter()
        .map(|w| w.path.display().to_string())
        .collect();
    assert_eq!(names, ["content/articles/flows/big.png"]);
    let run = f.galley(&[]);
    run.assert_exit(0);
    assert!(run.stderr.contains("warning: image is"), "{}", run.stderr);
}

#[test]
fn a_page_folder_publishes_its_files_too() {
    let f = Fixture::new();
    f.write(
        "content/pages/team/index.md",
        "---\ntitle: \"Team\"\ndescription: \"Who we are.\"\n---\n\n![The team's logo](logo.png)\n",
    );
    f.write("content/pages/team/logo.png", PNG);
    f.build().expect("builds");
    let doc = page(&f.out, "team/index.html");
    let img = select(&doc, "img[alt=\"The team's logo\"]");
    assert_eq!(img[0].attr("src"), Some("/team/logo.png"));
    assert_eq!(
        (img[0].attr("width"), img[0].attr("height")),
        (Some("4"), Some("3"))
    );
    assert_eq!(std::fs::read(f.out.join("team/logo.png")).unwrap(), PNG);
}
