//! The block form of components: `{% name(…) %}` … `{% end %}` on lines of their own.
//!
//! A body is cut at its tag lines before Markdown sees it, and each piece between two tags is
//! parsed on its own: a component's body then always closes what it opens (a list, a quote)
//! before the component ends, so the HTML nests whatever the author wrote. Tag lines inside
//! code blocks and inline code are not tags: a first, cheap parse (no highlighting, and only
//! for a body that holds `{%` at all) finds where the code is.

use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

use super::shortcode::{parse_block_tag, BlockTag};

/// A part of a body, in order.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece {
    /// Markdown between tags (byte range of the body).
    Markdown(Range<usize>),
    /// A tag line, at the byte offset of its `{%`.
    Tag(BlockTag, usize),
    /// A line that starts like a tag but is malformed: offset and message.
    Bad(usize, String),
}

/// `body` cut at its tag lines.
pub(super) fn pieces(body: &str, options: Options) -> Vec<Piece> {
    // Most bodies have no tag: the memchr crate's vectorised search answers that for a
    // fraction of what `str::contains` costs.
    if memchr::memmem::find(body.as_bytes(), b"{%").is_none() {
        return vec![Piece::Markdown(0..body.len())];
    }
    let code = code_ranges(body, options);
    let mut out = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        if !line.trim_start().starts_with("{%") || in_code(&code, here) {
            continue;
        }
        let piece = match parse_block_tag(line) {
            Ok(Some(tag)) => Piece::Tag(tag, here + line.len() - line.trim_start().len()),
            Ok(None) => continue,
            Err((at, message)) => Piece::Bad(here + at, message),
        };
        if start < here {
            out.push(Piece::Markdown(start..here));
        }
        out.push(piece);
        start = offset;
    }
    if start < body.len() {
        out.push(Piece::Markdown(start..body.len()));
    }
    out
}

/// Byte ranges of the code blocks and code spans of `body`, in order.
fn code_ranges(body: &str, options: Options) -> Vec<Range<usize>> {
    Parser::new_ext(body, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => Some(range),
            _ => None,
        })
        .collect()
}

fn in_code(code: &[Range<usize>], offset: usize) -> bool {
    let i = code.partition_point(|r| r.end <= offset);
    code.get(i).is_some_and(|r| r.start <= offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &str) -> Vec<String> {
        pieces(body, super::super::options(false))
            .into_iter()
            .map(|p| match p {
                Piece::Markdown(r) => format!("md {:?}", &body[r]),
                Piece::Tag(BlockTag::Open(c), at) => format!("open {} @{at}", c.name),
                Piece::Tag(BlockTag::End, at) => format!("end @{at}"),
                Piece::Bad(at, _) => format!("bad @{at}"),
            })
            .collect()
    }

    #[test]
    fn tags_cut_the_body_but_not_code() {
        let body = "A\n{% tabs() %}\n- x\n{% end %}\n```\n{% end %}\n```\n`{% end %}\n{% x %}`\n";
        assert_eq!(
            kinds(body),
            [
                "md \"A\\n\"",
                "open tabs @2",
                "md \"- x\\n\"",
                "end @19",
                "md \"```\\n{% end %}\\n```\\n`{% end %}\\n{% x %}`\\n\"",
            ]
        );
        assert_eq!(kinds("no tags"), ["md \"no tags\""]);
        assert_eq!(kinds("{% tabs(\n"), ["bad @0"]);
    }
}
