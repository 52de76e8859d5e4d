//! Component expansion for the parse stage: `{{ tool(id="base64") }}` becomes the tool's
//! widget, rendered from its markup partial; every other component is rendered from its
//! template in `templates/components/`, after its name, arguments and form are checked against
//! the template's signature (see [`crate::components`]).

use std::collections::HashMap;

use crate::components::{Body, Signature, TOOL};
use crate::content::Tool;
use crate::markdown::{Embeds, Shortcode, Use, BODY};
use crate::templates::Templates;

/// Expands components: tools with the declared tools' partials, the rest with templates.
pub struct Components<'a> {
    tools: HashMap<&'a str, &'a Tool>,
    templates: &'a Templates,
}

impl<'a> Components<'a> {
    /// Expansion for the given tools and templates.
    pub fn new(tools: &'a [Tool], templates: &'a Templates) -> Self {
        Self {
            tools: tools.iter().map(|t| (t.id.as_str(), t)).collect(),
            templates,
        }
    }

    fn tool(&self, call: &Shortcode, at: &Use<'_>) -> Result<String, String> {
        if at.block {
            return Err("`tool` has no body: write it inline, {{ tool(id=\"base64\") }}".into());
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
            .widget(tool, &format!("{id}-{}", at.n))
            .map_err(|d| d.message)
    }

    fn unknown(&self, name: &str) -> String {
        let mut known: Vec<&str> = self.templates.component_names().collect();
        known.push(TOOL);
        known.sort_unstable();
        let hint = crate::error::suggest(name, &known)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        format!(
            "unknown component `{name}`{hint} (known: {}; a site adds one with templates/components/{name}.html)",
            known.join(", ")
        )
    }
}

impl Embeds for Components<'_> {
    fn embed(&self, call: &Shortcode, at: &Use<'_>) -> Result<String, String> {
        let name = call.name.as_str();
        if name == TOOL {
            return self.tool(call, at);
        }
        let Some(sig) = self.templates.component_signature(name) else {
            return Err(self.unknown(name));
        };
        check_use(name, sig, call, at)?;
        let body = if at.block { BODY } else { "" };
        self.templates
            .component(name, &call.args, body, &format!("{name}-{}", at.n))
            .map_err(|d| format!("{}: {}", d.path.display(), d.message))
    }
}

/// Checks a call's form, place and arguments against its component's signature.
fn check_use(name: &str, sig: &Signature, call: &Shortcode, at: &Use<'_>) -> Result<(), String> {
    match (sig.body, at.block) {
        (Body::Required, false) => {
            return Err(format!(
                "`{name}` has a body: write it as a block, {{% {name}(…) %}} on its own line, the body, then {{% end %}}"
            ))
        }
        (Body::None, true) => {
            return Err(format!(
                "`{name}` has no body: write it inline, {{{{ {name}(…) }}}}, alone in a paragraph"
            ))
        }
        _ => {}
    }
    if let Some(parent) = &sig.inside {
        if at.parent != Some(parent.as_str()) {
            return Err(format!(
                "`{name}` goes directly inside `{{% {parent}() %}}` … `{{% end %}}`"
            ));
        }
    }
    let known: Vec<&str> = sig.arguments().collect();
    for (key, _) in &call.args {
        if !known.contains(&key.as_str()) {
            let hint = crate::error::suggest(key, &known)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let takes = match known.is_empty() {
                true => "it takes none".to_string(),
                false => format!("it takes {}", known.join(", ")),
            };
            return Err(format!("`{name}` has no argument `{key}`{hint} ({takes})"));
        }
    }
    if let Some(missing) = sig.required.iter().find(|r| call.arg(r).is_none()) {
        return Err(format!(
            "`{name}` needs `{missing}`: {name}({missing}=\"…\")"
        ));
    }
    Ok(())
}
