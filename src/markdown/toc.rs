//! The table of contents: flat headings nested by level.

use serde::Serialize;

/// One heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TocEntry {
    /// 2 for `##`, 3 for `###`, ...
    pub level: usize,
    /// The heading's id (link with `#id`).
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Headings nested under this one.
    pub children: Vec<TocEntry>,
}

/// Nests `(level, id, title)` headings: each goes under the nearest earlier heading of a
/// smaller level.
pub fn nest(flat: Vec<(usize, String, String)>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for (level, id, title) in flat {
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        insert(&mut root, entry);
    }
    root
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nests_by_level() {
        let t = nest(vec![
            (2, "a".into(), "A".into()),
            (3, "b".into(), "B".into()),
            (2, "c".into(), "C".into()),
            (4, "d".into(), "D".into()),
        ]);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].children[0].id, "b");
        assert_eq!(t[1].children[0].id, "d");
    }
}
