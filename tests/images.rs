//! Images in pages: sizes from the files, lazy loading after the first,
//! smaller copies in a `srcset` (cached between builds), SVG sized from
//! its `viewBox`, and unreadable images reported where they are shown.

mod common;

use std::fs;
use std::path::Path;

use common::{diagnostic_at, photo, Page, Site};
use image::ImageEncoder;

const TRIP: &str = "+++\ntitle = \"A walk up the hill\"\n+++\n\n\
    The route in one drawing:\n\n![The route](route.svg)\n\n\
    ## The view\n\n![The hill at dusk](hill.jpg \"The hill from the car park\")\n\n\
    <p><img src=\"hill.jpg\" alt=\"\" class=\"wide\"></p>\n\n\
    <img src=\"hill.jpg\" alt=\"Small\" width=\"200\" loading=\"eager\">\n\n\
    The route again, as an icon: ![Route](route.svg#icon)\n";

fn trip_site() -> Site {
    let site = Site::new(&[
        ("articles/trip/index.md", TRIP),
        (
            "articles/trip/route.svg",
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\"><path d=\"M0 0L640 360\"/></svg>",
        ),
    ]);
    site.write("articles/trip/hill.jpg", photo());
    site
}

/// The files and widths of a `srcset`, each file relative to `page_dir`.
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, width) = c.rsplit_once(' ').unwrap();
            (
                url.to_string(),
                width.trim_end_matches('w').parse().unwrap(),
            )
        })
        .collect()
}

fn dimensions(path: &Path) -> (u32, u32) {
    image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap()
}

#[test]
fn a_large_photo_gets_its_size_and_smaller_copies() {
    let site = trip_site();
    let out = site.build_ok(&[]);
    let page = Page::open(&out, "trip/index.html");
    let dir = out.join("trip");
    let original = fs::metadata(dir.join("hill.jpg")).unwrap().len();

    // The first image loads at once. An SVG with only a viewBox fills the
    // column in a browser: it has the viewBox's shape, wider than any
    // column, for the theme to scale down.
    let images = page.select("article img");
    let route = images[0].value();
    assert_eq!(route.attr("src"), Some("route.svg"));
    assert_eq!(
        (route.attr("width"), route.attr("height")),
        (Some("1600"), Some("900"))
    );
    assert_eq!(route.attr("loading"), None);
    assert_eq!(route.attr("srcset"), None);

    // The photo: a figure whose picture offers WebP copies, then the
    // copies in JPEG, then the photo itself.
    let figure = page.one("figure");
    let img = page.one("figure picture img");
    let img = img.value();
    assert_eq!(img.attr("src"), Some("hill.jpg"));
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("2400"), Some("1600"))
    );
    assert_eq!(img.attr("loading"), Some("lazy"));
    assert_eq!(img.attr("decoding"), Some("async"));
    assert_eq!(img.attr("alt"), Some("The hill at dusk"));
    assert!(img.attr("sizes").is_some_and(|s| s.contains("38rem")));
    let caption: String = figure
        .select(&scraper::Selector::parse("figcaption").unwrap())
        .flat_map(|c| c.text())
        .collect();
    assert_eq!(caption, "The hill from the car park");
    let jpeg = candidates(img.attr("srcset").unwrap());
    assert_eq!(
        jpeg,
        [
            ("hill.jpg.480w.jpg".to_string(), 480),
            ("hill.jpg.960w.jpg".to_string(), 960),
            ("hill.jpg.1600w.jpg".to_string(), 1600),
            ("hill.jpg".to_string(), 2400),
        ]
    );
    let source = page.one("figure picture source").value().clone();
    assert_eq!(source.attr("type"), Some("image/webp"));
    assert_eq!(source.attr("sizes"), img.attr("sizes"));
    let webp = candidates(source.attr("srcset").unwrap());
    assert_eq!(
        webp.iter().map(|c| c.1).collect::<Vec<_>>(),
        [480, 960, 1600]
    );

    // Every copy exists, is as wide as its descriptor says, keeps the
    // photo's shape and is smaller than the photo.
    for (file, width) in jpeg.iter().chain(&webp).filter(|c| c.0 != "hill.jpg") {
        let path = dir.join(file);
        let (w, h) = dimensions(&path);
        assert_eq!(w, *width, "{file}");
        assert_eq!(h, (f64::from(*width) * 2.0 / 3.0).round() as u32, "{file}");
        let size = fs::metadata(&path).unwrap().len();
        assert!(
            size < original,
            "{file} is {size} bytes, the photo {original}"
        );
    }
    let webp_1600 = fs::metadata(dir.join("hill.jpg.1600w.webp")).unwrap().len();
    let jpeg_1600 = fs::metadata(dir.join("hill.jpg.1600w.jpg")).unwrap().len();
    assert!(
        webp_1600 < jpeg_1600,
        "WebP {webp_1600} bytes, JPEG {jpeg_1600}"
    );

    // Raw HTML: the size and the copies are added, what the author wrote
    // is kept.
    let raw = page.one("img.wide").value().clone();
    assert_eq!(
        (raw.attr("width"), raw.attr("height")),
        (Some("2400"), Some("1600"))
    );
    assert_eq!(raw.attr("loading"), Some("lazy"));
    assert_eq!(candidates(raw.attr("srcset").unwrap()), jpeg);
    // A fragment that names no view of an SVG shows the whole picture.
    let icon = page.one("img[alt=Route]").value().clone();
    assert_eq!(icon.attr("width"), Some("1600"));
    let small = page.one("img[alt=Small]").value().clone();
    assert_eq!(
        (small.attr("width"), small.attr("height")),
        (Some("200"), None)
    );
    assert_eq!(small.attr("loading"), Some("eager"));
    assert_eq!(small.attr("decoding"), Some("async"));
}

