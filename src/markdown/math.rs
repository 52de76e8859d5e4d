//! Math (`markdown.math: true`): `$…$` and `$$…$$` rendered to MathML at build time with
//! pulldown-latex, so pages need no script or font to show it. Invalid TeX is an error at the
//! math's line and column.

use pulldown_cmark::Event;
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

use super::FirstPass;

impl FirstPass<'_, '_> {
    /// Replaces math (from `$` at byte `offset`) by its MathML.
    pub(super) fn math(&mut self, tex: &str, display: bool, offset: usize) {
        match to_mathml(tex, display) {
            Ok(html) => self.out.push(Event::InlineHtml(html.into())),
            Err((message, context)) => self.problem_with_help(offset, message, context),
        }
    }
}

/// The MathML of `tex`, or what is wrong with it and where in the TeX.
fn to_mathml(tex: &str, display: bool) -> Result<String, (String, Option<String>)> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
        let text = e.to_string();
        let (what, context) = text.split_once('\n').unwrap_or((&text, ""));
        let what = what.trim_start_matches("parsing error: ");
        let context = context.trim();
        return Err((
            format!("invalid TeX in math: {what}"),
            (!context.is_empty()).then(|| context.to_string()),
        ));
    }
    let config = RenderConfig {
        display_mode: match display {
            true => DisplayMode::Block,
            false => DisplayMode::Inline,
        },
        ..RenderConfig::default()
    };
    let mut html = String::with_capacity(tex.len() * 8);
    push_mathml(&mut html, events.into_iter(), config)
        .map_err(|e| (format!("math could not be rendered: {e}"), None))?;
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::to_mathml;

    #[test]
    fn tex_becomes_mathml_and_bad_tex_an_error() {
        let html = to_mathml(r"\frac{a}{b}", true).unwrap();
        assert!(html.starts_with("<math display=\"block\""), "{html}");
        assert!(html.contains("<mfrac>"), "{html}");
        assert!(to_mathml("x^2", false).unwrap().starts_with("<math"));
        let (message, _) = to_mathml(r"\frac{a", false).unwrap_err();
        assert!(message.starts_with("invalid TeX in math: "), "{message}");
    }
}
