#!/usr/bin/env bash
# The one command that sets up and runs every test of galley:
#
#   bash scripts/test-all.sh
#
# Works on a fresh Debian 12 machine as root (installs Chromium, a Java
# runtime, Noto fonts and the npm devDependencies when missing) and is a fast no-op for
# set-up when they are already there. Non-interactive; fine with CI=true and
# no stdin.
#
# Steps: cargo fmt --check, cargo deny, clippy (all targets, -D warnings; run
# by compiling the tests through clippy-driver), cargo test, node --test
# tests/js/, then the site is built into temporary folders (as it is and
# minified) and the browser/validation suites (node --test tests/e2e/) run on it.
# Every test step runs even if an earlier one failed; the script exits
# non-zero if any step failed, and ends with a summary.
#
# Environment:
#   CARGO_TARGET_DIR   honoured (cargo's default target/ otherwise)
#   GALLEY_CHROMIUM    browser binary (default /usr/bin/chromium)
#   SKIP_INSTALL=1     never call apt-get or npm (fail if something is missing)
#   GALLEY_BIN         set by this script for tests/e2e/: the galley binary to run

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec </dev/null

export DEBIAN_FRONTEND=noninteractive
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export NO_COLOR="${NO_COLOR:-1}"
export FORCE_COLOR=0
CHROMIUM="${GALLEY_CHROMIUM:-/usr/bin/chromium}"
E2E_TIMEOUT="${E2E_TIMEOUT:-1500}"

START=$(date +%s)
LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/galley-test-all.XXXXXX")"
SITE_DIR="$LOG_DIR/site"
cleanup() { rm -rf "$LOG_DIR"; }
trap cleanup EXIT

section() {
  local now=$(( $(date +%s) - START ))
  printf '\n==============================================================================\n'
  printf '== %s   (+%dm%02ds)\n' "$1" $((now / 60)) $((now % 60))
  printf '==============================================================================\n'
}
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------
section "Set-up: tools"

if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
command -v cargo >/dev/null 2>&1 || die "cargo not found: install the Rust toolchain (rustup) first"
cargo fmt --version >/dev/null 2>&1 || die "rustfmt missing: rustup component add rustfmt"
cargo clippy --version >/dev/null 2>&1 || die "clippy missing: rustup component add clippy"
echo "cargo:    $(cargo --version)"

# The browser side (Chromium, Java, Node, fonts, node_modules) is fetched and unpacked in the
# background while the Rust steps compile: downloads and dpkg wait on the network and the
# disk, the compiler on the processors. On a fresh machine that hides a few minutes.
apt_install() {
  [ "${SKIP_INSTALL:-0}" = 1 ] && die "missing $*, and SKIP_INSTALL=1"
  [ "$(id -u)" = 0 ] || die "missing $*; run as root (or install it) to let this script apt-get install it"
  echo "apt-get update"
  apt-get update -qq
  echo "apt-get install -y $*"
  apt-get install -y -qq --no-install-recommends "$@" || die "apt-get install $* failed"
}

