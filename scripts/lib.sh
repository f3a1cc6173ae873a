# Shared by the benchmark scripts: sourced, not run.

# needs_gnu_time: the bash keyword `time` cannot report peak memory; GNU time (%M) can.
needs_gnu_time() {
  /usr/bin/time --version 2>&1 | grep -q GNU ||
    die "GNU time is missing at /usr/bin/time; install it with: sudo apt-get install -y time"
}

# build_lectern DIR: builds lectern (release) from the repository, the current folder, and sets LECTERN to a
# private copy in DIR: others build in this tree too, so the binary cannot change mid-run.
build_lectern() {
  echo "== building lectern (release)"
  cargo build --release --locked
  local target=${CARGO_TARGET_DIR:-target}
  [[ $target = /* ]] || target=$PWD/$target
  mkdir -p "$1"
  LECTERN=$1/lectern
  cp "$target/release/lectern" "$LECTERN"
}
