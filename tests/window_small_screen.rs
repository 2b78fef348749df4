//! The real window on the smallest screen the app supports, 1024×700, with no window manager
//! to shrink it: the window is fitted inside the screen, and no view needs sideways scrolling,
//! in either language.
//! Starts an Xvfb display of that size of its own (scripts/test.sh installs Xvfb).

mod support;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};

const SCREEN: (u64, u64) = (1024, 700);

/// An X display of its own, stopped when dropped.
struct Display {
    server: Child,
    name: String,
    /// Kept open: a write to a closed pipe would end the server.
    _output: BufReader<ChildStdout>,
}

impl Display {
    fn start(width: u64, height: u64) -> Display {
        // Xvfb picks a free display number itself and writes it to the descriptor named by
        // -displayfd once it accepts connections: here its standard output.
        let mut server = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .args(["-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts (scripts/test.sh installs it)");
        let mut output = BufReader::new(server.stdout.take().unwrap());
        let mut number = String::new();
        output
            .read_line(&mut number)
            .expect("Xvfb names its display");
        assert!(!number.trim().is_empty(), "Xvfb did not come up");
        Display {
            server,
            name: format!(":{}", number.trim()),
            _output: output,
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_fits_a_1024_by_700_screen_and_no_view_scrolls_sideways_in_either_language() {
    let display = Display::start(SCREEN.0, SCREEN.1);
    // The app (through tauri-driver and WebKitWebDriver) inherits it.
    std::env::set_var("DISPLAY", &display.name);
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let window = support::open_app(&db).await;
    window.find("#profile-name").await;

    let geometry = window
        .client
        .execute(
            "return [screenX, screenY, outerWidth, outerHeight, screen.width, screen.height];",
            vec![],
        )
        .await
        .unwrap();
    let numbers: Vec<i64> = serde_json::from_value(geometry.clone()).unwrap();
    let [x, y, width, height, screen_width, screen_height] = numbers[..] else {
        panic!("{geometry}");
    };
    assert_eq!((screen_width, screen_height), (1024, 700));
    assert!(
        x >= 0 && y >= 0 && x + width <= screen_width && y + height <= screen_height,
        "the window lies outside the screen: {geometry}"
    );

    for lang in ["zh", "en"] {
        for view in [
            "dashboard",
            "history",
            "charts",
            "import",
            "sources",
            "export",
            "documents",
            "profiles",
            "settings",
        ] {
            window
                .find(&format!("#nav-{view}"))
                .await
                .click()
                .await
                .unwrap();
            window
                .find(&format!("#nav-{view}[aria-current='page']"))
                .await;
            window.find("#view:not([aria-busy]) > *").await;
            // For a person to look at (target/e2e/), before anything can fail.
            window
                .screenshot(&format!("small-screen-{view}-{lang}"))
                .await;
            let overflow: Value = window
                .client
                .execute(
                    "const root = document.scrollingElement;
                     const view = document.getElementById('view');
                     // Content of a box that scrolls (a wide table) may extend past it; the box not.
                     const inScrollBox = (e) => {
                       for (let a = e.parentElement; a && a !== view; a = a.parentElement) {
                         if (getComputedStyle(a).overflowX !== 'visible') return true;
                       }
                       return false;
                     };
                     const wide = [...view.querySelectorAll('*')]
                       .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !inScrollBox(e))
                       .map(e => e.id || e.className || e.tagName);
                     return { scroll: root.scrollWidth - root.clientWidth, wide: wide.slice(0, 5) };",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(
                overflow["scroll"], 0,
                "{view} ({lang}): the page scrolls sideways: {overflow}"
            );
            assert_eq!(
                overflow["wide"],
                serde_json::json!([]),
                "{view} ({lang}): reaches past the window's right edge: {overflow}"
            );
        }
        // The other language: its labels are longer or shorter, the layout must hold either way.
        window.find("#lang-toggle").await.click().await.unwrap();
        let next = if lang == "zh" { "Overview" } else { "总览" };
        window
            .text_when("#nav-dashboard", |t| t.starts_with(next))
            .await;
    }
    window.close().await;
}