#[test]
fn a_rebuild_takes_the_copies_from_the_cache() {
    let site = trip_site();
    site.build_ok(&[]);
    let cache = site.path(".lectern-cache/images");
    let mut cached: Vec<_> = fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cached.sort();
    // Six copies, and the note that the photo decodes.
    assert_eq!(cached.len(), 7, "{cached:?}");
    // A copy changed in the cache is what the next build publishes: it
    // was read, not made again.
    let webp = cached
        .iter()
        .find(|p| p.to_str().unwrap().ends_with("-480.webp"))
        .unwrap();
    fs::write(webp, b"cached bytes").unwrap();
    let out = site.build_ok(&[]);
    assert_eq!(
        fs::read(out.join("trip/hill.jpg.480w.webp")).unwrap(),
        b"cached bytes"
    );
    // A new picture under the same name is a new key.
    site.write("articles/trip/hill.jpg", {
        let mut other = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut other)
            .encode_image(&image::RgbImage::from_pixel(
                1000,
                500,
                image::Rgb([9, 9, 9]),
            ))
            .unwrap();
        other
    });
    let out = site.build_ok(&[]);
    assert_eq!(dimensions(&out.join("trip/hill.jpg.480w.webp")), (480, 240));
    assert!(!out.join("trip/hill.jpg.1600w.webp").exists());
}

#[test]
fn check_makes_no_copies() {
    let site = trip_site();
    site.lectern(&["check"]).assert_ok();
    assert!(!site.path(".lectern-cache").exists());
}

#[test]
fn an_unreadable_image_is_reported_where_it_is_shown() {
    let site = Site::new(&[
        (
            "articles/a.md",
            "+++\ntitle = \"A\"\n+++\n\nSee the chart:\n\n![A chart](chart.png) and <img src=\"scan.avif\" alt=\"A scan\">\n\n[the data](chart.png)\n",
        ),
        ("articles/chart.png", "\u{89}PNG\r\n\u{1a}\nthis is no picture"),
        ("articles/scan.avif", "...."),
    ]);
    let built = site
        .lib_build()
        .expect("unreadable images are published as they are");
    let diagnostics = &built.diagnostics;
    let broken = diagnostic_at(diagnostics, "articles/a.md:7:1");
    assert!(
        broken
            .message
            .contains("`articles/chart.png` cannot be shown"),
        "{}",
        broken.message
    );
    let no_size = diagnostic_at(diagnostics, "articles/a.md:7:37");
    assert!(
        no_size.message.contains("no known size"),
        "{}",
        no_size.message
    );
    // A plain link to the file shows no picture: nothing to say.
    assert_eq!(
        diagnostics
            .iter()
            .filter(|d| d.message.contains("chart.png"))
            .count(),
        1
    );
    // On the command line: the place and the message, and with `check
    // --strict` a failure.
    site.build(&[])
        .assert_ok()
        .assert_stderr_has("articles/a.md:7:1");
    site.lectern(&["check", "--strict"])
        .assert_fails()
        .assert_stderr_has("articles/a.md:7:1")
        .assert_stderr_has("cannot be shown");
}

