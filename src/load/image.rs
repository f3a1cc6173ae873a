//! What an image beside the articles is: its format and the size it is
//! shown at, read from the file's header (or an SVG's root element)
//! without decoding its pixels, so every page can give its images a
//! `width` and `height` and never jumps while they load; and the hash of
//! its bytes, which names its smaller copies in the cache.

use std::io::Cursor;
use std::path::Path;

use image::codecs::png::PngDecoder;
use image::codecs::webp::WebPDecoder;
use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader};

/// An image file as the build found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ImageInfo {
    /// A PNG, JPEG, GIF or WebP file: its size as browsers show it (after
    /// its EXIF orientation).
    Raster {
        format: Raster,
        width: u32,
        height: u32,
        /// Moving (an animated PNG, WebP or GIF), which a copy would stop.
        animated: bool,
        /// The file's length and the hash of its bytes, which tell a new
        /// picture under the same name.
        len: u64,
        hash: u128,
    },
    /// An SVG file: its size as browsers show it (see [`svg`]); `None` when
    /// it has none of its own.
    Svg {
        size: Option<(u32, u32)>,
        /// Holds `<view>` elements, which a `#fragment` may show instead
        /// of the whole picture.
        views: bool,
    },
    /// A file of an image format lectern cannot read (`.avif`, `.bmp`),
    /// published as it is, without a size.
    Unsupported(String),
    /// A file that claims to be an image and is not a readable one.
    Broken(String),
}

/// The raster formats lectern reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Raster {
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl Raster {
    /// The file extension its resized copies get.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Raster::Png => "png",
            Raster::Jpeg => "jpg",
            Raster::Gif => "gif",
            Raster::Webp => "webp",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Raster::Png => "PNG",
            Raster::Jpeg => "JPEG",
            Raster::Gif => "GIF",
            Raster::Webp => "WebP",
        }
    }
}

impl ImageInfo {
    /// The size browsers show the image at, when known.
    pub(crate) fn size(&self) -> Option<(u32, u32)> {
        match *self {
            ImageInfo::Raster { width, height, .. } => Some((width, height)),
            ImageInfo::Svg { size, .. } => size,
            _ => None,
        }
    }

    /// What is wrong with the file, for a diagnostic at each place that
    /// shows it; `Err` for a file that cannot be published as an image.
    pub(crate) fn problem(&self) -> Option<Result<&str, &str>> {
        match self {
            ImageInfo::Unsupported(why) => Some(Ok(why)),
            ImageInfo::Broken(why) => Some(Err(why)),
            _ => None,
        }
    }
}

/// The image a file holds, judged by its extension; `None` for a file
/// that is not an image.
pub(crate) fn probe(path: &Path) -> Option<ImageInfo> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    let expected = match extension.as_str() {
        "png" | "apng" => Raster::Png,
        "jpg" | "jpeg" | "jfif" | "pjpeg" => Raster::Jpeg,
        "gif" => Raster::Gif,
        "webp" => Raster::Webp,
        "svg" => return Some(svg(path)),
        "avif" | "bmp" | "ico" | "tif" | "tiff" | "heic" | "heif" | "jxl" => {
            return Some(ImageInfo::Unsupported(format!(
                "lectern cannot read the size of `.{extension}` images"
            )))
        }
        _ => return None,
    };
    Some(raster(path, expected).unwrap_or_else(ImageInfo::Broken))
}

fn raster(path: &Path, expected: Raster) -> Result<ImageInfo, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let reader = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read it: {e}"))?;
    let format = match reader.format() {
        Some(ImageFormat::Png) => Raster::Png,
        Some(ImageFormat::Jpeg) => Raster::Jpeg,
        Some(ImageFormat::Gif) => Raster::Gif,
        Some(ImageFormat::WebP) => Raster::Webp,
        Some(other) => {
            return Err(format!(
                "it is named as a {} image but holds {other:?}",
                expected.name()
            ))
        }
        None => return Err(format!("it is not a {} image", expected.name())),
    };
    let unreadable =
        |e: image::ImageError| format!("it is not a readable {} image: {e}", format.name());
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(format!(
            "the {} image is empty ({width}×{height})",
            format.name()
        ));
    }
    let turned = matches!(
        decoder.orientation().unwrap_or(Orientation::NoTransforms),
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let animated = match format {
        // Whether a GIF moves takes reading every frame; GIFs are left whole.
        Raster::Gif => true,
        Raster::Png => PngDecoder::new(Cursor::new(&bytes))
            .and_then(|d| d.is_apng())
            .map_err(unreadable)?,
        Raster::Webp => WebPDecoder::new(Cursor::new(&bytes))
            .map_err(unreadable)?
            .has_animation(),
        Raster::Jpeg => false,
    };
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(ImageInfo::Raster {
        format,
        width,
        height,
        animated,
        len: bytes.len() as u64,
        hash: xxhash_rust::xxh3::xxh3_128(&bytes),
    })
}

