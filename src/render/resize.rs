//! The smaller copies of the images the site shows (which ones:
//! [`super::image::copies`]), made in parallel before the pages, so that a
//! page offers only the copies that exist and are smaller than the image.
//! Copies are kept in a cache folder of the site under the hash of the
//! image's bytes and the settings, so a rebuild reads them instead of
//! making them again. Every raster image shown is decoded once (the cache
//! remembers it), so one that is damaged past its header is reported in
//! `check` as in `build`.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};
use rayon::prelude::*;

use super::image::{copies, copy_path, Resized};
use crate::diagnostics::Diagnostic;
use crate::load::config::Images;
use crate::load::image::{ImageInfo, Raster};
use crate::load::Asset;
use crate::resolve::{Site, Target};

/// The cache of copies, inside the site's folder.
pub(crate) const CACHE: &str = ".lectern-cache/images";

/// Changes whenever the way copies are made does, so that a cache made
/// by another version is not used.
const RECIPE: &str = "catmull-rom/libwebp/1";

/// The copies published of each image, by the image's site path, and
/// the problems met making them (kept for a rebuild that keeps them).
#[derive(Debug, Default)]
pub(crate) struct Copies {
    published: HashMap<String, Vec<Resized>>,
    pub(crate) problems: Vec<Diagnostic>,
}

impl Copies {
    pub(crate) fn of(&self, source: &str) -> &[Resized] {
        self.published.get(source).map_or(&[], Vec::as_slice)
    }
}

/// What a build does with the images its pages show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Work {
    /// Publishes their copies.
    Publish,
    /// Only checks that the images not known good decode (`check`, which
    /// writes nothing).
    Check,
}

/// A raster image some page shows, and the places that show it.
struct Shown<'a> {
    asset: &'a Asset,
    /// Shown by a Markdown image, which offers WebP copies.
    markdown: bool,
    /// (site, article, byte offset of the link), for diagnostics.
    places: Vec<(usize, usize, usize)>,
}

/// Makes (or reads from the cache in the site's folder `root`) the copies
/// of every raster image the pages of `sites` show, handing each file to
/// `put`. Returns the copies published, with a warning at each place
/// showing an image that cannot be decoded (the file is published as it
/// is, without copies), or the error of a copy that could not be written.
pub(crate) fn publish(
    sites: &[&Site],
    root: &Path,
    work: Work,
    put: &(dyn Fn(String, Vec<u8>) -> Result<(), Diagnostic> + Sync),
) -> Copies {
    let Some(first) = sites.first() else {
        return Copies::default();
    };
    let settings = &first.config.images;
    let cache = Cache::new(root, settings.quality);
    let mut problems = Vec::new();
    // Each image with the copies to make of it: those whose names no file
    // beside the articles has taken.
    let plans: Vec<(Shown, Vec<Resized>)> = (shown(sites).into_values())
        .map(|shown| {
            let info = shown.asset.image.as_ref().expect("a raster image");
            let mut wanted = copies(info, settings, shown.markdown);
            wanted.retain(|copy| {
                let path = copy_path(&shown.asset.source, copy);
                let Some(taken) = first.asset(&path) else {
                    return true;
                };
                problems.push(
                    Diagnostic::warning(&taken.file, format!("this file has the name lectern gives a copy of `{}`: it is published as it is, and the picture is offered without that copy", shown.asset.file.display()))
                        .with_help("rename the file"),
                );
                false
            });
            (shown, wanted)
        })
        .collect();
    let made: Vec<Result<Vec<Resized>, Problem>> = (plans.par_iter())
        .map(|(shown, wanted)| {
            if work == Work::Check {
                return verify(shown.asset, wanted, &cache)
                    .map(|()| Vec::new())
                    .map_err(Problem::Image);
            }
            let mut published = Vec::new();
            for (copy, bytes) in
                make(shown.asset, wanted, settings, &cache).map_err(Problem::Image)?
            {
                put(copy_path(&shown.asset.source, &copy), bytes).map_err(Problem::Write)?;
                published.push(copy);
            }
            Ok(published)
        })
        .collect();
    let mut copies = Copies::default();
    for ((shown, _), result) in plans.iter().zip(made) {
        match result {
            Ok(published) if published.is_empty() => {}
            Ok(published) => {
                copies
                    .published
                    .insert(shown.asset.source.clone(), published);
            }
            Err(Problem::Image(why)) => problems.extend(shown_at(sites, shown, &why)),
            Err(Problem::Write(problem)) => problems.push(problem),
        }
    }
    copies.problems = problems;
    copies
}

