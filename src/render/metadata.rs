//! Metadata for search engines and feed readers: JSON-LD, social images, feeds, sitemap.

use super::feeds::{self, Feed, SitemapEntry};
use super::xml::json_for_script;
use super::Output;
use crate::config::Config;
use crate::index::{AuthorPage, Page, Site};
use serde_json::json;

/// An image reference made absolute: URLs stay, paths under `static/` get the base URL.
pub fn absolute_image(config: &Config, image: &str) -> String {
    if image.starts_with("http://") || image.starts_with("https://") {
        image.to_string()
    } else {
        config.permalink(image)
    }
}

/// JSON-LD for an article page: the `Article` and its `BreadcrumbList`.
pub fn article_jsonld(config: &Config, site: &Site, p: &Page, image: Option<&str>) -> String {
    let a = &p.article;
    let url = config.permalink(&format!("articles/{}/", a.slug));
    let mut article = json!({
        "@type": "Article",
        "headline": a.title,
        "description": a.description,
        "datePublished": a.date.to_string(),
        "dateModified": a.last_change().to_string(),
        "author": article_authors(config, site, p),
        "publisher": { "@type": "Organization", "name": config.title },
        "mainEntityOfPage": url,
        "url": url,
        "wordCount": p.rendered.word_count,
        "inLanguage": config.language,
    });
    if let Some(image) = image {
        article["image"] = json!(image);
    }
    let mut crumbs = vec![("Home".to_string(), config.base_url.clone())];
    if let Some(c) = p.category {
        let t = &site.categories[c];
        crumbs.push((
            t.name.clone(),
            config.permalink(&format!("category/{}/", t.slug)),
        ));
    }
    crumbs.push((a.title.clone(), url));
    json_for_script(
        &json!({ "@context": "https://schema.org", "@graph": [article, breadcrumbs(&crumbs)] }),
    )
}

/// JSON-LD for the home page: the `WebSite`, with a `SearchAction` on `/search/?q=`.
pub fn website_jsonld(config: &Config) -> String {
    let target = format!("{}?q={{search_term_string}}", config.permalink("search/"));
    graph(json!({
        "@type": "WebSite",
        "name": config.title,
        "description": config.description,
        "url": config.base_url,
        "inLanguage": config.language,
        "potentialAction": {
            "@type": "SearchAction",
            "target": { "@type": "EntryPoint", "urlTemplate": target },
            "query-input": "required name=search_term_string",
        },
    }))
}

/// One node as a JSON-LD `@graph`, the shape of every page's JSON-LD.
fn graph(node: serde_json::Value) -> String {
    json_for_script(&json!({ "@context": "https://schema.org", "@graph": [node] }))
}

/// JSON-LD for a tool page: a free `WebApplication` that runs in the browser.
pub fn tool_jsonld(config: &Config, title: &str, description: &str, path: &str) -> String {
    graph(json!({
        "@type": "WebApplication",
        "name": title,
        "description": description,
        "url": config.permalink(path),
        "applicationCategory": "DeveloperApplication",
        "operatingSystem": "Any (runs in the browser)",
        "browserRequirements": "Requires JavaScript",
        "isAccessibleForFree": true,
        "offers": { "@type": "Offer", "price": "0", "priceCurrency": "USD" },
        "inLanguage": config.language,
    }))
}

/// JSON-LD for a list page: its `BreadcrumbList`. `kind` is the list's kind (`category`,
/// `tag`, `author`); the home page has none.
pub fn list_jsonld(config: &Config, title: &str, path: &str, kind: Option<&str>) -> String {
    let crumbs = list_crumbs(config, title, path, kind);
    json_for_script(&json!({ "@context": "https://schema.org", "@graph": [breadcrumbs(&crumbs)] }))
}

fn list_crumbs(
    config: &Config,
    title: &str,
    path: &str,
    kind: Option<&str>,
) -> Vec<(String, String)> {
    let mut crumbs = vec![("Home".to_string(), config.base_url.clone())];
    if let Some(kind) = kind {
        let (name, folder) = match kind {
            "category" => ("Categories", "category/"),
            "author" => ("Authors", "authors/"),
            _ => ("Tags", "tags/"),
        };
        crumbs.push((name.to_string(), config.permalink(folder)));
        crumbs.push((title.to_string(), config.permalink(path)));
    }
    crumbs
}

/// JSON-LD for an author's page: a `ProfilePage` about the `Person` or `Organization`, and
/// its `BreadcrumbList`.
pub fn author_jsonld(config: &Config, x: &AuthorPage, title: &str, path: &str) -> String {
    let mut entity = author_entity(config, x);
    let same_as: Vec<String> = x
        .author
        .links
        .iter()
        .filter(|l| l.url.starts_with("http"))
        .map(|l| l.url.clone())
        .collect();
    if !same_as.is_empty() {
        entity["sameAs"] = json!(same_as);
    }
    if let Some(avatar) = &x.author.avatar {
        entity["image"] = json!(absolute_image(config, avatar));
    }
    let profile = json!({
        "@type": "ProfilePage",
        "url": config.permalink(path),
        "name": title,
        "mainEntity": entity,
    });
    let crumbs = list_crumbs(config, title, path, Some("author"));
    json_for_script(
        &json!({ "@context": "https://schema.org", "@graph": [profile, breadcrumbs(&crumbs)] }),
    )
}

