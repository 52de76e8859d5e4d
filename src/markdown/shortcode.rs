//! Component calls. The inline form, `{{ name(key="value", other="value") }}`, is written
//! alone in a paragraph; the block form, `{% name(key="value") %}` … `{% end %}`, on lines of
//! their own around a Markdown body. Inside code blocks and inline code they are ordinary text,
//! so articles can show them.

/// A parsed shortcode call.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shortcode {
    /// The shortcode's name (`tool`).
    pub name: String,
    /// Its arguments, in the order written.
    pub args: Vec<(String, String)>,
}

impl Shortcode {
    /// The value of argument `key`.
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Whether `text` contains something that looks like a shortcode call.
pub fn looks_like_shortcode(text: &str) -> Option<usize> {
    looks_like(text, "{{")
}

/// Whether `text` contains something that looks like a block tag: `{% name(` or `{% end`.
pub fn looks_like_block_tag(text: &str) -> Option<usize> {
    // Most text has no brace at all: one memchr pass answers it (the memchr crate's, which
    // is vectorised; `str::find(char)` is not).
    let mut from = memchr::memchr(b'{', text.as_bytes())?;
    while let Some(i) = text[from..].find("{%") {
        let start = from + i;
        let rest = text[start + 2..].trim_start();
        if rest.starts_with("end") && rest[3..].trim_start().starts_with("%}") {
            return Some(start);
        }
        from = start + 2;
    }
    looks_like(text, "{%")
}

fn looks_like(text: &str, open: &str) -> Option<usize> {
    let mut from = memchr::memchr(b'{', text.as_bytes())?;
    while let Some(i) = text[from..].find(open) {
        let start = from + i;
        let rest = text[start + 2..].trim_start();
        let ident_len = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .count();
        if ident_len > 0 && rest[ident_len..].trim_start().starts_with('(') {
            return Some(start);
        }
        from = start + 2;
    }
    None
}

/// A line of the block form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockTag {
    /// `{% name(args) %}`: a component whose body follows.
    Open(Shortcode),
    /// `{% end %}`: the end of the innermost open component.
    End,
}

/// Parses one line as a block tag. `Ok(None)` if it does not start with `{%`;
/// `Err((byte offset in the line, message))` if it does but is malformed.
pub fn parse_block_tag(line: &str) -> Result<Option<BlockTag>, (usize, String)> {
    let lead = line.len() - line.trim_start().len();
    let t = line.trim();
    let Some(inner) = t.strip_prefix("{%") else {
        return Ok(None);
    };
    let Some(inner) = inner.strip_suffix("%}") else {
        return Err((
            lead,
            "component tag is not closed: expected `%}` at the end of the line".into(),
        ));
    };
    if inner.trim() == "end" {
        return Ok(Some(BlockTag::End));
    }
    call(inner, lead + 2, "%}").map(|c| Some(BlockTag::Open(c)))
}

/// Parses a whole paragraph's text as one shortcode. `Ok(None)` if it is not one at all;
/// `Err((byte offset, message))` if it starts like one but is malformed.
pub fn parse(text: &str) -> Result<Option<Shortcode>, (usize, String)> {
    let trimmed_start = text.len() - text.trim_start().len();
    let t = text.trim();
    let Some(inner) = t.strip_prefix("{{") else {
        return Ok(None);
    };
    if looks_like_shortcode(t) != Some(0) {
        return Ok(None);
    }
    let Some(inner) = inner.strip_suffix("}}") else {
        return Err((
            trimmed_start,
            "shortcode is not closed: expected `}}` at the end of the line".into(),
        ));
    };
    call(inner, trimmed_start + 2, "}}").map(Some)
}

