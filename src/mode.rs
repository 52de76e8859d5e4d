//! The one decision that shapes how the stages hold documents: is this a single build, or a
//! session of builds (`serve`, `check`, tests)? Decided once, when the session is made, and
//! passed down.

/// How documents are held across the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One build that writes the site and exits: each article's body is freed after its front
    /// matter is checked, parsed in outline, and read and rendered again when its page is
    /// written, so a large site is never held whole. Outlines are kept on disk for the next
    /// build.
    OneOff,
    /// Several builds in one process: every document is kept rendered, so an edit re-renders
    /// one document.
    Session,
}
