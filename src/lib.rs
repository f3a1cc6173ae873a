//! lectern turns a folder of Markdown articles into a themed, cross-linked
//! static site with an FAQ index.
//!
//! Where each stage lives:
//! - [`load`]: `site.toml`, the theme and every article, parsed on its own.
//! - `resolve`: the whole site at once: URLs, links, anchors, tags, FAQ.
//! - `render`: every page through its template; feeds, JSON-LD, redirects.
//! - `search`: the static search index. `output`: the site written into place.
//! - `serve`: the live preview. `check`: the lints. [`build`]: runs the stages.
//!
//! Data flows one way, load → resolve → render → write, each stage handing
//! the next a plain value. Everything else in the crate is private to it;
//! what is public here is what the command line, the tests and the fuzz
//! target use.

mod build;
mod check;
pub mod diagnostics;
pub mod load;
pub mod output;
mod render;
mod resolve;
pub mod scaffold;
mod search;
pub mod serve;

pub use build::{
    build, build_into, build_loaded, Build, BuildOptions, Files, Incremental, Sink, Timings,
    RENDERED_AT_ONCE,
};
pub use resolve::Site;

/// The functions the fuzz targets call directly.
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::render::{sanitize_url, term_uses};
}