/// Wider than any theme's column.
const FILLING: f64 = 1600.0;

/// An SVG file's size as browsers show it in an `<img>`: its root's
/// `width` and `height` (as attributes or in its `style`), one of them
/// with the `viewBox`'s shape giving the other. With a `viewBox` alone a
/// browser makes it as wide as its column: it gets the `viewBox`'s shape
/// at [`FILLING`] pixels (or its own width, if wider), which the theme
/// scales down to the column.
fn svg(path: &Path) -> ImageInfo {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => return ImageInfo::Broken(format!("cannot read it: {e}")),
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let document = match roxmltree::Document::parse_with_options(&text, options) {
        Ok(document) => document,
        Err(e) => {
            return ImageInfo::Broken(format!(
                "it is not well-formed XML, which browsers show as nothing: {e}"
            ))
        }
    };
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return ImageInfo::Broken(
            "it is not an SVG image (its first element is not `<svg>`)".into(),
        );
    }
    // `style` wins over the attributes, as in browsers.
    let styled = |name: &str| {
        let style = root.attribute("style")?;
        (style.split(';').filter_map(|d| d.split_once(':')))
            .rfind(|(property, _)| property.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim().trim_end_matches("!important").to_string())
    };
    let length = |name: &str| {
        let value = styled(name).or_else(|| root.attribute(name).map(str::to_string))?;
        css_pixels(&value)
    };
    let view_box = root.attribute("viewBox").and_then(view_box_size);
    let size = match (length("width"), length("height"), view_box) {
        (Some(w), Some(h), _) => Some((w, h)),
        (Some(w), None, Some((vw, vh))) => Some((w, w * vh / vw)),
        (None, Some(h), Some((vw, vh))) => Some((h * vw / vh, h)),
        (None, None, Some((vw, vh))) => {
            let w = vw.max(FILLING);
            Some((w, w * vh / vw))
        }
        _ => None,
    };
    ImageInfo::Svg {
        size: size.and_then(|(w, h)| Some((rounded(w)?, rounded(h)?))),
        views: document
            .descendants()
            .any(|n| n.tag_name().name() == "view"),
    }
}

/// A length of an SVG root in CSS pixels (`120`, `120px`, `90pt`,
/// `30mm`, `10em` at the default 16 px); `None` for a percentage, which
/// depends on the page.
fn css_pixels(value: &str) -> Option<f64> {
    const UNITS: [(&str, f64); 10] = [
        ("px", 1.0),
        ("pt", 96.0 / 72.0),
        ("pc", 16.0),
        ("in", 96.0),
        ("cm", 96.0 / 2.54),
        ("mm", 96.0 / 25.4),
        ("q", 96.0 / 101.6),
        ("rem", 16.0),
        ("em", 16.0),
        ("ex", 8.0),
    ];
    let value = value.trim().to_ascii_lowercase();
    let (number, per_unit) = (UNITS.iter())
        .find_map(|&(unit, per)| Some((value.strip_suffix(unit)?, per)))
        .unwrap_or((&value, 1.0));
    let n: f64 = number.trim_end().parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n * per_unit)
}

/// The width and height of a `viewBox` (`min-x min-y width height`,
/// separated by white space and/or commas).
fn view_box_size(value: &str) -> Option<(f64, f64)> {
    let numbers: Vec<&str> = value
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .collect();
    let positive = |n: &str| n.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0);
    match numbers.as_slice() {
        [_, _, width, height] => Some((positive(width)?, positive(height)?)),
        _ => None,
    }
}

