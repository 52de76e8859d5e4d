//! Social cards: every article and page without an image of its own gets a 1200×630 PNG drawn
//! from `templates/card.svg`, published beside it and named by `og:image`, `twitter:image` and
//! the JSON-LD `image`; a rebuild draws none again; a broken card template is an error at its
//! line that leaves the old output alone; an article's own image replaces its card.

use crate::bad_input::refused;
use crate::common::*;
use crate::images::gradient_png;
use crate::support::*;

const CARD: &str = "articles/good/card.png";
const CARD_URL: &str = "https://example.com/articles/good/card.png";

fn meta<'a>(doc: &'a scraper::Html, attr: &str, name: &str) -> Option<&'a str> {
    select(doc, &format!("meta[{attr}=\"{name}\"]"))
        .first()
        .and_then(|m| m.attr("content"))
}

fn jsonld_image(doc: &scraper::Html) -> Option<String> {
    let script = select(doc, "script[type=\"application/ld+json\"]");
    let v: serde_json::Value = serde_json::from_str(&text(script.first()?)).ok()?;
    v["@graph"][0]["image"].as_str().map(str::to_string)
}

#[test]
fn an_article_gets_a_1200_by_630_card_named_by_its_metadata() {
    let f = Fixture::new();
    f.write(
        "content/pages/team/index.md",
        "---\ntitle: \"Our team\"\ndescription: \"Who we are.\"\n---\n\nText.\n",
    );
    let summary = f.build().expect("builds");
    assert_eq!(summary.cards_rendered, 2, "{summary}");
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);

    let bytes = std::fs::read(f.out.join(CARD)).expect("the card is published beside the page");
    let png = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .expect("the card is a PNG");
    assert_eq!((png.width(), png.height()), (1200, 630));
    // Not blank: the title's white text is on a dark background.
    let rgb = png.to_rgb8();
    let light = rgb
        .pixels()
        .filter(|p| p.0.iter().all(|&c| c > 200))
        .count();
    assert!(
        light > 2000,
        "only {light} light pixels: is the title drawn?"
    );

    let doc = page(&f.out, "articles/good/index.html");
    assert_eq!(meta(&doc, "property", "og:image"), Some(CARD_URL));
    assert_eq!(meta(&doc, "property", "og:image:width"), Some("1200"));
    assert_eq!(meta(&doc, "property", "og:image:height"), Some("630"));
    assert_eq!(meta(&doc, "property", "og:image:alt"), Some("Good article"));
    assert_eq!(meta(&doc, "name", "twitter:image"), Some(CARD_URL));
    assert_eq!(
        meta(&doc, "name", "twitter:card"),
        Some("summary_large_image")
    );
    assert_eq!(jsonld_image(&doc).as_deref(), Some(CARD_URL));

    let team = page(&f.out, "team/index.html");
    assert_eq!(
        meta(&team, "property", "og:image"),
        Some("https://example.com/team/card.png")
    );
    assert!(f.out.join("team/card.png").is_file());
    // `check` resolves the cards like every other URL of the site.
    galley(f.tmp(), &["check", "--root", f.root.to_str().unwrap()]).assert_exit(0);
}

#[test]
fn a_second_build_draws_no_card_and_the_cards_are_the_same_bytes() {
    let f = Fixture::new();
    let run = f.galley(&[]);
    run.assert_exit(0);
    assert!(
        run.stdout.contains("; 1 social cards rendered"),
        "{}",
        run.stdout
    );
    let before = tree(&f.out);
    let again = f.build().expect("builds");
    assert_eq!(again.cards_rendered, 0, "{again}");
    assert_same_tree(&before, &tree(&f.out), "a rebuild");
    let run = f.galley(&[]);
    assert!(!run.stdout.contains("social cards"), "{}", run.stdout);
    // Without the cache, the card is drawn again, to the same bytes.
    std::fs::remove_dir_all(f.root.join(".galley-cache")).unwrap();
    assert_eq!(f.build().expect("builds").cards_rendered, 1);
    assert_same_tree(&before, &tree(&f.out), "a build without the cache");
    // A new title is a new card.
    f.write(
        "content/articles/good.md",
        GOOD_ARTICLE.replace("Good article", "Better article"),
    );
    assert_eq!(f.build().expect("builds").cards_rendered, 1);
    assert_ne!(before[CARD], tree(&f.out)[CARD]);
}

