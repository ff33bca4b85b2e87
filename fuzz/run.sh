#!/bin/sh
# Runs the fuzz targets one after the other, each for SECONDS (default 720), one process.
#   fuzz/run.sh [SECONDS] [TARGET…]      logs: $FUZZ_LOGS (default ./logs)/<target>.log
# Seeds: the bundled catalogue's procedures and overlays, rule texts in fuzz/seeds/, and the
# inputs that once crashed (fuzz/regressions/). New interesting inputs go to fuzz/corpus/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
secs=${1:-720}
[ $# -gt 0 ] && shift
targets=${*:-yaml_loader rule_parser overlay_merge}
logs=${FUZZ_LOGS:-$here/logs}
mkdir -p "$logs"
# Built once: release with debug assertions (overflow checks), no sanitizer: the library is
# safe Rust, so AddressSanitizer would only halve the executions per second.
cargo +nightly fuzz build --fuzz-dir "$here" -O -a -s none
for t in $targets; do
    case $t in
        yaml_loader) seeds="$here/../catalogue/procedures"; dict=yaml ;;
        overlay_merge) seeds="$here/../catalogue/provinces"; dict=yaml ;;
        rule_parser) seeds="$here/seeds/rule_parser"; dict=rules ;;
        *) echo "unknown target $t" >&2; exit 2 ;;
    esac
    mkdir -p "$here/corpus/$t" "$here/regressions/$t" "$here/artifacts/$t" "$logs/$t"
    # -jobs=1: one fuzzing process; libFuzzer writes its output to fuzz-0.log in the cwd.
    (cd "$logs/$t" && cargo +nightly fuzz run --fuzz-dir "$here" -O -a -s none "$t" \
        "$here/corpus/$t" $seeds "$here/regressions/$t" -- \
        -max_total_time="$secs" -jobs=1 -dict="$here/dicts/$dict.dict" \
        -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$here/artifacts/$t/") || true
    cp "$logs/$t/fuzz-0.log" "$logs/$t.log" 2>/dev/null || true
    grep -E '^(stat::|==[0-9]+== ERROR|SUMMARY|#[0-9]+ +DONE)' "$logs/$t.log" || true
done
