// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(target_os = "linux")]
    draw_pages_without_the_gpu_compositor();
    shebao_desktop::run();
}

/// WebKitGTK composites every page through OpenGL. Where there is no GPU to do it — a virtual
/// machine, a remote desktop, Xvfb — Mesa does it on the CPU (llvmpipe), and for this app's
/// pages that cost ~120 MB more (the web process's layer textures) and ~0.5 s more before the
/// dashboard showed (docs/benchmarks.md, Startup and Memory). The pages are documents with no
/// 3D, video or WebGL, which WebKit draws just as well without the compositor. Set before
/// anything starts a thread or WebKit (which reads it once); `WEBKIT_DISABLE_COMPOSITING_MODE=0`
/// in the environment turns the compositor back on.
#[cfg(target_os = "linux")]
fn draw_pages_without_the_gpu_compositor() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VAR).is_none() {
        std::env::set_var(VAR, "1");
    }
}