#[test]
fn a_picture_damaged_past_its_header_is_reported_by_check_and_build() {
    // PNGs whose headers are whole but whose pictures are cut short: one
    // wide enough for copies, one not.
    let cut = |width: u32| {
        let mut bytes = Vec::new();
        image::codecs::png::PngEncoder::new(&mut bytes)
            .write_image(
                &vec![200; (width * 50 * 3) as usize],
                width,
                50,
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        bytes.truncate(60);
        bytes
    };
    let site = Site::new(&[(
        "articles/a.md",
        "+++\ntitle = \"A\"\n+++\n\n![A wall](wall.png)\n\n![A tile](tile.png)\n",
    )]);
    site.write("articles/wall.png", cut(1000));
    site.write("articles/tile.png", cut(100));
    for run in [site.build(&[]), site.lectern(&["check"])] {
        run.assert_ok()
            .assert_stderr_has("articles/a.md:5:1")
            .assert_stderr_has("`articles/wall.png` cannot be shown: it cannot be decoded")
            .assert_stderr_has("articles/a.md:7:1")
            .assert_stderr_has("`articles/tile.png` cannot be shown");
    }
    // Published as they are, without copies.
    let page = site.page("a/index.html");
    assert!(page.select("picture, img[srcset]").is_empty());
    assert!(site.out().join("wall.png").is_file());
}

#[test]
fn an_image_that_leads_to_a_page_is_reported() {
    let site = Site::new(&[
        ("articles/a.md", "+++\ntitle = \"A\"\n+++\n\n![B](b.md)\n"),
        ("articles/b.md", "+++\ntitle = \"B\"\n+++\n\nText.\n"),
    ]);
    let built = site.lib_build().unwrap();
    let problem = diagnostic_at(&built.diagnostics, "articles/a.md:5:1");
    assert!(
        problem.message.contains("is a page, not a picture"),
        "{}",
        problem.message
    );
}

#[test]
fn a_translation_offers_the_copies_published_once_at_the_root() {
    let site = Site::new(&[
        (
            "site.toml",
            "title = \"Walks\"\nlanguage = \"en\"\n\n[languages.fr]\ntitle = \"Promenades\"\n",
        ),
        (
            "articles/hill.md",
            "+++\ntitle = \"The hill\"\n+++\n\n![The hill](photos/hill.jpg)\n",
        ),
        (
            "articles/hill.fr.md",
            "+++\ntitle = \"La colline\"\n+++\n\n![La colline](photos/hill.jpg)\n",
        ),
    ]);
    site.write("articles/photos/hill.jpg", photo());
    let out = site.build_ok(&[]);
    for (page, dir) in [
        ("hill/index.html", "hill"),
        ("fr/hill/index.html", "fr/hill"),
    ] {
        let page = Page::open(&out, page);
        let source = page.one("picture source").value().clone();
        let srcset = candidates(source.attr("srcset").unwrap());
        assert_eq!(srcset.len(), 3, "{srcset:?}");
        for (url, _) in srcset {
            assert!(out.join(dir).join(&url).is_file(), "{dir}: {url}");
        }
    }
    assert!(!out.join("fr/photos").exists());
}

#[test]
fn a_picture_narrower_than_the_widest_copy_has_a_webp_copy_of_its_own_width() {
    let site = Site::new(&[(
        "articles/a.md",
        "+++\ntitle = \"A\"\n+++\n\n![A hill](hill.jpg)\n",
    )]);
    let mut cut = Vec::new();
    let hill = image::load_from_memory(&photo())
        .unwrap()
        .crop_imm(0, 0, 900, 600);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut cut, 90)
        .encode_image(&hill)
        .unwrap();
    site.write("articles/hill.jpg", cut);
    let out = site.build_ok(&[]);
    let page = Page::open(&out, "a/index.html");
    let webp = candidates(page.one("picture source").value().attr("srcset").unwrap());
    assert_eq!(
        webp,
        [
            ("../hill.jpg.480w.webp".to_string(), 480),
            ("../hill.jpg.900w.webp".to_string(), 900)
        ]
    );
    assert_eq!(dimensions(&out.join("hill.jpg.900w.webp")), (900, 600));
    let jpeg = candidates(page.one("picture img").value().attr("srcset").unwrap());
    assert_eq!(jpeg.last().unwrap(), &("../hill.jpg".to_string(), 900));
}

#[test]
fn a_file_named_as_a_copy_keeps_its_name_and_is_reported() {
    let site = Site::new(&[(
        "articles/a.md",
        "+++\ntitle = \"A\"\n+++\n\n![A hill](hill.jpg)\n",
    )]);
    site.write("articles/hill.jpg", photo());
    site.write("articles/hill.jpg.480w.webp", "the author's own file");
    let built = site.lib_build().unwrap();
    let clash = diagnostic_at(&built.diagnostics, "articles/hill.jpg.480w.webp");
    assert!(
        clash.message.contains("name lectern gives a copy"),
        "{}",
        clash.message
    );
    assert_eq!(
        built.files["hill.jpg.480w.webp"].as_slice(),
        b"the author's own file"
    );
    let page = Page::parse(std::str::from_utf8(&built.files["a/index.html"]).unwrap());
    let webp = candidates(page.one("picture source").value().attr("srcset").unwrap());
    assert_eq!(webp.iter().map(|c| c.1).collect::<Vec<_>>(), [960, 1600]);
}

#[test]
fn the_same_picture_in_two_places_gets_whole_copies_in_both() {
    let site = Site::new(&[
        (
            "articles/a/index.md",
            "+++\ntitle = \"A\"\n+++\n\n![A hill](hill.jpg)\n",
        ),
        (
            "articles/b/index.md",
            "+++\ntitle = \"B\"\n+++\n\n![The hill](hill.jpg)\n",
        ),
    ]);
    let hill = photo();
    site.write("articles/a/hill.jpg", &hill);
    site.write("articles/b/hill.jpg", &hill);
    let out = site.build_ok(&[]);
    for dir in ["a", "b"] {
        for copy in ["hill.jpg.480w.webp", "hill.jpg.1600w.jpg"] {
            let decoded = image::open(out.join(dir).join(copy));
            assert!(decoded.is_ok(), "{dir}/{copy}: {decoded:?}");
        }
    }
}
