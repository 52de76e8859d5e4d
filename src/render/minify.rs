//! `--minify`: drops the whitespace between tags that indentation leaves, outside `<pre>`,
//! `<textarea>`, `<script>` and `<style>`, where whitespace matters. Conservative on purpose:
//! whitespace next to text is kept, so inline layout never changes.

/// Minifies an HTML document.
pub fn html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while !rest.is_empty() {
        if let Some(tag) = ["<pre", "<textarea", "<script", "<style"]
            .iter()
            .find(|t| starts_with_tag(rest, t))
        {
            let close = format!("</{}>", &tag[1..]);
            let end = rest.find(&close).map_or(rest.len(), |i| i + close.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let next = rest[1..].find('<').map_or(rest.len(), |i| i + 1);
        let chunk = &rest[..next];
        // A chunk is a tag and the text after it, or only text right after a raw block.
        let text = match chunk.find('>').filter(|_| chunk.starts_with('<')) {
            Some(gt) => {
                out.push_str(&chunk[..=gt]);
                &chunk[gt + 1..]
            }
            None => chunk,
        };
        if text.trim().is_empty() {
            // Only whitespace between two tags: one space keeps inline elements apart.
            if !text.is_empty() && !text.contains('\n') {
                out.push(' ');
            }
        } else {
            out.push_str(text);
        }
        rest = &rest[next..];
    }
    out
}

fn starts_with_tag(s: &str, tag: &str) -> bool {
    s.len() > tag.len()
        && s[..tag.len()].eq_ignore_ascii_case(tag)
        && matches!(s.as_bytes()[tag.len()], b'>' | b' ' | b'\n' | b'\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_indentation_between_tags_only() {
        assert_eq!(
            html("<ul>\n  <li>a b</li>\n  <li>c</li>\n</ul>\n"),
            "<ul><li>a b</li><li>c</li></ul>"
        );
        assert_eq!(html("<p><b>x</b> <i>y</i></p>"), "<p><b>x</b> <i>y</i></p>");
        let pre = "<pre>\n  keep\n   this\n</pre>";
        assert_eq!(
            html(&format!("<div>\n{pre}\n</div>")),
            format!("<div>{pre}</div>")
        );
    }
}