/// Why an image has no copies: it does not decode (a warning), or a copy
/// could not be written (an error).
enum Problem {
    Image(String),
    Write(Diagnostic),
}

/// The raster images the pages of `sites` show (as a Markdown image or a
/// raw `<img src>`), by site path.
fn shown<'a>(sites: &[&'a Site]) -> BTreeMap<&'a str, Shown<'a>> {
    let mut shown: BTreeMap<&str, Shown> = BTreeMap::new();
    for (s, site) in sites.iter().enumerate() {
        for (a, article) in site.articles.iter().enumerate() {
            for (link, target) in article.links.iter().zip(site.targets[a].iter()) {
                let Target::Asset { path, .. } = target else {
                    continue;
                };
                if !link.image || !matches!(link.html, None | Some(("img", "src"))) {
                    continue;
                }
                let Some(asset) = site.asset(path) else {
                    continue;
                };
                if !matches!(asset.image, Some(ImageInfo::Raster { .. })) {
                    continue;
                }
                let entry = shown.entry(asset.source.as_str()).or_insert_with(|| Shown {
                    asset,
                    markdown: false,
                    places: Vec::new(),
                });
                entry.markdown |= link.html.is_none();
                entry.places.push((s, a, link.offset));
            }
        }
    }
    shown
}

/// Where copies and the images known to decode are kept.
struct Cache {
    dir: PathBuf,
    /// Mixed into every key: what else decides the copies' bytes.
    salt: Vec<u8>,
}

impl Cache {
    fn new(root: &Path, quality: u8) -> Cache {
        let mut salt = RECIPE.as_bytes().to_vec();
        salt.push(quality);
        Cache {
            dir: root.join(CACHE),
            salt,
        }
    }

    fn key(&self, asset: &Asset) -> u128 {
        let hash = match asset.image {
            Some(ImageInfo::Raster { hash, .. }) => hash,
            _ => 0,
        };
        xxhash_rust::xxh3::xxh3_128(&[&hash.to_le_bytes()[..], &self.salt].concat())
    }

    fn copy(&self, key: u128, copy: &Resized) -> PathBuf {
        let name = format!("{key:032x}-{}.{}", copy.width, copy.format.extension());
        self.dir.join(name)
    }

    /// The file that says the image decodes.
    fn good(&self, key: u128) -> PathBuf {
        self.dir.join(format!("{key:032x}.ok"))
    }

    /// Writes a cache file whole or not at all; a cache that cannot be
    /// written only costs time.
    fn store(path: &Path, bytes: &[u8]) {
        // A name of its own for every write: two images with the same
        // bytes store the same files at once, as may another build.
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let n = WRITES.fetch_add(1, Ordering::Relaxed);
        let partial = path.with_extension(format!("{}-{n}.part", std::process::id()));
        let stored = (path.parent().map_or(Ok(()), std::fs::create_dir_all))
            .and_then(|()| std::fs::write(&partial, bytes))
            .and_then(|()| std::fs::rename(&partial, path));
        if stored.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
    }
}

/// The copies of an image, from the cache where they are all there, else
/// made (and cached); only those smaller than the image's file.
fn make(
    asset: &Asset,
    wanted: &[Resized],
    settings: &Images,
    cache: &Cache,
) -> Result<Vec<(Resized, Vec<u8>)>, String> {
    let key = cache.key(asset);
    let cached: Option<Vec<Vec<u8>>> = wanted
        .iter()
        .map(|c| std::fs::read(cache.copy(key, c)).ok())
        .collect();
    let made = match cached {
        Some(made) if !wanted.is_empty() || cache.good(key).exists() => made,
        _ => {
            let image = decode(asset)?;
            let made = resize(&image, wanted, settings.quality)?;
            for (copy, bytes) in wanted.iter().zip(&made) {
                Cache::store(&cache.copy(key, copy), bytes);
            }
            Cache::store(&cache.good(key), b"");
            made
        }
    };
    let len = match asset.image {
        Some(ImageInfo::Raster { len, .. }) => len,
        _ => u64::MAX,
    };
    Ok((wanted.iter().copied().zip(made))
        .filter(|(_, bytes)| (bytes.len() as u64) < len)
        .collect())
}

