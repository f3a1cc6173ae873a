//! The smaller copies of the site's raster images (which ones:
//! [`super::image::copies`]), made in parallel and kept in a cache folder
//! of the site under the hash of the image's bytes and the settings, so a
//! rebuild reads them instead of making them again.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};
use rayon::prelude::*;

use super::image::{copies, copy_path, Resized};
use crate::diagnostics::Diagnostic;
use crate::load::image::Raster;
use crate::load::Asset;
use crate::resolve::{Site, Target};

/// Copies by site path.
type Files = Vec<(String, Vec<u8>)>;

/// The cache of copies, inside the site's folder.
pub(crate) const CACHE: &str = ".lectern-cache/images";

/// Changes whenever the way copies are made does, so that a cache made
/// by another version is not used.
const RECIPE: &str = "catmull-rom/webp-libwebp/1";

/// Every copy of every raster image of `site` (in its own language) by
/// site path, read from the cache under `root` or made (and cached).
/// An image that cannot be decoded is an error at each place showing it.
pub(crate) fn copy_files(
    site: &Site,
    root: &Path,
) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let settings = &site.config.images;
    let cache = root.join(CACHE);
    let made: Vec<Result<Files, (&Asset, String)>> = (site.assets.par_iter())
        .filter_map(|asset| {
            let copies = copies(asset.image.as_ref()?, settings);
            (!copies.is_empty()).then(|| {
                copies_of(asset, &copies, settings.quality, &cache).map_err(|why| (asset, why))
            })
        })
        .collect();
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    for result in made {
        match result {
            Ok(copies) => files.extend(copies),
            Err((asset, why)) => problems.extend(shown_at(site, asset, &why)),
        }
    }
    match problems.is_empty() {
        true => Ok(files),
        false => Err(problems),
    }
}

/// The copies of one image, from the cache where they are all there.
fn copies_of(
    asset: &Asset,
    copies: &[Resized],
    quality: u8,
    cache: &Path,
) -> Result<Files, String> {
    let bytes = std::fs::read(&asset.path).map_err(|e| format!("cannot read it: {e}"))?;
    let key =
        xxhash_rust::xxh3::xxh3_128(&[bytes.as_slice(), RECIPE.as_bytes(), &[quality]].concat());
    let cached = |copy: &Resized| {
        cache.join(format!(
            "{key:032x}-{}.{}",
            copy.width,
            copy.format.extension()
        ))
    };
    let from_cache: Option<Vec<Vec<u8>>> = copies
        .iter()
        .map(|c| std::fs::read(cached(c)).ok())
        .collect();
    let made = match from_cache {
        Some(made) => made,
        None => {
            let made = resize(&bytes, copies, quality)?;
            for (copy, bytes) in copies.iter().zip(&made) {
                // A cache that cannot be written only costs time.
                let _ = store(&cached(copy), bytes);
            }
            made
        }
    };
    Ok((copies.iter().map(|c| copy_path(&asset.source, c)))
        .zip(made)
        .collect())
}

/// Makes `copies` of the image in `bytes`, turned upright first (the
/// copies carry no orientation), each from the next larger, which keeps
/// the picture as sharp and costs a fraction of starting from the
/// original every time.
fn resize(bytes: &[u8], copies: &[Resized], quality: u8) -> Result<Vec<Vec<u8>>, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("it cannot be decoded: {e}"))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image =
        DynamicImage::from_decoder(decoder).map_err(|e| format!("it cannot be decoded: {e}"))?;
    image.apply_orientation(orientation);
    let image = match image.color().has_alpha() {
        true => DynamicImage::ImageRgba8(image.into_rgba8()),
        false => DynamicImage::ImageRgb8(image.into_rgb8()),
    };
    let mut widths: Vec<(u32, u32)> = copies.iter().map(|c| (c.width, c.height)).collect();
    widths.sort_unstable();
    widths.dedup();
    let mut scaled: BTreeMap<u32, DynamicImage> = BTreeMap::new();
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    let mut larger = &image;
    for &(width, height) in widths.iter().rev() {
        let mut copy = DynamicImage::new(width, height, image.color());
        (resizer.resize(larger, &mut copy, &options))
            .map_err(|e| format!("it cannot be resized: {e}"))?;
        scaled.insert(width, copy);
        larger = &scaled[&width];
    }
    copies
        .iter()
        .map(|c| encode(&scaled[&c.width], c.format, quality))
        .collect()
}

fn encode(image: &DynamicImage, format: Raster, quality: u8) -> Result<Vec<u8>, String> {
    let (width, height) = (image.width(), image.height());
    let failed =
        |e: &dyn std::fmt::Display| format!("its {}-pixel copy cannot be encoded: {e}", width);
    let mut out = Vec::new();
    match format {
        Raster::Webp => {
            let encoder = match image {
                DynamicImage::ImageRgba8(pixels) => webp::Encoder::from_rgba(pixels, width, height),
                _ => webp::Encoder::from_rgb(image.as_bytes(), width, height),
            };
            let memory = encoder
                .encode_simple(false, f32::from(quality))
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

/// Writes a cache file whole or not at all.
fn store(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let partial: PathBuf = path.with_extension(format!("{}.part", std::process::id()));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}

/// The error of an image that cannot be resized, at every place the
/// site shows it (or at the file, when no page does).
fn shown_at(site: &Site, asset: &Asset, why: &str) -> Vec<Diagnostic> {
    let message = format!(
        "the image `{}` cannot be resized: {why}",
        asset.file.display()
    );
    let help = "export the picture again, or turn resizing off with `[images] resize = false` in `site.toml`";
    let mut places = Vec::new();
    for (i, article) in site.articles.iter().enumerate() {
        for (link, target) in article.links.iter().zip(site.targets[i].iter()) {
            if let Target::Asset { path, .. } = target {
                if link.image && *path == asset.source {
                    places.push(
                        Diagnostic::error(&article.file, &message)
                            .at_origin(article.locate(link.offset))
                            .with_help(help),
                    );
                }
            }
        }
    }
    if places.is_empty() {
        places.push(Diagnostic::error(&asset.file, message).with_help(help));
    }
    places
}
