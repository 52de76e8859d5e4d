//! Shortcode expansion for the parse stage: `{{ tool(id="base64") }}` becomes the tool's
//! widget, rendered from its markup partial.

use std::collections::HashMap;

use crate::content::Tool;
use crate::markdown::{Embeds, Shortcode};
use crate::templates::Templates;

/// Shortcodes galley knows.
pub const SHORTCODES: &[&str] = &["tool"];

/// Expands `tool` shortcodes with the declared tools' partials.
pub struct ToolEmbeds<'a> {
    tools: HashMap<&'a str, &'a Tool>,
    templates: &'a Templates,
}

impl<'a> ToolEmbeds<'a> {
    /// Expansion for the given tools.
    pub fn new(tools: &'a [Tool], templates: &'a Templates) -> Self {
        Self {
            tools: tools.iter().map(|t| (t.id.as_str(), t)).collect(),
            templates,
        }
    }
}

impl Embeds for ToolEmbeds<'_> {
    fn embed(&self, call: &Shortcode, n: usize) -> Result<String, String> {
        if call.name != "tool" {
            let hint = crate::error::suggest(&call.name, SHORTCODES)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(format!(
                "unknown shortcode `{}`{hint} (known: {})",
                call.name,
                SHORTCODES.join(", ")
            ));
        }
        if let Some((key, _)) = call.args.iter().find(|(k, _)| k != "id") {
            return Err(format!("`tool` takes one argument, `id`; found `{key}`"));
        }
        let Some(id) = call.arg("id") else {
            return Err("`tool` needs an id: {{ tool(id=\"base64\") }}".into());
        };
        let Some(tool) = self.tools.get(id) else {
            let mut known: Vec<&str> = self.tools.keys().copied().collect();
            known.sort_unstable();
            let hint = crate::error::suggest(id, &known)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(format!(
                "unknown tool `{id}`{hint} (tools are declared in content/tools/: {})",
                known.join(", ")
            ));
        };
        self.templates
            .widget(tool, &format!("{id}-{n}"))
            .map_err(|d| d.message)
    }
}