/// Whole pixels, at least one.
fn rounded(n: f64) -> Option<u32> {
    (n.is_finite() && n < f64::from(u32::MAX)).then(|| n.round().max(1.0) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn reads_the_size_of_raster_images() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.png");
        image::RgbImage::new(30, 20).save(&path).unwrap();
        assert!(matches!(
            probe(&path),
            Some(ImageInfo::Raster {
                format: Raster::Png,
                width: 30,
                height: 20,
                animated: false,
                ..
            })
        ));
        // Read as what it holds, as browsers do, whatever its extension.
        let renamed = dir.path().join("b.jpg");
        std::fs::copy(&path, &renamed).unwrap();
        assert!(matches!(
            probe(&renamed),
            Some(ImageInfo::Raster {
                format: Raster::Png,
                ..
            })
        ));
    }

    #[test]
    fn a_photo_turned_by_its_exif_orientation_is_as_wide_as_it_is_shown() {
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .encode_image(&image::RgbImage::new(30, 20))
            .unwrap();
        // An APP1 segment right after the start: EXIF, one entry,
        // orientation 6 (turned a quarter clockwise).
        let exif: &[u8] = b"\xff\xe1\x00\x22Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\
            \x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00";
        jpeg.splice(2..2, exif.iter().copied());
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "turned.jpg", &jpeg);
        assert!(matches!(
            probe(&path),
            Some(ImageInfo::Raster {
                width: 20,
                height: 30,
                ..
            })
        ));
    }

    #[test]
    fn sizes_svg_from_its_attributes_or_view_box() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, Option<(u32, u32)>); 12] = [
            // A viewBox alone: its shape, at a width that fills a column.
            (
                "<?xml version=\"1.0\"?>\n<!-- a -->\n<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 480\"></svg>",
                Some((1600, 1200)),
            ),
            ("<svg viewBox=\"0,0,12.4,8.6\"/>", Some((1600, 1110))),
            ("<svg viewBox=\"0 0 3000 1000\"/>", Some((3000, 1000))),
            ("<svg width=\"200px\" height=\"100\" viewBox=\"0 0 20 10\"/>", Some((200, 100))),
            ("<svg width=\"100%\" height=\"100%\" viewBox=\"0 0 20 10\"/>", Some((1600, 800))),
            ("<svg width=\"50%\"/>", None),
            // As Chromium draws them: 96 px to the inch, 16 px to the em.
            ("<svg width=\"100mm\" height=\"50mm\" viewBox=\"0 0 10 5\"/>", Some((378, 189))),
            ("<svg width=\"300pt\" height=\"150pt\"/>", Some((400, 200))),
            ("<svg width=\"10em\" height=\"5em\"/>", Some((160, 80))),
            ("<svg width=\"400\" viewBox=\"0 0 100 50\"/>", Some((400, 200))),
            ("<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\" width=\"2e2\" height=\"1E2\"/>", Some((200, 100))),
            ("<svg style=\"width: 300px; height:100px\" width=\"3\" viewBox=\"0 0 30 10\"/>", Some((300, 100))),
        ];
        for (text, size) in cases {
            let path = write(dir.path(), "a.svg", text.as_bytes());
            assert_eq!(
                probe(&path),
                Some(ImageInfo::Svg { size, views: false }),
                "{text}"
            );
        }
        let path = write(
            dir.path(),
            "b.svg",
            b"<html><svg viewBox=\"0 0 1 1\"/></html>",
        );
        assert!(matches!(probe(&path), Some(ImageInfo::Broken(_))));
    }

    #[test]
    fn broken_and_unknown_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "a.png", b"\x89PNG\r\n\x1a\nnot really");
        assert!(matches!(probe(&path), Some(ImageInfo::Broken(_))));
        let path = write(dir.path(), "a.jpg", b"hello");
        assert!(matches!(probe(&path), Some(ImageInfo::Broken(_))));
        let path = write(dir.path(), "a.avif", b"....");
        assert!(matches!(probe(&path), Some(ImageInfo::Unsupported(_))));
        assert_eq!(probe(&write(dir.path(), "a.pdf", b"%PDF")), None);
        assert_eq!(probe(&write(dir.path(), "README", b"x")), None);
    }
}
