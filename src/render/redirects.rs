//! Redirects for moved URLs: a small page at each alias (a `meta refresh`, a canonical link
//! and a visible link; no script, so it works under the site's CSP) and one line per alias in
//! `_redirects`, the file Netlify and Cloudflare Pages read, after the author's own lines.

use super::Output;
use crate::config::Config;
use crate::index::Alias;

/// The page written at an alias's old path; `icon` is the site's icon URL, if it has one, so
/// browsers do not ask for a missing `/favicon.ico`.
pub fn alias_page(alias: &Alias, config: &Config, icon: Option<&str>) -> Output {
    let origin = config
        .base_url
        .strip_suffix(config.base_path.as_str())
        .unwrap_or(&config.base_url);
    let permalink = escape(&format!("{origin}{}", alias.to));
    let to = escape(&alias.to);
    let lang = escape(&config.language);
    let icon = icon.map_or(String::new(), |i| {
        format!(
            "<link rel=\"icon\" href=\"{}\" type=\"image/svg+xml\">\n",
            escape(i)
        )
    });
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>This page has moved</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         {icon}<link rel=\"canonical\" href=\"{permalink}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n\
         <main>\n<h1>This page has moved</h1>\n<p>It is now at <a href=\"{to}\">{permalink}</a>.</p>\n\
         </main>\n</body>\n</html>\n"
    );
    Output {
        path: alias.output.clone(),
        html,
    }
}

/// `_redirects`: the author's own file (`static/_redirects`) as written, then a `301` line for
/// each alias. `None` when there is nothing to add to the author's file.
pub fn redirects_file(existing: Option<&str>, aliases: &[Alias]) -> Option<String> {
    if aliases.is_empty() {
        return None;
    }
    let mut text = existing.unwrap_or_default().to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# Written by galley from `aliases:` in front matter\n");
    for a in aliases {
        text.push_str(&format!("{} {} 301\n", a.from, a.to));
    }
    Some(text)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias() -> Alias {
        Alias {
            output: "old/jwt.html".into(),
            from: "/blog/old/jwt.html".into(),
            to: "/blog/articles/jwt/".into(),
        }
    }

    #[test]
    fn alias_page_points_at_the_new_address() {
        let config = Config::parse("base_url: https://example.com/blog/\n").unwrap();
        let page = alias_page(&alias(), &config, Some("/blog/favicon.svg?h=1"));
        assert_eq!(page.path, "old/jwt.html");
        assert!(page
            .html
            .contains("<link rel=\"canonical\" href=\"https://example.com/blog/articles/jwt/\">"));
        assert!(page.html.contains("content=\"0; url=/blog/articles/jwt/\""));
        assert!(page.html.contains("noindex"));
        assert!(page
            .html
            .contains("<link rel=\"icon\" href=\"/blog/favicon.svg?h=1\""));
        assert!(!page.html.contains("<script"));
    }

    #[test]
    fn redirects_follow_the_authors_own_lines() {
        let text = redirects_file(Some("/a /b 302"), &[alias()]).unwrap();
        assert_eq!(
            text,
            "/a /b 302\n# Written by galley from `aliases:` in front matter\n/blog/old/jwt.html /blog/articles/jwt/ 301\n"
        );
        assert_eq!(redirects_file(Some("/a /b 302\n"), &[]), None);
    }
}