/// An author as schema.org sees them: `Person` or `Organization`, with their page's URL.
fn author_entity(config: &Config, x: &AuthorPage) -> serde_json::Value {
    json!({
        "@type": x.author.kind.schema_type(),
        "name": x.author.name,
        "url": config.permalink(&format!("authors/{}/", x.author.id)),
    })
}

/// An article's `author`: its declared authors, or the site's author by name.
fn article_authors(config: &Config, site: &Site, p: &Page) -> serde_json::Value {
    if p.authors.is_empty() {
        let name = if config.author.is_empty() {
            &config.title
        } else {
            &config.author
        };
        return json!({ "@type": "Person", "name": name });
    }
    let list: Vec<_> = p
        .authors
        .iter()
        .map(|&i| author_entity(config, &site.authors[i]))
        .collect();
    match <[_; 1]>::try_from(list) {
        Ok([one]) => one,
        Err(list) => json!(list),
    }
}

fn breadcrumbs(crumbs: &[(String, String)]) -> serde_json::Value {
    let items: Vec<_> = crumbs
        .iter()
        .enumerate()
        .map(|(i, (name, url))| json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url }))
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

/// The site's feeds (all articles, and per category), sitemap and robots.txt.
pub fn feeds_and_sitemap(site: &Site, config: &Config) -> Vec<Output> {
    let limit = config.feed_limit;
    let mut feeds_list = vec![Feed {
        title: config.title.clone(),
        html_path: String::new(),
        folder: String::new(),
        pages: site.pages.iter().take(limit).collect(),
    }];
    let lists = [
        ("category", &site.categories, ""),
        ("tags", &site.tags, "#"),
    ];
    for (folder, taxa, sign) in lists {
        for t in taxa {
            feeds_list.push(Feed {
                title: format!("{sign}{} · {}", t.name, config.title),
                html_path: format!("{folder}/{}/", t.slug),
                folder: format!("{folder}/{}/", t.slug),
                pages: t
                    .pages
                    .iter()
                    .take(limit)
                    .map(|&i| &site.pages[i])
                    .collect(),
            });
        }
    }
    for x in &site.authors {
        feeds_list.push(Feed {
            title: format!("{} · {}", x.author.name, config.title),
            html_path: format!("authors/{}/", x.author.id),
            folder: format!("authors/{}/", x.author.id),
            pages: x
                .pages
                .iter()
                .take(limit)
                .map(|&i| &site.pages[i])
                .collect(),
        });
    }
    let mut out = Vec::new();
    for f in &feeds_list {
        out.push(Output {
            path: format!("{}atom.xml", f.folder),
            html: feeds::atom(f, site, config),
        });
        out.push(Output {
            path: format!("{}rss.xml", f.folder),
            html: feeds::rss(f, site, config),
        });
    }
    out.push(Output {
        path: "sitemap.xml".into(),
        html: feeds::sitemap(&sitemap_entries(site), config),
    });
    out.push(Output {
        path: "robots.txt".into(),
        html: feeds::robots(config),
    });
    out
}

fn sitemap_entries(site: &Site) -> Vec<SitemapEntry> {
    let newest = |pages: &[usize]| pages.iter().map(|&i| last_change(&site.pages[i])).max();
    let all: Vec<usize> = (0..site.pages.len()).collect();
    let mut entries = vec![SitemapEntry {
        path: String::new(),
        lastmod: newest(&all),
    }];
    entries.extend(site.pages.iter().map(|p| SitemapEntry {
        path: format!("articles/{}/", p.article.slug),
        lastmod: Some(last_change(p)),
    }));
    for (folder, list) in [("category", &site.categories), ("tags", &site.tags)] {
        entries.push(SitemapEntry {
            path: format!("{folder}/"),
            lastmod: newest(&all),
        });
        entries.extend(list.iter().map(|t| SitemapEntry {
            path: format!("{folder}/{}/", t.slug),
            lastmod: newest(&t.pages),
        }));
    }
    entries.push(SitemapEntry {
        path: "tools/".into(),
        lastmod: None,
    });
    entries.extend(site.tools.iter().map(|t| SitemapEntry {
        path: format!("tools/{}/", t.tool.id),
        lastmod: None,
    }));
    entries.push(SitemapEntry {
        path: "search/".into(),
        lastmod: None,
    });
    entries.extend(site.series.iter().map(|x| SitemapEntry {
        path: format!("series/{}/", x.series.id),
        lastmod: newest(&x.parts),
    }));
    if !site.authors.is_empty() {
        entries.push(SitemapEntry {
            path: "authors/".into(),
            lastmod: newest(&all),
        });
    }
    entries.extend(site.authors.iter().map(|x| SitemapEntry {
        path: format!("authors/{}/", x.author.id),
        lastmod: newest(&x.pages),
    }));
    entries.extend(site.standalone.iter().map(|p| SitemapEntry {
        path: p.page.path.clone(),
        lastmod: p.page.updated.or(p.page.date),
    }));
    entries
}

fn last_change(p: &Page) -> time::Date {
    p.article.last_change()
}