/// Whether an image decodes, unless the cache knows it does.
fn verify(asset: &Asset, wanted: &[Resized], cache: &Cache) -> Result<(), String> {
    let key = cache.key(asset);
    let cached = !wanted.is_empty() && wanted.iter().all(|c| cache.copy(key, c).exists());
    if cached || cache.good(key).exists() {
        return Ok(());
    }
    decode(asset).map(|_| ())
}

/// The image's pixels, turned upright (the copies carry no orientation),
/// as 8-bit RGB or RGBA.
fn decode(asset: &Asset) -> Result<DynamicImage, String> {
    let bytes = std::fs::read(&asset.path).map_err(|e| format!("cannot read it: {e}"))?;
    let broken = |e: image::ImageError| format!("it cannot be decoded: {e}");
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read it: {e}"))?;
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(broken)?;
    image.apply_orientation(orientation);
    Ok(match image.color().has_alpha() {
        true => DynamicImage::ImageRgba8(image.into_rgba8()),
        false => DynamicImage::ImageRgb8(image.into_rgb8()),
    })
}

/// Makes `copies` of `image`, each from the next larger, which keeps the
/// picture as sharp and costs a fraction of starting from the original
/// every time.
fn resize(image: &DynamicImage, copies: &[Resized], quality: u8) -> Result<Vec<Vec<u8>>, String> {
    let mut sizes: Vec<(u32, u32)> = copies.iter().map(|c| (c.width, c.height)).collect();
    sizes.sort_unstable();
    sizes.dedup();
    // Widest first, each made from the one before.
    let mut scaled: Vec<(u32, DynamicImage)> = Vec::new();
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    for &(width, height) in sizes.iter().rev() {
        let larger = scaled.last().map_or(image, |(_, copy)| copy);
        let copy = if (width, height) == (larger.width(), larger.height()) {
            // A WebP copy as large as the image.
            larger.clone()
        } else {
            let mut copy = DynamicImage::new(width, height, image.color());
            (resizer.resize(larger, &mut copy, &options))
                .map_err(|e| format!("it cannot be resized: {e}"))?;
            copy
        };
        scaled.push((width, copy));
    }
    let of = |width: u32| {
        scaled
            .iter()
            .find(|(w, _)| *w == width)
            .map(|(_, copy)| copy)
    };
    (copies.iter())
        .map(|c| encode(of(c.width).expect("made above"), c.format, quality))
        .collect()
}

fn encode(image: &DynamicImage, format: Raster, quality: u8) -> Result<Vec<u8>, String> {
    let (width, height) = (image.width(), image.height());
    let failed =
        |e: &dyn std::fmt::Display| format!("its {width}-pixel copy cannot be encoded: {e}");
    let mut out = Vec::new();
    match format {
        Raster::Webp => {
            let encoder = match image {
                DynamicImage::ImageRgba8(pixels) => webp::Encoder::from_rgba(pixels, width, height),
                _ => webp::Encoder::from_rgb(image.as_bytes(), width, height),
            };
            let memory = (encoder.encode_simple(false, f32::from(quality)))
                .map_err(|e| failed(&format!("{e:?}")))?;
            out.extend_from_slice(&memory);
        }
        Raster::Jpeg => {
            let rgb = image.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, quality)
                .write_image(&rgb, width, height, image::ExtendedColorType::Rgb8)
                .map_err(|e| failed(&e))?;
        }
        Raster::Png | Raster::Gif => {
            PngEncoder::new(&mut out)
                .write_image(image.as_bytes(), width, height, image.color().into())
                .map_err(|e| failed(&e))?;
        }
    }
    Ok(out)
}

/// A warning at every place that shows an image that cannot be decoded.
fn shown_at(sites: &[&Site], shown: &Shown, why: &str) -> Vec<Diagnostic> {
    let message = format!(
        "the image `{}` cannot be shown: {why}",
        shown.asset.file.display()
    );
    let help = "export the picture again, or fix the link";
    (shown.places.iter())
        .map(|&(s, a, offset)| {
            let article = &sites[s].articles[a];
            Diagnostic::warning(&article.file, &message)
                .at_origin(article.locate(offset))
                .with_help(help)
        })
        .collect()
}
