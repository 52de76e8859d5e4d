//! Atom and RSS 2.0 feeds, the sitemap and robots.txt: generated here rather than from
//! templates, so they are always well-formed and every value is escaped for XML.

use std::fmt::Write as _;
use time::Date;

use super::xml::escape;
use crate::config::Config;
use crate::index::{Page, Site};

/// One feed: a title, where it lives, and its articles (newest first).
pub struct Feed<'a> {
    /// Feed title.
    pub title: String,
    /// Site path of the HTML page the feed follows (`category/jwt/`).
    pub html_path: String,
    /// Site path of the feed itself, without extension (`category/jwt/atom` → `.xml`).
    pub folder: String,
    /// Articles, newest first, already limited.
    pub pages: Vec<&'a Page>,
}

fn rfc3339(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

fn rfc2822(d: Date) -> String {
    let weekday = &d.weekday().to_string()[..3];
    let month = &d.month().to_string()[..3];
    format!(
        "{weekday}, {:02} {month} {} 00:00:00 +0000",
        d.day(),
        d.year()
    )
}

fn article_permalink(config: &Config, p: &Page) -> String {
    config.permalink(&format!("articles/{}/", p.article.slug))
}

impl Feed<'_> {
    /// The last change of the newest article in the feed.
    fn newest(&self) -> Option<Date> {
        self.pages.iter().map(|p| p.article.last_change()).max()
    }
}

/// The Atom document of `feed`.
pub fn atom(feed: &Feed<'_>, site: &Site, config: &Config) -> String {
    let self_url = config.permalink(&format!("{}atom.xml", feed.folder));
    let updated = feed.newest();
    let mut x = String::with_capacity(4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&config.language)
    );
    let _ = writeln!(x, "<title>{}</title>", escape(&feed.title));
    if !config.description.is_empty() {
        let _ = writeln!(x, "<subtitle>{}</subtitle>", escape(&config.description));
    }
    let _ = writeln!(
        x,
        "<link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>",
        escape(&self_url)
    );
    let _ = writeln!(
        x,
        "<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
        escape(&config.permalink(&feed.html_path))
    );
    let _ = writeln!(x, "<id>{}</id>", escape(&self_url));
    let _ = writeln!(
        x,
        "<updated>{}</updated>",
        rfc3339(updated.unwrap_or(Date::MIN))
    );
    let _ = writeln!(x, "<generator>galley</generator>");
    for p in &feed.pages {
        atom_entry(&mut x, p, site, config);
    }
    x.push_str("</feed>\n");
    x
}

fn atom_entry(x: &mut String, p: &Page, site: &Site, config: &Config) {
    let a = &p.article;
    let url = article_permalink(config, p);
    x.push_str("<entry>\n");
    let _ = writeln!(x, "<title>{}</title>", escape(&a.title));
    let _ = writeln!(
        x,
        "<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
        escape(&url)
    );
    let _ = writeln!(x, "<id>{}</id>", escape(&url));
    let _ = writeln!(x, "<published>{}</published>", rfc3339(a.date));
    let _ = writeln!(x, "<updated>{}</updated>", rfc3339(a.last_change()));
    if p.authors.is_empty() {
        let name = if config.author.is_empty() {
            &config.title
        } else {
            &config.author
        };
        let _ = writeln!(x, "<author><name>{}</name></author>", escape(name));
    }
    for &i in &p.authors {
        let author = &site.authors[i];
        let uri = config.permalink(&format!("authors/{}/", author.author.id));
        let _ = writeln!(
            x,
            "<author><name>{}</name><uri>{}</uri></author>",
            escape(&author.author.name),
            escape(&uri)
        );
    }
    if let Some(c) = p.category {
        let _ = writeln!(
            x,
            "<category term=\"{}\"/>",
            escape(&site.categories[c].name)
        );
    }
    match &p.rendered.summary_html {
        Some(html) => {
            let _ = writeln!(x, "<summary type=\"html\">{}</summary>", escape(html));
        }
        None => {
            let _ = writeln!(
                x,
                "<summary type=\"text\">{}</summary>",
                escape(&a.description)
            );
        }
    }
    x.push_str("</entry>\n");
}

/// The RSS 2.0 document of `feed`.
pub fn rss(feed: &Feed<'_>, site: &Site, config: &Config) -> String {
    let self_url = config.permalink(&format!("{}rss.xml", feed.folder));
    let newest = feed.newest();
    let mut x = String::with_capacity(4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    let _ = writeln!(x, "<title>{}</title>", escape(&feed.title));
    let _ = writeln!(
        x,
        "<link>{}</link>",
        escape(&config.permalink(&feed.html_path))
    );
    let description = if config.description.is_empty() {
        &config.title
    } else {
        &config.description
    };
    let _ = writeln!(x, "<description>{}</description>", escape(description));
    let _ = writeln!(x, "<language>{}</language>", escape(&config.language));
    let _ = writeln!(
        x,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&self_url)
    );
    if let Some(d) = newest {
        let _ = writeln!(x, "<lastBuildDate>{}</lastBuildDate>", rfc2822(d));
    }
    x.push_str("<generator>galley</generator>\n");
    for p in &feed.pages {
        let a = &p.article;
        let url = article_permalink(config, p);
        x.push_str("<item>\n");
        let _ = writeln!(x, "<title>{}</title>", escape(&a.title));
        let _ = writeln!(x, "<link>{}</link>", escape(&url));
        let _ = writeln!(x, "<guid isPermaLink=\"true\">{}</guid>", escape(&url));
        let _ = writeln!(x, "<pubDate>{}</pubDate>", rfc2822(a.date));
        let summary = p.rendered.summary_html.as_deref().unwrap_or(&a.description);
        let _ = writeln!(x, "<description>{}</description>", escape(summary));
        if let Some(c) = p.category {
            let _ = writeln!(
                x,
                "<category>{}</category>",
                escape(&site.categories[c].name)
            );
        }
        x.push_str("</item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

/// A sitemap entry: site path and last modification.
pub struct SitemapEntry {
    /// Site path (`articles/x/`).
    pub path: String,
    /// Last change, if known.
    pub lastmod: Option<Date>,
}

/// `sitemap.xml` listing `entries`.
pub fn sitemap(entries: &[SitemapEntry], config: &Config) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for e in entries {
        let _ = write!(x, "<url><loc>{}</loc>", escape(&config.permalink(&e.path)));
        if let Some(d) = e.lastmod {
            let _ = write!(x, "<lastmod>{d}</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// `robots.txt`, pointing at the sitemap.
pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.permalink("sitemap.xml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_feed_formats() {
        let d = crate::content::article::parse_date("2026-03-10").unwrap();
        assert_eq!(rfc3339(d), "2026-03-10T00:00:00Z");
        assert_eq!(rfc2822(d), "Tue, 10 Mar 2026 00:00:00 +0000");
    }
}
