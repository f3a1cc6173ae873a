//! The `lectern` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use lectern::diagnostics::{catch_panic, Diagnostics};
use lectern::load::LinkStyle;
use lectern::{output, scaffold, serve, BuildOptions};

/// mimalloc rather than the system's allocator: with many threads
/// allocating and freeing pages' strings, glibc's took a quarter of the
/// time of a build of 100,000 articles (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// lectern turns Markdown articles into a themed, cross-linked static site
/// with an FAQ index.
#[derive(Parser)]
#[command(name = "lectern", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder ready to upload to any static host.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Print the time spent in each stage.
        #[arg(long)]
        timings: bool,
    },
    /// Build the whole site in memory and report every problem, writing nothing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Print a table of every article: words, reading time, reading
        /// grade, longest sentence and glossary terms used.
        #[arg(long)]
        report: bool,
    },
    /// Serve the site locally, rebuilding and reloading pages on every edit.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 4000)]
        port: u16,
        /// Address to listen on; anything but 127.0.0.1 exposes the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Serve under this path (`/docs/`) to preview a deployment under a subpath.
        #[arg(long, default_value = "/")]
        base_path: String,
        /// Poll for changes instead of relying on file system events
        /// (network drives, containers, WSL).
        #[arg(long)]
        poll: bool,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Print the time each stage of every rebuild takes.
        #[arg(long)]
        timings: bool,
    },
    /// Create `articles/<slug>.md` with its front matter filled in.
    New {
        /// The article's title.
        title: String,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site in DIR from the default theme and one sample article.
    Init {
        /// The folder to create (must be empty or missing).
        dir: PathBuf,
    },
}

#[derive(Args)]
struct SiteArgs {
    /// The site's folder, holding `site.toml` and `articles/`.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Override `base_url` from site.toml (`https://example.org/docs/`).
    #[arg(long)]
    base_url: Option<String>,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Report broken links as warnings instead of errors.
    #[arg(long)]
    warn_links: bool,
    /// `files` writes links as `page/index.html`, so the site browses from disk.
    #[arg(long, value_name = "pretty|files", value_parser = PossibleValuesParser::new(["pretty", "files"]).try_map(|s| s.parse::<LinkStyle>()))]
    links: Option<LinkStyle>,
}