/// `name(key="value", …)` between the delimiters; `base` is its offset, `close` the closing
/// delimiter (for the message).
fn call(inner: &str, base: usize, close: &str) -> Result<Shortcode, (usize, String)> {
    let mut p = Parser {
        s: inner,
        pos: 0,
        base,
    };
    p.skip_ws();
    let name = p.ident().ok_or_else(|| {
        p.err(&format!(
            "expected a component name like `details(…)` or `end` before `{close}`"
        ))
    })?;
    p.skip_ws();
    p.expect('(')?;
    let mut args = Vec::new();
    loop {
        p.skip_ws();
        if p.eat(')') {
            break;
        }
        if !args.is_empty() {
            p.expect(',')?;
            p.skip_ws();
            if p.eat(')') {
                break;
            }
        }
        let key = p
            .ident()
            .ok_or_else(|| p.err("expected an argument name like `id`"))?;
        p.skip_ws();
        p.expect('=')?;
        p.skip_ws();
        let value = p.string()?;
        args.push((key, value));
    }
    p.skip_ws();
    if p.pos != p.s.len() {
        return Err(p.err("unexpected text after the shortcode's closing `)`"));
    }
    Ok(Shortcode { name, args })
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    base: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }
    fn err(&self, msg: &str) -> (usize, String) {
        (self.base + self.pos, msg.to_string())
    }
    fn skip_ws(&mut self) {
        self.pos = self.s.len() - self.rest().trim_start().len();
    }
    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: char) -> Result<(), (usize, String)> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.err(&format!("expected `{c}`")))
        }
    }
    fn ident(&mut self) -> Option<String> {
        let n: usize = self
            .rest()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .map(char::len_utf8)
            .sum();
        (n > 0).then(|| {
            let id = self.rest()[..n].to_string();
            self.pos += n;
            id
        })
    }
    fn string(&mut self) -> Result<String, (usize, String)> {
        let quote = match self.rest().chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => return Err(self.err("expected a quoted value like \"base64\"")),
        };
        let start = self.pos + 1;
        match self.s[start..].find(quote) {
            Some(len) => {
                self.pos = start + len + 1;
                Ok(self.s[start..start + len].to_string())
            }
            None => Err(self.err("string is not closed")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_calls() {
        let s = parse(r#"{{ tool(id="base64") }}"#).unwrap().unwrap();
        assert_eq!(s.name, "tool");
        assert_eq!(s.arg("id"), Some("base64"));
        let s = parse("  {{tool( id = 'a' , x=\"b\", )}}\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            s.args,
            vec![("id".into(), "a".into()), ("x".into(), "b".into())]
        );
    }

    #[test]
    fn plain_text_is_not_a_shortcode() {
        assert_eq!(parse("hello {{ world }}"), Ok(None));
        assert_eq!(parse("{{ not a call }}"), Ok(None));
        assert_eq!(looks_like_shortcode("a {{ tool(id=\"x\") }} b"), Some(2));
        assert_eq!(looks_like_shortcode("a {{ x }} b"), None);
    }

    #[test]
    fn block_tags() {
        let open = parse_block_tag(r#"{% tab(label="Node.js") %}"#).unwrap();
        let Some(BlockTag::Open(call)) = open else {
            panic!("{open:?}")
        };
        assert_eq!(
            (call.name.as_str(), call.arg("label")),
            ("tab", Some("Node.js"))
        );
        assert_eq!(parse_block_tag("  {%end%} "), Ok(Some(BlockTag::End)));
        assert!(matches!(
            parse_block_tag("{% tabs() %}"),
            Ok(Some(BlockTag::Open(_)))
        ));
        assert_eq!(parse_block_tag("text {% x %}"), Ok(None));
        assert_eq!(parse_block_tag("{% tabs()").unwrap_err().0, 0);
        assert_eq!(parse_block_tag(r#"{% tab(label=x) %}"#).unwrap_err().0, 13);
        assert_eq!(looks_like_block_tag("see {% end %} here"), Some(4));
        assert_eq!(looks_like_block_tag("a {% tabs() %}"), Some(2));
        assert_eq!(looks_like_block_tag("50 {% of it"), None);
    }

    #[test]
    fn malformed_calls_say_what_was_expected() {
        assert_eq!(
            parse(r#"{{ tool(id=base64) }}"#).unwrap_err().1,
            "expected a quoted value like \"base64\""
        );
        assert_eq!(parse(r#"{{ tool(id="a" }}"#).unwrap_err().1, "expected `,`");
        assert!(parse(r#"{{ tool(id="a")"#).is_err());
    }
}
