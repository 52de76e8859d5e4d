use super::*;
use std::path::Path;

fn check(source: &str, text: &str) -> Result<Standalone, Vec<Diagnostic>> {
    let split = crate::content::front_matter::split(text).unwrap();
    let shown = format!("content/{source}");
    let block = YamlBlock {
        path: Path::new(&shown),
        file_text: text,
        yaml: split.yaml,
        first_line: split.yaml_line,
    };
    Standalone::check(source.into(), &block, split.body, split.body_line)
}

const MINIMAL: &str = "---\ntitle: À propos\ndescription: Qui nous sommes\n---\nBody\n";

#[test]
fn urls_follow_the_path_under_pages() {
    assert_eq!(check("pages/about.md", MINIMAL).unwrap().path, "about/");
    assert_eq!(
        check("pages/legal/privacy.md", MINIMAL).unwrap().path,
        "legal/privacy/"
    );
    assert_eq!(
        check("pages/legal/index.md", MINIMAL).unwrap().path,
        "legal/"
    );
    assert_eq!(
        check("pages/Team Notes/Café.md", MINIMAL).unwrap().path,
        "team-notes/café/"
    );
    let slugged = "---\ntitle: T\ndescription: D\nslug: contact-us\n---\n";
    assert_eq!(
        check("pages/legal/contact.md", slugged).unwrap().path,
        "legal/contact-us/"
    );
}

#[test]
fn required_keys_bad_slug_and_template_are_all_reported() {
    let text = "---\nslug: \"Not OK\"\ntemplate: ../x.html\n---\n";
    let errs = check("pages/a.md", text).unwrap_err();
    let msgs: Vec<&str> = errs.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(msgs.len(), 4, "{msgs:?}");
    assert!(msgs[0].contains("`title`") && msgs[1].contains("`description`"));
    assert!(msgs[2].starts_with("`slug`: expected lower-case"));
    assert!(msgs[3].starts_with("`template`: expected a template file"));
    assert_eq!(errs[3].line, Some(3));
}

#[test]
fn menu_forms() {
    let menus = |menu: &str| {
        let text = format!("---\ntitle: About\ndescription: D\nmenu: {menu}\n---\n");
        check("pages/about.md", &text).map(|p| p.menus)
    };
    let place = |menu: &str, name: Option<&str>, weight| MenuPlace {
        menu: menu.into(),
        name: name.map(Into::into),
        weight,
    };
    assert_eq!(menus("main").unwrap(), [place("main", None, 0)]);
    assert_eq!(
        menus("[main, footer]").unwrap(),
        [place("main", None, 0), place("footer", None, 0)]
    );
    assert_eq!(
        menus("{main: {weight: 20, name: \"Über uns\"}, footer: }").unwrap(),
        [
            place("main", Some("Über uns"), 20),
            place("footer", None, 0)
        ]
    );
    let err = menus("{main: {wieght: 2}}").unwrap_err();
    assert!(
        err[0].message.contains("unknown field `wieght`"),
        "{}",
        err[0].message
    );
    assert_eq!(err[0].line, Some(4));
    assert!(menus("3").is_err());
}

#[test]
fn aliases_are_checked_for_shape() {
    let text =
        "---\ntitle: T\ndescription: D\naliases:\n  - /old/about/\n  - ../../etc/passwd\n---\n";
    let errs = check("pages/about.md", text).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!((errs[0].line, errs[0].column), (Some(6), Some(5)));
    let ok = "---\ntitle: T\ndescription: D\naliases: [/old/about/]\n---\n";
    assert_eq!(
        check("pages/about.md", ok).unwrap().aliases[0].value,
        "/old/about/"
    );
}
