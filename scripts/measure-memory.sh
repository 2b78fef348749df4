#!/usr/bin/env bash
# The memory of the release window with the demo loaded, against a bare Tauri window showing a
# static page (examples/bare_window), measured in one run on the same Xvfb display.
#   scripts/measure-memory.sh [ROUNDS]       (default 3 rounds)
# Each round starts, one at a time (a page shared by two running windows would count half to
# each), each with a fresh home directory:
#   bare        the bare window as Tauri makes it (WebKit's GL compositor on; without a GPU,
#               as under Xvfb, Mesa runs it on the CPU);
#   bare-cpu    the same bare window drawn without the compositor
#               (WEBKIT_DISABLE_COMPOSITING_MODE=1; see docs/benchmarks.md, Memory): with the
#               app run the same way (set the variable), the app's own cost, renderer for renderer;
#   app         the release app on a copy of the demo database, as a user starts it.
# Once a window is painted and its screen unchanged for 5 s, it sums the proportional set size
# (PSS, /proc/PID/smaps_rollup) over its whole process tree — the program itself and WebKit's
# web and network processes — and the USS (pages no other process maps) beside it. It prints
# every process, the medians and the ratios, keeps each window's final picture in
# target/measure/memory/, and exits 1 if the app's median PSS is over 1.3× the bare window's
# (the budget of issue 8).
# Not part of CI: it installs what it needs (Xvfb, Python) on demand.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
. scripts/lib/measure.sh

rounds=${1:-3}
budget=1.3
begin_measurement memory

# measure NAME DIR [VAR=VALUE...] PROGRAM ARGS...: starts it, waits until painted and settled,
# prints its processes, keeps its final picture as $out/NAME.png, and sets MEASURED_KB to the
# PSS of the whole tree and MEASURED_USS_KB to its USS.
measure() {
  local name=$1 dir=$2 result memory
  shift 2
  launch "$dir" "$@"
  result=$(watch_paint --t0 "$LAUNCHED_AT" --blank "$blank" --pid "$LAUNCHED_PID" \
    --settle 5 --timeout 60 --save "$out/$name.png")
  if [ "$(field settled "$result")" != 1 ]; then
    say "$name: the screen did not settle within 60 s ($result); see $out/$name.log"
    cp "$dir/out.log" "$out/$name.log"
    cat "$dir/out.log" >&2
    exit 1
  fi
  memory=$(tree_memory "$LAUNCHED_PID")
  stop_tree "$LAUNCHED_PID"
  LAUNCHED_PID=
  MEASURED_KB=$(awk '{ sum += $3 } END { print sum }' <<<"$memory")
  MEASURED_USS_KB=$(awk '{ sum += $4 } END { print sum }' <<<"$memory")
  awk -v name="$name" '{ printf "  %-10s %-16s pid %-7s PSS %7.1f MB  USS %7.1f MB\n", name, $2, $1, $3 / 1024, $4 / 1024 }' <<<"$memory"
  awk -v name="$name" -v pss="$MEASURED_KB" -v uss="$MEASURED_USS_KB" \
    'BEGIN { printf "  %-10s %-16s %11s PSS %7.1f MB  USS %7.1f MB\n", name, "whole tree", "", pss / 1024, uss / 1024 }'
}

say "measuring a bare Tauri window and the app with the demo, $rounds rounds (display $DISPLAY, $SCREEN)"
bare_all=() bare_uss=() cpu_all=() cpu_uss=() app_all=() app_uss=()
for round in $(seq "$rounds"); do
  echo "round $round:"
  mkdir -p "$work/bare-$round" "$work/bare-cpu-$round" "$work/app-$round"
  measure "bare-$round" "$work/bare-$round" "$BARE"
  bare_all+=("$MEASURED_KB") bare_uss+=("$MEASURED_USS_KB")
  measure "bare-cpu-$round" "$work/bare-cpu-$round" WEBKIT_DISABLE_COMPOSITING_MODE=1 "$BARE"
  cpu_all+=("$MEASURED_KB") cpu_uss+=("$MEASURED_USS_KB")
  cp "$work/demo.db" "$work/app-$round/demo.db"
  measure "app-$round" "$work/app-$round" "$APP" --db "$work/app-$round/demo.db"
  app_all+=("$MEASURED_KB") app_uss+=("$MEASURED_USS_KB")
done

bare=$(median "${bare_all[@]}")
cpu=$(median "${cpu_all[@]}")
app=$(median "${app_all[@]}")
ratio=$(awk -v a="$app" -v b="$bare" 'BEGIN { printf "%.2f", a / b }')
cpu_ratio=$(awk -v a="$app" -v b="$cpu" 'BEGIN { printf "%.2f", a / b }')
mb() { awk -v kb="$1" 'BEGIN { printf "%.0f MB", kb / 1024 }'; }
echo
echo "| process tree after painting and 5 s unchanged ($rounds rounds) | PSS median | PSS largest | USS median |"
echo "|---|---:|---:|---:|"
echo "| bare Tauri window, static page | $(mb "$bare") | $(mb "$(max "${bare_all[@]}")") | $(mb "$(median "${bare_uss[@]}")") |"
echo "| bare Tauri window, drawn without the compositor | $(mb "$cpu") | $(mb "$(max "${cpu_all[@]}")") | $(mb "$(median "${cpu_uss[@]}")") |"
echo "| 社保账本 with the demo | $(mb "$app") | $(mb "$(max "${app_all[@]}")") | $(mb "$(median "${app_uss[@]}")") |"
echo "| **app / bare window** (PSS medians) | **${ratio}×** | budget ${budget}× | |"
echo "| app / bare window drawn the same way | ${cpu_ratio}× | | |"
echo
echo "final pictures: $out/ (look at them: the app's must show the dashboard with its data)"
if awk -v r="$ratio" -v b="$budget" 'BEGIN { exit !(r > b) }'; then
  echo "over the ${budget}× budget" >&2
  exit 1
fi
