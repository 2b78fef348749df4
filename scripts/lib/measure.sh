# What the window measurements share (scripts/measure-startup.sh, scripts/measure-memory.sh):
# release builds, a demo database, a private Xvfb display, launching a window with a home of its
# own, watching it paint, summing the memory of its process tree, and stopping it. Sourced after
# scripts/lib/deps.sh, from the repository root.

# A virtual display, Xlib for the paint watcher (scripts/lib/watch_paint.py), and Python.
MEASURE_PACKAGES=(xvfb libx11-6 python3)

# The screen the windows are measured on: the size screenshots.sh uses, 24-bit colour.
# MEASURE_SCREEN=1024x700x24 (say) measures on another.
SCREEN=${MEASURE_SCREEN:-1280x860x24}

# Where the pictures and logs of the last run are kept, to look at what was measured.
MEASURE_DIR=target/measure

build_release() {
  say "building the release app, CLI and bare Tauri window (cargo decides what is out of date)"
  cargo build --release --locked -p shebao-desktop --bin shebao-desktop --example bare_window
  cargo build --release --locked -p shebao-cli --bin shebao
}

APP=target/release/shebao-desktop
BARE=target/release/examples/bare_window

# make_demo_db PATH: the CLI's demo profile (15 years, two cities, gaps, balances).
make_demo_db() {
  target/release/shebao --db "$1" demo >/dev/null
}

# start_xvfb: a display of our own, exported as DISPLAY; stopped by stop_xvfb.
XVFB_PID=
start_xvfb() {
  local fifo display
  fifo=$(mktemp -u)
  mkfifo "$fifo"
  # Its output goes nowhere: a display left behind must not hold a caller's pipe open.
  Xvfb -displayfd 3 -screen 0 "$SCREEN" -nolisten tcp 3>"$fifo" >/dev/null 2>&1 &
  XVFB_PID=$!
  read -r display <"$fifo"
  rm -f "$fifo"
  export DISPLAY=":$display"
}

stop_xvfb() {
  if [ -n "$XVFB_PID" ]; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
    XVFB_PID=
  fi
}

# launch DIR [VAR=VALUE...] PROGRAM ARGS...: starts PROGRAM with DIR as its home (so no window
# state, WebKit cache or settings carry over from another run or from the user's own), without
# a D-Bus session (the same for every window measured), and its output in DIR/out.log. Sets
# LAUNCHED_PID and LAUNCHED_AT (ns since the epoch, just before the start).
#
# GTK's overlay scroll bars are turned off (GTK_OVERLAY_SCROLLING=0): an overlay bar fades out
# for seconds after the page is drawn, so the screen would keep changing after the window had
# finished painting; a classic bar is drawn once with the page. WebKit's compositing setting
# is taken out of the caller's environment: each window runs as it would for a user, unless
# VAR=VALUE says otherwise.
launch() {
  local dir=$1
  shift
  mkdir -p "$dir/home"
  LAUNCHED_AT=$(date +%s%N)
  env -u DBUS_SESSION_BUS_ADDRESS -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME \
    -u XDG_STATE_HOME -u WEBKIT_DISABLE_COMPOSITING_MODE HOME="$dir/home" GTK_OVERLAY_SCROLLING=0 \
    "$@" >"$dir/out.log" 2>&1 &
  LAUNCHED_PID=$!
}

# tree_pids PID: PID and all its descendants (from the parent field of /proc/*/stat).
tree_pids() {
  local stat pid rest ppid
  declare -A children=()
  for stat in /proc/[0-9]*/stat; do
    { read -r pid rest <"$stat"; } 2>/dev/null || continue # a process that just ended
    rest=${rest##*) }
    ppid=$(cut -d' ' -f2 <<<"$rest")
    children[$ppid]+="$pid "
  done
  local queue=("$1") out=()
  while [ ${#queue[@]} -gt 0 ]; do
    pid=${queue[0]}
    queue=("${queue[@]:1}")
    out+=("$pid")
    # shellcheck disable=SC2206
    queue+=(${children[$pid]:-})
  done
  echo "${out[@]}"
}

# tree_memory PID: one line per process of the tree, "pid name pss_kb uss_kb", from
# /proc/PID/smaps_rollup (PSS shares each page among the processes that map it; USS counts only
# the pages no other process maps).
tree_memory() {
  local pid
  for pid in $(tree_pids "$1"); do
    [ -r "/proc/$pid/smaps_rollup" ] || continue
    awk -v pid="$pid" -v name="$(cat "/proc/$pid/comm" 2>/dev/null)" '
      /^Pss:/ { pss = $2 }
      /^Private_(Clean|Dirty):/ { uss += $2 }
      END { if (pss != "") print pid, name, pss, uss + 0 }' "/proc/$pid/smaps_rollup"
  done
}

# stop_tree PID: asks the process tree to end, then makes sure it has.
stop_tree() {
  local pids pid
  pids=$(tree_pids "$1")
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  for pid in $pids; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait "$1" 2>/dev/null || true
}

# begin_measurement NAME: what both measurements do first. Installs and builds what is missing,
# empties $MEASURE_DIR/NAME (set as `out`), makes a scratch folder (`work`) with the demo
# database in it ($work/demo.db), starts a display of our own, and reads the empty screen
# (`blank`). Whatever was launched, the display and the scratch folder go when the script ends.
begin_measurement() {
  ensure_apt_packages "${APP_PACKAGES[@]}" "${MEASURE_PACKAGES[@]}"
  ensure_rust
  build_release
  out=$MEASURE_DIR/$1
  rm -rf "$out"
  mkdir -p "$out"
  work=$(mktemp -d)
  trap end_measurement EXIT
  make_demo_db "$work/demo.db"
  start_xvfb
  blank=$(watch_paint --once)
}

end_measurement() {
  if [ -n "${LAUNCHED_PID:-}" ]; then stop_tree "$LAUNCHED_PID"; fi
  stop_xvfb
  rm -rf "$work"
}

# watch_paint ARGS...: see scripts/lib/watch_paint.py.
watch_paint() {
  python3 scripts/lib/watch_paint.py "$@"
}

# field NAME LINE: the value of NAME=value in a watch_paint result line.
field() {
  tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"
}

# median N...: the middle value (the lower middle for an even count).
median() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

max() {
  printf '%s\n' "$@" | sort -n | tail -n1
}