#[test]
fn a_broken_card_template_is_an_error_at_its_line() {
    let f = Fixture::new();
    let got = refused(
        &f,
        |f| {
            let good = f.read("templates/card.svg");
            f.write(
                "templates/card.svg",
                format!(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<text>{{{{ card.title }}</text>\n</svg>\n{good}"
                ),
            )
        },
        &[(
            "templates/card.svg",
            Some(2),
            "template error: Found `}` but expected }}.",
        )],
    );
    assert!(got[0].column.is_some());
}

#[test]
fn a_card_template_that_writes_bad_svg_is_an_error_naming_the_page() {
    let f = Fixture::new();
    refused(
        &f,
        |f| f.write("templates/card.svg", "<svg>{{ card.title }}</sv>"),
        &[(
            "templates/card.svg",
            None,
            "the card of content/articles/good.md is not valid SVG: \
             expected 'svg' tag, not 'sv' at 1:18 (a line and column of the SVG the template \
             wrote)",
        )],
    );
}

#[test]
fn markup_in_a_title_reaches_the_card_as_text() {
    let f = Fixture::new();
    f.write(
        "templates/card.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\"><rect width=\"1200\" height=\"630\" fill=\"#fff\"/><text x=\"10\" y=\"300\" font-size=\"40\">{{ card.title }}</text></svg>",
    );
    f.write(
        "content/articles/good.md",
        GOOD_ARTICLE.replace(
            "\"Good article\"",
            "\"</text><rect width='1200' height='630' fill='red'/><text>\"",
        ),
    );
    f.build().expect("the title is text, not markup");
    let png = image::open(f.out.join(CARD)).unwrap().to_rgb8();
    let red = png.pixels().filter(|p| p.0 == [255, 0, 0]).count();
    assert_eq!(red, 0, "the title's markup was drawn");
}

#[test]
fn an_own_image_or_a_card_file_beside_the_article_replaces_the_card() {
    let f = Fixture::new();
    f.write(
        "content/articles/good.md",
        GOOD_ARTICLE.replace("category: Testing", "category: Testing\nimage: img/own.png"),
    );
    f.write(
        "content/articles/bundle/index.md",
        "---\ntitle: \"Bundle\"\ndescription: \"With its own card.\"\ndate: 2026-01-10\n---\n\nText.\n",
    );
    f.write("content/articles/bundle/card.png", gradient_png(600, 315));
    f.write(
        "content/articles/cover/index.md",
        "---\ntitle: \"Cover\"\ndescription: \"With a cover.\"\ndate: 2026-01-11\nimage: cover.png\n---\n\nText.\n",
    );
    f.write("content/articles/cover/cover.png", gradient_png(800, 400));
    let summary = f.build().expect("builds");
    assert_eq!(summary.cards_rendered, 0, "{summary}");
    assert!(!f.out.join(CARD).exists());

    let doc = page(&f.out, "articles/good/index.html");
    let own = "https://example.com/img/own.png";
    assert_eq!(meta(&doc, "property", "og:image"), Some(own));
    assert_eq!(meta(&doc, "property", "og:image:width"), None);
    assert_eq!(jsonld_image(&doc).as_deref(), Some(own));

    let doc = page(&f.out, "articles/bundle/index.html");
    assert_eq!(
        meta(&doc, "property", "og:image"),
        Some("https://example.com/articles/bundle/card.png")
    );
    assert_eq!(meta(&doc, "property", "og:image:width"), Some("600"));
    assert_eq!(
        std::fs::read(f.out.join("articles/bundle/card.png")).unwrap(),
        gradient_png(600, 315),
        "the author's file, not a drawn card"
    );

    let doc = page(&f.out, "articles/cover/index.html");
    assert_eq!(
        meta(&doc, "name", "twitter:image"),
        Some("https://example.com/articles/cover/cover.png")
    );
    assert_eq!(meta(&doc, "property", "og:image:height"), Some("400"));
}

#[test]
fn cards_can_be_turned_off() {
    let f = Fixture::new();
    f.write(
        "config.yaml",
        format!("{CONFIG}image: /img/site.png\nimages:\n  cards: false\n"),
    );
    let summary = f.build().expect("builds");
    assert_eq!(summary.cards_rendered, 0);
    assert!(!f.out.join(CARD).exists());
    let doc = page(&f.out, "articles/good/index.html");
    assert_eq!(
        meta(&doc, "property", "og:image"),
        Some("https://example.com/img/site.png"),
        "the site's image, as before cards"
    );
}

#[test]
fn a_missing_card_fonts_folder_is_an_error() {
    let f = Fixture::new();
    f.write(
        "config.yaml",
        format!("{CONFIG}images:\n  card_fonts: fonts\n"),
    );
    let got = f.diagnostics();
    assert_eq!(
        got[0].message,
        "`images.card_fonts`: no folder `fonts` in the site"
    );
}