impl SiteArgs {
    fn options(self) -> BuildOptions {
        BuildOptions {
            root: self.root,
            base_url: self.base_url,
            drafts: self.drafts,
            warn_links: self.warn_links,
            links: self.links,
            defer_search: false,
            skip_image_copies: false,
            defer_pages: false,
            release_sources: false,
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build { site, out, timings } => build(
            BuildOptions {
                release_sources: true,
                ..site.options()
            },
            out,
            timings,
        ),
        // The search index cannot hold a mistake worth reporting.
        Command::Check {
            site,
            strict,
            report,
        } => check(
            BuildOptions {
                defer_search: true,
                skip_image_copies: true,
                ..site.options()
            },
            strict,
            report,
        ),
        Command::Serve {
            site,
            port,
            bind,
            base_path,
            poll,
            open,
            timings,
        } => {
            let options = serve::ServeOptions {
                build: site.options(),
                bind,
                port,
                base_path,
                poll,
                open,
                timings,
            };
            report_io(serve::serve(options))
        }
        Command::New { title, root } => match scaffold::new_article(&root, &title) {
            Ok(path) => {
                println!("Created {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(&format!("cannot create the article: {e}")),
        },
        Command::Init { dir } => match scaffold::init_site(&dir) {
            Ok(()) => {
                println!(
                    "Created a new site in {}. Next: cd {} && lectern serve",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(&format!("cannot create the site: {e}")),
        },
    }
}

fn build(options: BuildOptions, out: PathBuf, timings: bool) -> ExitCode {
    let start = std::time::Instant::now();
    let out = if out.is_relative() {
        options.root.join(out)
    } else {
        out
    };
    // Held until the site is written: no other build writes there meanwhile.
    let output = match output::open(&options.root, &out) {
        Ok(output) => output,
        Err(problem) => return failed(&Diagnostics(vec![problem])),
    };
    let not_written = || eprintln!("The site was not written; {} is as it was.", out.display());
    let cannot = |e: std::io::Error| {
        fail(&format!("cannot write the site to {}: {e}", out.display()));
        not_written();
        ExitCode::FAILURE
    };
    // The files go into a staging folder as they are made, which takes
    // the output's place only when the build succeeds.
    let staging = match output.stage() {
        Ok(staging) => staging,
        Err(e) => return cannot(e),
    };
    let result = catch_panic(|| lectern::build_into(&options, &staging))
        .unwrap_or_else(|bug| Err(bug.into()));
    let built = match result {
        Ok(built) => built,
        Err(diagnostics) => {
            failed(&diagnostics);
            not_written();
            return ExitCode::FAILURE;
        }
    };
    print_warnings(&built.diagnostics);
    let write_start = std::time::Instant::now();
    let stats = match staging.finish() {
        Ok(stats) => stats,
        Err(e) => return cannot(e),
    };
    let write = write_start.elapsed();
    println!(
        "Built {} articles into {} ({} files written, {} unchanged) in {} ms",
        built.article_count(),
        out.display(),
        stats.written,
        stats.unchanged,
        start.elapsed().as_millis()
    );
    if timings {
        let mut stages = built.timings.stages.clone();
        stages.push(("write", write));
        let total = start.elapsed();
        for (stage, time) in &stages {
            let peak = (built.timings.peaks.iter())
                .find(|(s, _)| s == stage)
                .map(|(_, bytes)| format!("  peak memory {:>6} MiB", bytes >> 20));
            let peak = peak.unwrap_or_default();
            println!("  {stage:<8} {:>8.1} ms{peak}", time.as_secs_f64() * 1000.0);
        }
        let other = total.saturating_sub(stages.iter().map(|(_, t)| *t).sum());
        println!("  {:<8} {:>8.1} ms", "other", other.as_secs_f64() * 1000.0);
        println!("  {:<8} {:>8.1} ms", "total", total.as_secs_f64() * 1000.0);
        println!("Slowest templates (time summed over threads):");
        for (template, time, pages) in built.timings.templates.iter().take(3) {
            let plural = if *pages == 1 { "" } else { "s" };
            println!(
                "  {template:<14} {:>8.1} ms  {pages} page{plural}",
                time.as_secs_f64() * 1000.0
            );
        }
    }
    // The process ends here: freeing the site's millions of allocations one
    // by one would take a second at 100,000 articles.
    std::mem::forget(built);
    ExitCode::SUCCESS
}

fn check(options: BuildOptions, strict: bool, report: bool) -> ExitCode {
    match catch_panic(|| lectern::build(&options)).unwrap_or_else(|bug| Err(bug.into())) {
        Ok(mut built) => {
            if report {
                print!("{}", built.reading_report());
            }
            let mut diagnostics = std::mem::take(&mut built.diagnostics);
            if strict && !diagnostics.is_empty() {
                diagnostics.make_strict();
                return failed(&diagnostics);
            }
            print_warnings(&diagnostics);
            println!("Checked {} articles: no errors", built.article_count());
            ExitCode::SUCCESS
        }
        Err(mut diagnostics) => {
            if strict {
                diagnostics.make_strict();
            }
            failed(&diagnostics)
        }
    }
}

fn print_warnings(diagnostics: &Diagnostics) {
    if !diagnostics.is_empty() {
        // Formatted first: stderr is unbuffered, and thousands of small
        // writes cost more than the build.
        let text = diagnostics.to_string();
        eprintln!("{text}\n");
    }
}

fn failed(diagnostics: &Diagnostics) -> ExitCode {
    let text = diagnostics.to_string();
    eprintln!("{text}");
    ExitCode::FAILURE
}

fn report_io(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => fail(&format!(
            "cannot serve: the port is taken ({e}); choose another with --port, or --port 0 for any free one"
        )),
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}
