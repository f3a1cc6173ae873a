//! `lectern new` and `lectern init`: files that start an article or a site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::load::slug::slugify;
use crate::load::{default_static, default_templates, Date};

/// Creates `<slug>.md` for `title` in the site's articles folder
/// (`articles/` unless `site.toml` names another); refuses to overwrite an
/// existing file.
pub fn new_article(root: &Path, title: &str) -> io::Result<PathBuf> {
    let config = crate::load::config::load(root).map_err(|problems| {
        let message = problems
            .first()
            .map_or(String::new(), |d| d.message.clone());
        io::Error::new(io::ErrorKind::InvalidData, format!("site.toml: {message}"))
    })?;
    let today = Date::today();
    let slug = slugify(title, config.slugify);
    if slug.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("cannot make a file name from the title {title:?}"),
        ));
    }
    let path = root.join(crate::load::content_path(
        &config.content,
        &format!("{slug}.md"),
    ));
    let text = format!(
        "+++\ntitle = {}\ndescription = \"\"\ndate = {today}\ntags = []\n+++\n\nStart with a paragraph that answers the title in a sentence or two.\n\n## A first section\n\nWrite here.\n",
        toml::Value::String(title.to_string())
    );
    fs::create_dir_all(path.parent().unwrap_or(root))?;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                io::Error::new(e.kind(), format!("{} already exists", path.display()))
            } else {
                e
            }
        })?;
    Ok(path)
}

/// Creates a new site in `dir`: `site.toml`, a sample article, and the
/// default theme's templates and static files to edit. Refuses a folder
/// that already has content.
pub fn init_site(dir: &Path) -> io::Result<()> {
    let today = Date::today();
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} is not empty", dir.display()),
        ));
    }
    let title = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "My site".into());
    fs::create_dir_all(dir.join("articles"))?;
    fs::write(
        dir.join("site.toml"),
        format!(
            "title = {}\ndescription = \"What this site is about, in one sentence.\"\n# Where the site will be published; used for canonical links, the sitemap and the feed.\nbase_url = \"https://example.org/\"\nlanguage = \"en\"\ndisclaimer = \"This site is for general education only.\"\n\n[[menu]]\nname = \"Home\"\nurl = \"\"\n\n[[menu]]\nname = \"FAQ\"\nurl = \"faq/\"\n\n[[menu]]\nname = \"Tags\"\nurl = \"tags/\"\n",
            toml::Value::String(title)
        ),
    )?;
    fs::write(
        dir.join("articles/welcome.md"),
        format!(
            "+++\ntitle = \"What is this site?\"\ndescription = \"A first article to show how lectern works.\"\ndate = {today}\ncategory = \"Getting started\"\ntags = [\"welcome\"]\n+++\n\nThis is the first article. Its title ends with a question mark, so it is listed in the FAQ index with this paragraph as its answer.\n\n## How do I add an article?\n\nRun `lectern new \"My title\"` and edit the file it creates in `articles/`.\n\n> [!TIP]\n> Link to another article with a plain Markdown link such as `[text](other.md#a-heading)`; lectern checks it exists.\n"
        ),
    )?;
    for (sub, files) in [
        ("templates", default_templates().collect::<Vec<_>>()),
        ("static", default_static().collect()),
    ] {
        for (name, bytes) in files {
            let path = dir.join(sub).join(name);
            fs::create_dir_all(path.parent().unwrap_or(dir))?;
            fs::write(path, bytes)?;
        }
    }
    Ok(())
}
