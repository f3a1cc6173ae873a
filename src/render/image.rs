//! Images in a page: every local image carries the size it is shown at,
//! so the page keeps its place while it loads; the first loads at once and
//! the rest when they are scrolled to. A raster image wider than the
//! copies made of it (see [`copies`]) offers them in a `srcset`, in WebP
//! and in its own format, so a phone downloads the smallest copy that
//! fills the theme's column.

use super::html::{escape, href, StartTag, Url};
use crate::load::config::Images;
use crate::load::image::{ImageInfo, Raster};
use crate::resolve::{Site, Target};

/// A smaller copy of a raster image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Resized {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: Raster,
}

/// Images of more pixels are published as they are: decoding one would
/// take gigabytes.
const MAX_PIXELS: u64 = 100_000_000;

/// The tallest picture WebP can hold.
const WEBP_MAX: u32 = 16_383;

/// The copies to make of an image: one for each width of `settings` that
/// is narrower than the image, in its own format, and in WebP too when
/// `webp` (a Markdown image offers it in a `<picture>`). Moving pictures
/// are left whole, as a copy would stop them, and so are images of more
/// than 100 megapixels. Of these, only copies smaller than the file are
/// published (see `resize`).
pub(crate) fn copies(info: &ImageInfo, settings: &Images, webp: bool) -> Vec<Resized> {
    let ImageInfo::Raster {
        format,
        width,
        height,
        animated,
        ..
    } = *info
    else {
        return Vec::new();
    };
    let too_large = u64::from(width) * u64::from(height) > MAX_PIXELS;
    if !settings.resize || animated || too_large {
        return Vec::new();
    }
    let mut widths: Vec<u32> = (settings.widths.iter().copied())
        .filter(|&w| w < width)
        .collect();
    widths.sort_unstable();
    widths.dedup();
    let formats: &[Raster] = match (format, webp) {
        (Raster::Webp, _) | (_, false) => &[format],
        (own, true) => &[Raster::Webp, own],
    };
    // The image itself is the widest candidate in its own format; in WebP,
    // an image narrower than the widest copy needs a copy as wide as it
    // (when it has copies at all).
    let widest = settings.widths.iter().copied().max().unwrap_or(0);
    let mut copies = Vec::new();
    for &copy_format in formats {
        let full = (copy_format != format && width < widest && !widths.is_empty()).then_some(width);
        for &w in widths.iter().chain(&full) {
            let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width);
            let h = (h as u32).max(1);
            if copy_format == Raster::Webp && h > WEBP_MAX {
                continue;
            }
            copies.push(Resized {
                width: w,
                height: h,
                format: copy_format,
            });
        }
    }
    copies
}

/// Where a copy of the image at site path `source` is published: beside
/// it, named by its file's whole name and its width
/// (`trip/photo.jpg.480w.webp`), so copies of `photo.jpg` and `photo.png`
/// never meet.
pub(crate) fn copy_path(source: &str, copy: &Resized) -> String {
    format!("{source}.{}w.{}", copy.width, copy.format.extension())
}

/// The images of one page, in the order it shows them.
pub(super) struct PageImages<'a> {
    site: &'a Site,
    /// The page's site path, which URLs are relative to.
    from: &'a str,
    shown: usize,
}

/// What a page knows of an image it shows.
struct Shown<'a> {
    size: Option<(u32, u32)>,
    /// The image's own format and site path, and the copies published of
    /// it (none when it has none).
    copies: Option<(Raster, &'a str, &'a [Resized])>,
    /// Not the page's first image.
    lazy: bool,
}

impl<'a> PageImages<'a> {
    pub(super) fn new(site: &'a Site, from: &'a str) -> Self {
        PageImages {
            site,
            from,
            shown: 0,
        }
    }

