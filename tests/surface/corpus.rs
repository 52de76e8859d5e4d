//! The non-ASCII corpus, generated rather than committed: twelve articles whose titles,
//! descriptions, tags, categories, slugs, file names, headings, body text, code (comments and
//! strings), link text and image alt text mix accents (é, ñ, ü), CJK (日本語, 中文), emoji
//! (🚀, 👩‍💻 with its zero-width joiner) and right-to-left scripts (العربية, עברית), plus the
//! repository's tool declarations. Every link in it resolves, and none leaves the site, so
//! `check` and `check --external` pass on it.

use std::path::Path;

use crate::common::{copy_site, galley, page, repo, sel, write, THEME};
use crate::sites::Site;

/// One article: its file name (without `.md`), an explicit slug, title, category and tags.
struct Spec {
    file: &'static str,
    slug: Option<&'static str>,
    title: &'static str,
    category: &'static str,
    tags: &'static [&'static str],
}

/// The articles. `café-niño` has its slug derived from a non-ASCII file name; `日本語-ガイド`
/// is given explicitly. The first four stand in for the repository's articles that the tool
/// guides link to (see [`TOOL_LINKS`]). One article a line, as a table.
#[rustfmt::skip]
const SPECS: &[Spec] = &[
    spec("café-niño", None, "Café para el niño 🚀", "Guías", &["café", "🚀 cohete"]),
    spec("guide-ja", Some("日本語-ガイド"), "日本語ガイド: はじめに", "日本語", &["日本語", "入門"]),
    spec("中文-指南", None, "中文指南 👩‍💻 开发者", "中文", &["中文", "开发者"]),
    spec("arabic", None, "دليل العربية للمطورين", "العربية", &["العربية", "مطور"]),
    spec("hebrew", None, "מדריך עברית למפתחים", "עברית", &["עברית", "מפתח"]),
    spec("über-straße", None, "Über die Straße: Umlaute ü ö ä ß", "Guías", &["über", "café"]),
    spec("mixed-1", None, "Mezcla: ñandú, 日本語, العربية & 🚀", "日本語", &["🚀 cohete", "日本語"]),
    spec("mixed-2", None, "Émoji 👩‍💻 ZWJ y señales ✅", "中文", &["señal", "开发者"]),
    spec("mixed-3", None, "Niño, año y España — ñ ñ ñ", "Guías", &["café", "señal"]),
    spec("mixed-4", None, "עברית ו-العربية side by side ⇄", "العربية", &["עברית", "العربية"]),
    spec("mixed-5", None, "Ünïcödé everywhere: Ελληνικά, Русский, 한국어", "Guías", &["über", "入門"]),
    spec("mixed-6", None, "Code with comments: コメント 🚀", "日本語", &["日本語", "señal"]),
];

const fn spec(
    file: &'static str,
    slug: Option<&'static str>,
    title: &'static str,
    category: &'static str,
    tags: &'static [&'static str],
) -> Spec {
    Spec {
        file,
        slug,
        title,
        category,
        tags,
    }
}

/// The repository articles the copied tool guides link to, and the corpus articles the
/// copies link to instead.
const TOOL_LINKS: &[(&str, &str)] = &[
    ("@/articles/base64-basics.md", "@/articles/café-niño.md"),
    ("@/articles/base64-vs-binary.md", "@/articles/guide-ja.md"),
    (
        "@/articles/base64-images-html.md",
        "@/articles/中文-指南.md",
    ),
    ("@/articles/jwt-vs-session.md", "@/articles/arabic.md"),
];

/// An image with a non-ASCII file name, so its URL is percent-encoded in the pages.
const IMAGE: &str = "img/ñandú-日本.svg";

/// Writes the corpus site into `dir`: its own config, the repository's templates, static
/// files and (relinked) tool declarations, and the twelve articles.
pub fn write_site(dir: &Path) {
    copy_site(dir, THEME);
    let image = dir.join("static").join(IMAGE);
    std::fs::create_dir_all(image.parent().unwrap()).unwrap();
    std::fs::copy(repo().join("static/favicon.svg"), image).unwrap();
    write(
        dir,
        "config.yaml",
        "title: \"Ünïcödé 日本語 🚀 العربية\"\nbase_url: \"https://unicode.example/\"\n\
         description: \"Guías, 指南 y أدلة — עברית 👩‍💻\"\nlanguage: \"es\"\n\
         author: \"José Ñúñez 山田\"\n",
    );
    for entry in std::fs::read_dir(repo().join("content/tools")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (from, to) in TOOL_LINKS {
            text = text.replace(from, to);
        }
        let name = path.file_name().unwrap().to_str().unwrap();
        write(dir, &format!("content/tools/{name}"), &text);
    }
    for (i, spec) in SPECS.iter().enumerate() {
        let next = &SPECS[(i + 1) % SPECS.len()];
        let text = format!("{}{}", front_matter(i, spec), body(i, spec, next));
        write(dir, &format!("content/articles/{}.md", spec.file), &text);
    }
}

