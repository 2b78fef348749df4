//! A bare Tauri window showing a static page: the yardstick the app's memory is measured
//! against (`scripts/measure-memory.sh`, docs/benchmarks.md). The same Tauri, WebKit and
//! window size as the app, with none of the app: no commands, plugins, menu or database.
//!
//! `cargo build --release --example bare_window`. Its own configuration (beside this file)
//! names the page and the window; it shares the app's compiled Tauri crates and build script.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!(
            "examples/bare_window/tauri.conf.json"
        ))
        .expect("the window system failed to start");
}