    /// The next image of the page, leading to `target`.
    fn next(&mut self, target: &Target) -> Shown<'a> {
        self.shown += 1;
        let site: &'a Site = self.site;
        let asset = match target {
            Target::Asset { path, suffix } => site.asset(path).map(|a| (a, suffix.as_str())),
            _ => None,
        };
        let Some((asset, suffix)) = asset else {
            return Shown {
                size: None,
                copies: None,
                lazy: self.shown > 1,
            };
        };
        let info = asset.image.as_ref();
        let size = match info {
            // An SVG's `#fragment` may show one of its views, whose size is
            // not the file's; any other fragment shows the whole picture.
            Some(ImageInfo::Svg { views: true, .. }) if suffix.contains('#') => None,
            Some(ImageInfo::Svg { .. }) if suffix.contains("#svgView(") => None,
            Some(info) => info.size(),
            None => None,
        };
        let copies = match info {
            Some(&ImageInfo::Raster { format, .. }) => {
                let copies = site.copies.of(&asset.source);
                (!copies.is_empty()).then_some((format, asset.source.as_str(), copies))
            }
            _ => None,
        };
        Shown {
            size,
            copies,
            lazy: self.shown > 1,
        }
    }

    /// The `srcset` of the copies of `format`, then the image itself at
    /// `own` (its width and URL) when given; `None` without copies.
    fn srcset(
        &self,
        copies: &[Resized],
        source: &str,
        format: Raster,
        own: Option<(u32, &Url)>,
    ) -> Option<String> {
        let mut candidates: Vec<String> = (copies.iter())
            .filter(|c| c.format == format)
            .map(|c| {
                let target = Target::Asset {
                    path: copy_path(source, c),
                    suffix: String::new(),
                };
                let url = href(self.site, self.from, &target, "");
                // A comma would end the candidate.
                format!("{} {}w", url.as_str().replace(',', "%2C"), c.width)
            })
            .collect();
        if candidates.is_empty() {
            return None;
        }
        if let Some((width, url)) = own {
            candidates.push(format!("{} {width}w", url.as_str().replace(',', "%2C")));
        }
        Some(candidates.join(", "))
    }

    /// A Markdown image leading to `target` at `src`: an `<img>`, in a
    /// `<picture>` offering WebP copies when it has them.
    pub(super) fn markdown(
        &mut self,
        target: &Target,
        src: &Url,
        alt: &str,
        title: Option<&str>,
    ) -> String {
        let shown = self.next(target);
        let mut img = StartTag::new("img").attr("src", src.as_str());
        let mut webp = None;
        if let Some((format, source, copies)) = shown.copies {
            let sizes = self.site.config.images.sizes.as_str();
            // WebP, when its copies reach as wide as the image or the
            // widest copy (some may be left out as heavier than the image).
            let settings = &self.site.config.images;
            let reach = shown
                .size
                .map_or(0, |(width, _)| width)
                .min(settings.widths.iter().copied().max().unwrap_or(0));
            let webp_reach = (copies.iter().filter(|c| c.format == Raster::Webp))
                .map(|c| c.width)
                .max();
            if format != Raster::Webp && webp_reach.is_some_and(|w| w >= reach) {
                webp = (self.srcset(copies, source, Raster::Webp, None)).map(|srcset| {
                    StartTag::new("source")
                        .attr("type", "image/webp")
                        .attr("srcset", &srcset)
                        .attr("sizes", sizes)
                        .finish()
                });
            }
            let own = shown.size.map(|(width, _)| (width, src));
            if let Some(srcset) = self.srcset(copies, source, format, own) {
                img = img.attr("srcset", &srcset).attr("sizes", sizes);
            } else if webp.is_some() {
                // The `<source>` picks by `sizes`; the image is the fallback.
                img = img.attr("sizes", sizes);
            }
        }
        let img = sized(img, shown.size, shown.lazy, shown.lazy)
            .attr("alt", alt)
            .attr_some("title", title)
            .finish();
        match webp {
            Some(source) => format!("<picture>{source}{img}</picture>"),
            None => img,
        }
    }

    /// The attributes to add to a raw `<img>` leading to `target`, which
    /// has the attributes `written` (name, value): its size, lazy loading
    /// and the copies in its own format, each unless the author gave it.
    pub(super) fn raw(
        &mut self,
        target: &Target,
        src: &Url,
        written: &[(String, String)],
    ) -> String {
        let shown = self.next(target);
        let value = |name: &str| {
            written
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.trim())
        };
        let has = |name: &str| value(name).is_some();
        let mut tag = StartTag::new("img");
        if let Some((format, source, copies)) = shown.copies.filter(|_| !has("srcset")) {
            let own = shown.size.map(|(width, _)| (width, src));
            if let Some(srcset) = self.srcset(copies, source, format, own) {
                tag = tag.attr("srcset", &srcset);
                if !has("sizes") {
                    // Shown at the author's width (or the width their
                    // height gives), or the column's.
                    let number = |name| value(name).and_then(|v| v.parse::<u32>().ok());
                    let shape = shown.size.filter(|&(_, h)| h > 0);
                    let width = number("width").or_else(|| {
                        let (w, h) = shape?;
                        Some((u64::from(number("height")?) * u64::from(w) / u64::from(h)) as u32)
                    });
                    let sizes = match width {
                        Some(width) => format!("{width}px"),
                        None => self.site.config.images.sizes.clone(),
                    };
                    tag = tag.attr("sizes", &sizes);
                }
            }
        }
        // A size of the author's own is kept whole.
        let size = shown.size.filter(|_| !has("width") && !has("height"));
        let lazy = |attribute| shown.lazy && !has(attribute);
        sized(tag, size, lazy("loading"), lazy("decoding"))
            .attributes()
            .to_string()
    }
}

