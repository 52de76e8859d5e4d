#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 60), one after the other, at
# the lowest CPU priority and in one process, so it can run on a shared machine.
#
#   scripts/fuzz.sh                 # 60 s per target
#   scripts/fuzz.sh 600             # 10 minutes per target
#   scripts/fuzz.sh 600 markdown    # only the named targets
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz builds with nightly-only flags; on a
# stable toolchain RUSTC_BOOTSTRAP=1 (set below unless already set) lets it do so.
#
# Inputs that find new coverage go to fuzz/corpus/<target>/ (not committed; it is reused by the
# next run); the committed seeds are read from fuzz/seeds/<target>/. A crash, panic or timeout
# stops that target and leaves the input in fuzz/artifacts/<target>/; minimize it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -a <target> fuzz/artifacts/<target>/<file>
# then add it to tests/properties.rs as a regression test. libFuzzer's own output for each
# target is in fuzz/logs/<target>.log; the script prints its closing figures.
# Exit status: 0 if every target ran clean, 1 if any found a problem.
set -uo pipefail

seconds="${1:-60}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(slug shortcode front_matter markdown minify)
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/fuzz"
export RUSTC_BOOTSTRAP="${RUSTC_BOOTSTRAP:-1}"
# The main crate's CARGO_TARGET_DIR would mix sanitizer and normal builds: keep fuzz/target.
unset CARGO_TARGET_DIR

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed: run 'cargo install cargo-fuzz'" >&2
    exit 2
fi

# Per-target libFuzzer options. -timeout: one input taking longer is a bug (a hang);
# markdown highlights code with syntect, so it gets more time on a busy machine.
options() {
    case "$1" in
        markdown) echo "-timeout=30 -max_len=8192 -dict=$fuzz/dicts/markdown.dict" ;;
        minify) echo "-timeout=30 -max_len=8192 -dict=$fuzz/dicts/markdown.dict" ;;
        front_matter) echo "-timeout=10 -max_len=4096 -dict=$fuzz/dicts/front_matter.dict" ;;
        shortcode) echo "-timeout=10 -max_len=512 -dict=$fuzz/dicts/shortcode.dict" ;;
        *) echo "-timeout=10 -max_len=512" ;;
    esac
}

# Build every target once (debug assertions on, so integer overflow is caught too).
nice -n 19 cargo fuzz build --fuzz-dir "$fuzz" -a || exit 2

failed=()
mkdir -p "$fuzz/logs"
for target in "${targets[@]}"; do
    mkdir -p "$fuzz/corpus/$target"
    log="$fuzz/logs/$target.log"
    echo "== $target: ${seconds}s"
    # With -jobs=1 -workers=1 libFuzzer runs one worker and writes its output to fuzz-0.log in
    # the current folder: run from fuzz/logs so it lands there.
    # shellcheck disable=SC2046
    (cd "$fuzz/logs" && nice -n 19 cargo fuzz run --fuzz-dir "$fuzz" -a "$target" \
        "$fuzz/corpus/$target" "$fuzz/seeds/$target" -- \
        -jobs=1 -workers=1 -max_total_time="$seconds" -print_final_stats=1 $(options "$target")) \
        >"$log.cargo" 2>&1
    status=$?
    mv -f "$fuzz/logs/fuzz-0.log" "$log" 2>/dev/null || cp "$log.cargo" "$log"
    # The closing figures: last status line, and the final stats.
    grep -E '^#[0-9]+' "$log" | tail -n 1
    grep -E '^(stat::|Done [0-9]+ runs)' "$log"
    echo "corpus: $(find "$fuzz/corpus/$target" -type f | wc -l) files"
    if [ "$status" -ne 0 ] || grep -qE '^(==[0-9]+== ?ERROR|SUMMARY:|.*panicked at)' "$log"; then
        echo "!! $target found a problem (exit $status); see $log and fuzz/artifacts/$target/"
        grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written' -A2 "$log" | head -n 20
        failed+=("$target")
    fi
done

if [ "${#failed[@]}" -ne 0 ]; then
    echo "problems found by: ${failed[*]}"
    exit 1
fi
echo "all targets ran clean"