browser_setup() {
  local missing=()
  [ -x "$CHROMIUM" ] || missing+=(chromium)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
  # Fonts for the social cards (tests/e2e/cards.test.mjs draws Latin, Japanese, Arabic and
  # emoji titles), checked by one file of each package.
  [ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || missing+=(fonts-noto-core)
  [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
  [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
  else
    echo "Chromium, Java, Node and the Noto fonts already installed"
  fi
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 20 ] || die "Node $(node --version) is too old; Node 20 or newer is needed"
  [ -x "$CHROMIUM" ] || die "$CHROMIUM not found after install"
  echo "node:     $(node --version), npm $(npm --version)"
  echo "java:     $(java -version 2>&1 | head -n 1)"
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null | head -n 1)"

  # npm ci wipes node_modules, so only run it when the lock file changed since the last
  # successful install. --ignore-scripts: vnu-jar's postinstall would download a Java
  # runtime from the internet; the machine's Java is used instead.
  local stamp="node_modules/.galley-npm-ci-stamp" lock_hash
  lock_hash="$( (sha256sum package-lock.json; node --version) | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ] \
     && [ -d node_modules/playwright-core ] && [ -f node_modules/axe-core/axe.min.js ] \
     && [ -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
    echo "node_modules is up to date with package-lock.json"
  else
    [ "${SKIP_INSTALL:-0}" = 1 ] && die "node_modules is missing or stale, and SKIP_INSTALL=1"
    echo "npm ci"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    echo "$lock_hash" > "$stamp"
  fi
}

BROWSER_LOG="$LOG_DIR/browser-setup.log"
browser_setup >"$BROWSER_LOG" 2>&1 &
BROWSER_PID=$!
echo "browser-side set-up (apt-get, npm ci) runs in the background; its log follows the Rust steps"

# Waits for the background set-up and shows its log; stops the run if it failed.
browser_ready() {
  section "Set-up: browser side (Chromium, Java, Node, fonts, node_modules)"
  local rc=0
  wait "$BROWSER_PID" || rc=$?
  cat "$BROWSER_LOG"
  [ "$rc" = 0 ] || die "the browser-side set-up failed (exit $rc); its log is above"
}

# cargo-deny checks the dependency tree's licenses, bans and sources. (Its advisory check
# needs the RustSec database from GitHub, which this project's machines cannot reach.)
if ! command -v cargo-deny >/dev/null 2>&1 && ! [ -x "$HOME/.cargo/bin/cargo-deny" ]; then
  [ "${SKIP_INSTALL:-0}" = 1 ] && die "cargo-deny missing, and SKIP_INSTALL=1"
  # --debug without debug info: the unoptimised build compiles in well under half the time
  # of a release one, and the check it runs takes seconds either way.
  echo "cargo install cargo-deny --locked --debug (a few minutes, once)"
  CARGO_PROFILE_DEV_DEBUG=false cargo install cargo-deny --locked --debug --quiet
fi
# ---------------------------------------------------------------------------
# Test steps: each runs even if an earlier one failed.

declare -a STEP_NAMES=() STEP_RESULTS=() STEP_TIMES=()
TESTS_PASSED=0
TESTS_FAILED=0

# Adds the counts of a runner's summary lines in a log to the totals.
count_cargo() {
  local p f
  read -r p f < <(awk '/^test result: /{for(i=2;i<=NF;i++){if($i=="passed;")p+=$(i-1); if($i=="failed;")f+=$(i-1)}} END{print p+0, f+0}' "$1")
  TESTS_PASSED=$((TESTS_PASSED + p))
  TESTS_FAILED=$((TESTS_FAILED + f))
}
count_node() {
  local p f
  p=$(grep -E '^# pass [0-9]+$' "$1" | tail -n 1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+$' "$1" | tail -n 1 | awk '{print $3}')
  TESTS_PASSED=$((TESTS_PASSED + ${p:-0}))
  TESTS_FAILED=$((TESTS_FAILED + ${f:-0}))
}

# step NAME COUNTER COMMAND...: runs the command, output to the terminal and a log.
step() {
  local name="$1" counter="$2"
  shift 2
  section "$name"
  echo "\$ $*"
  local log="$LOG_DIR/step-${#STEP_NAMES[@]}.log" t0 rc
  t0=$(date +%s)
  set +e
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  [ "$counter" = none ] || "count_$counter" "$log"
  STEP_NAMES+=("$name")
  STEP_TIMES+=($(( $(date +%s) - t0 )))
  if [ "$rc" = 0 ]; then STEP_RESULTS+=(ok); else STEP_RESULTS+=("FAILED (exit $rc)"); fi
}

step "cargo fmt --check" none cargo fmt --all -- --check --color never
step "cargo deny check licenses bans sources" none cargo deny --log-level error check licenses bans sources
# The Rust tests draw social cards with the system's fonts: the fonts must be in place first.
browser_ready

# Clippy runs while the tests compile, not as a `cargo clippy` of its own: clippy-driver
# (what `cargo clippy` runs) compiles galley's own crates with clippy's lints and generates their
# code too, so the dependencies are compiled once for both. `cargo clippy` type-checks every
# dependency in a mode of its own, which cost 8 of a cold run's 29 minutes on 2 cores. Its
# targets are those of `cargo clippy --all-targets` (there are no examples); `-D warnings`
# makes a lint fail the compile. The tests then run from the same artefacts.
CLIPPY_DRIVER="$(rustc --print sysroot)/bin/clippy-driver"
[ -x "$CLIPPY_DRIVER" ] || die "clippy-driver not found at $CLIPPY_DRIVER: rustup component add clippy"
export RUSTC_WORKSPACE_WRAPPER="$CLIPPY_DRIVER" RUSTFLAGS="-D warnings"
step "cargo clippy -D warnings, as the tests compile (lib, bins, tests, benches)" none \
  cargo test --locked --lib --bins --tests --benches --no-run
step "cargo test" cargo cargo test --locked
unset RUSTC_WORKSPACE_WRAPPER RUSTFLAGS
step "node --test tests/js/ (widget logic)" node node --test --test-reporter=tap tests/js/

section "Build the site into temporary folders (as it is, and with --minify)"
# The binary is the one `cargo test` just built for the integration tests (dev profile,
# dependencies at opt-level 2), so the dependency tree is not compiled again: a release build
# took about a third of a cold CI run. Not `cargo build` either: without the dev-dependencies'
# features it recompiles much of the tree (six minutes on a 2-core machine).
build_ok=1
MIN_DIR="$LOG_DIR/site-min"
GALLEY_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/galley"
export GALLEY_BIN
if { [ -x "$GALLEY_BIN" ] || cargo build --locked --quiet; } \
   && "$GALLEY_BIN" build --output "$SITE_DIR" \
   && "$GALLEY_BIN" build --minify --output "$MIN_DIR"; then
  echo "site: $SITE_DIR ($(find "$SITE_DIR" -name '*.html' | wc -l) HTML files), minified: $MIN_DIR"
else
  build_ok=0
  STEP_NAMES+=("site build"); STEP_RESULTS+=("FAILED"); STEP_TIMES+=(0)
fi

if [ "$build_ok" = 1 ]; then
  export GALLEY_SITE="$SITE_DIR" GALLEY_CHROMIUM="$CHROMIUM"
  mkdir -p test-results
  step "node --test tests/e2e/ (Chromium under CSP, axe-core, Nu Html Checker, page weight)" node \
    timeout --kill-after=30 "$E2E_TIMEOUT" node --test --test-reporter=tap --test-concurrency=1 tests/e2e/
  # The minified site must pass what the reader and the validator see: every page under the
  # CSP, the widgets, search and the Nu Html Checker.
  export GALLEY_SITE="$MIN_DIR"
  step "node --test tests/e2e/ on the --minify build (pages, widgets, search, Nu Html Checker)" node \
    timeout --kill-after=30 "$E2E_TIMEOUT" node --test --test-reporter=tap --test-concurrency=1 \
      tests/e2e/pages.test.mjs tests/e2e/widgets.test.mjs tests/e2e/search.test.mjs tests/e2e/html-validation.test.mjs
fi

# ---------------------------------------------------------------------------
section "Summary"
failed=0
for i in "${!STEP_NAMES[@]}"; do
  printf '  %-92s %-18s %4ss\n' "${STEP_NAMES[$i]}" "${STEP_RESULTS[$i]}" "${STEP_TIMES[$i]}"
  [ "${STEP_RESULTS[$i]}" = ok ] || failed=$((failed + 1))
done
elapsed=$(( $(date +%s) - START ))
printf '\nscreenshots: %s/test-results/screenshots/\n' "$ROOT"
printf 'total time: %dm%02ds; %d of %d steps failed\n' $((elapsed / 60)) $((elapsed % 60)) "$failed" "${#STEP_NAMES[@]}"
printf 'tests: %d passed, %d failed\n' "$TESTS_PASSED" "$TESTS_FAILED"
[ "$failed" = 0 ]