/// `tag` with the image's size, and loaded and decoded when the reader
/// gets to it rather than at once.
fn sized(tag: StartTag, size: Option<(u32, u32)>, lazy: bool, async_decoding: bool) -> StartTag {
    let (width, height) = size.map_or((None, None), |(w, h)| {
        (Some(w.to_string()), Some(h.to_string()))
    });
    tag.attr_some("width", width.as_deref())
        .attr_some("height", height.as_deref())
        .attr_some("loading", lazy.then_some("lazy"))
        .attr_some("decoding", async_decoding.then_some("async"))
}

/// A Markdown image's title as a figure's caption.
pub(super) fn figure(img: &str, caption: &str) -> String {
    format!(
        "<figure>{img}<figcaption>{}</figcaption></figure>\n",
        escape(caption)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(width: u32, height: u32, format: Raster) -> ImageInfo {
        ImageInfo::Raster {
            format,
            width,
            height,
            animated: false,
            len: 1,
            hash: 0,
        }
    }

    #[test]
    fn copies_are_the_narrower_widths_in_the_own_format_and_webp() {
        let settings = Images::default();
        let made = copies(&photo(2400, 1600, Raster::Jpeg), &settings, true);
        let made: Vec<(u32, u32, Raster)> =
            made.iter().map(|c| (c.width, c.height, c.format)).collect();
        assert_eq!(
            made,
            [
                (480, 320, Raster::Webp),
                (960, 640, Raster::Webp),
                (1600, 1067, Raster::Webp),
                (480, 320, Raster::Jpeg),
                (960, 640, Raster::Jpeg),
                (1600, 1067, Raster::Jpeg),
            ]
        );
        // Raw HTML offers no WebP.
        assert_eq!(
            copies(&photo(2400, 1600, Raster::Png), &settings, false).len(),
            3
        );
        assert_eq!(
            copies(&photo(1000, 10, Raster::Webp), &settings, true).len(),
            2
        );
        assert!(copies(&photo(480, 300, Raster::Png), &settings, true).is_empty());
        // Too tall for WebP: in the own format only.
        let tall = copies(&photo(600, 30_000, Raster::Png), &settings, true);
        assert!(tall.iter().all(|c| c.format == Raster::Png), "{tall:?}");
        let mut moving = photo(4000, 3000, Raster::Png);
        if let ImageInfo::Raster { animated, .. } = &mut moving {
            *animated = true;
        }
        assert!(copies(&moving, &settings, true).is_empty());
        assert!(copies(
            &ImageInfo::Svg {
                size: Some((4000, 10)),
                views: false
            },
            &settings,
            true
        )
        .is_empty());
        let off = Images {
            resize: false,
            ..Images::default()
        };
        assert!(copies(&photo(2400, 1600, Raster::Png), &off, true).is_empty());
    }

    #[test]
    fn copies_sit_beside_their_image() {
        let copy = Resized {
            width: 480,
            height: 320,
            format: Raster::Webp,
        };
        assert_eq!(
            copy_path("trip/photo.JPG", &copy),
            "trip/photo.JPG.480w.webp"
        );
        assert_eq!(copy_path("photo.png", &copy), "photo.png.480w.webp");
    }
}