fn front_matter(i: usize, spec: &Spec) -> String {
    for text in [spec.title, spec.category].iter().chain(spec.tags) {
        assert!(
            !text.contains(['"', '\\']),
            "keep YAML quoting simple: {text}"
        );
    }
    let tags: Vec<String> = spec.tags.iter().map(|t| format!("\"{t}\"")).collect();
    let slug = spec
        .slug
        .map(|s| format!("slug: \"{s}\"\n"))
        .unwrap_or_default();
    let tools = ["[base64]", "[jwt-decoder, data-uri]", "[]"][i % 3];
    format!(
        "---\ntitle: \"{title}\"\ndescription: \"Descripción {i}: ñandú, 日本語, العربية, עברית, 👩‍💻.\"\n\
         date: 2025-{month:02}-{day:02}\ncategory: \"{category}\"\ntags: [{tags}]\n{slug}\
         tools: {tools}\ntoc: {toc}\n---\n",
        title = spec.title,
        month = i + 1,
        day = 10 + i,
        category = spec.category,
        tags = tags.join(", "),
        toc = i % 2 == 0,
    )
}

/// The body: every inline and block construct, each carrying non-ASCII text.
fn body(i: usize, spec: &Spec, next: &Spec) -> String {
    let widget = match i % 4 {
        0 => "{{ tool(id=\"base64\") }}\n\n",
        1 => "{{ tool(id=\"data-uri\") }}\n\n",
        _ => "",
    };
    format!(
        "\nIntroducción {i}: «{title}» — 日本語のテキスト, 中文文本, نص عربي, טקסט בעברית 🚀.\n\n\
         <!-- more -->\n\n\
         ## Sección {i}: café 日本語 {{#sección-{i}}}\n\n\
         Texto con **negrita ñ**, *énfasis 中文*, ~~tachado ü~~, `código 👩‍💻` y una nota[^n{i}].\n\
         Siguiente: [leer «{next_title}» →](@/articles/{next_file}.md#sección-{next_i}).\n\
         Aquí: [volver a la sección](#sección-{i}). Imagen:\n\n\
         ![Ñandú en 日本 🚀 ({i})](/{IMAGE})\n\n\
         > اقتباس بالعربية: «مرحبا بالعالم» — ציטוט בעברית: ״שלום עולם״.\n\n\
         ## Über uns 👩‍💻 {i}\n\n\
         | Columna ñ | 列 中文 | عمود | עמודה |\n|---|---|---|---|\n\
         | café | 日本語 | العربية | עברית |\n| 🚀 | 👩‍💻 | ✅ | ⇄ |\n\n\
         - elemento ü\n- 列表项 中文\n- [x] tarea hecha ✅\n- [ ] עוד משימה\n\n\
         {code}\n\
         {widget}\
         ## 中文 标题 {i} / عنوان / כותרת\n\n\
         1. Primero: ñ\n2. 第二: 日本語\n3. ثالثا: العربية\n\n\
         [^n{i}]: Nota al pie con עברית y 中文 🚀.\n",
        title = spec.title,
        next_title = next.title,
        next_file = next.file,
        next_i = (i + 1) % SPECS.len(),
        code = code(i),
    )
}

/// Code blocks in a few languages, with non-ASCII comments and strings.
fn code(i: usize) -> String {
    format!(
        "```python\n# コメント {i}: ñandú 🚀\ndef saludo(nombre: str) -> str:\n    \
         return f\"¡Hola, {{nombre}}! مرحبا 👩‍💻\"\n```\n\n\
         ```rust\n// 中文注释 — über {i}\nfn main() {{\n    let s = \"שלום 🚀 日本語\";\n    \
         println!(\"{{s}} ñ\");\n}}\n```\n\n\
         ```javascript\n/* العربية: تعليق */\nconst emoji = \"👩‍💻\"; // ZWJ\n\
         console.log(`café ${{emoji}}`);\n```\n\n\
         ```\n素のテキスト ñ — sin lenguaje\n```\n"
    )
}

#[test]
fn unicode_corpus_keeps_its_text_and_slugs() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = (tmp.path().join("site"), tmp.path().join("out"));
    Site::Unicode.make(&site);
    let args = [
        "build",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    galley(&site, &args).assert_exit(0);
    for (i, spec) in SPECS.iter().enumerate() {
        // An explicit slug wins; otherwise the file name (accents and CJK kept) is the slug.
        let slug = spec.slug.unwrap_or(spec.file);
        let doc = page(&out, &format!("articles/{slug}/index.html"));
        let text = |css: &str| -> Vec<String> {
            let selector = sel(css);
            doc.select(&selector).map(|e| e.text().collect()).collect()
        };
        assert_eq!(text("h1"), [spec.title], "{slug}: the title, unescaped");
        let alt = format!("Ñandú en 日本 🚀 ({i})");
        let img = doc.select(&sel(".prose img")).next().unwrap();
        assert_eq!(
            img.value().attr("alt"),
            Some(alt.as_str()),
            "{slug}: alt text"
        );
        assert!(
            text("h2")
                .iter()
                .any(|h| h.contains("Über uns 👩\u{200d}💻")),
            "{slug}: ZWJ kept"
        );
    }
    for page in [
        "tags/日本語/index.html",
        "category/العربية/index.html",
        "tags/cohete/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
}
