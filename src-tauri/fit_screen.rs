//! Keeps the main window on its screen. It opens at 1200×800 (or the size it had last time,
//! restored by the window-state plugin); on a smaller screen — a 1366×768 laptop with a panel,
//! a 1024×768 projector, a remote desktop — the window manager may or may not shrink it, and
//! without one (a kiosk session, Xvfb) part of it, buttons included, would be off the screen.

use tauri::{PhysicalPosition, PhysicalRect, PhysicalSize, Runtime, WebviewWindow};

/// Shrinks and moves the window into its screen's work area if it does not fit there.
pub fn fit_to_screen<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    let monitor = match window.current_monitor()? {
        Some(monitor) => Some(monitor),
        None => window.primary_monitor()?,
    };
    let Some(monitor) = monitor else {
        return Ok(());
    };
    let inner = window.inner_size()?;
    let placed = fit(
        *monitor.work_area(),
        window.outer_position()?,
        plausible_outer(window.outer_size()?, inner),
        inner,
    );
    if let Some(Placement { inner, position }) = placed {
        tracing::info!(
            width = inner.width,
            height = inner.height,
            "window shrunk to fit the screen"
        );
        window.set_size(inner)?;
        window.set_position(position)?;
    }
    Ok(())
}

/// The frame's size, if the window system's figure is believable. Before the window is first
/// shown, tao reports a nonsense outer size on X11 (negative numbers wrapped round, seen as
/// 4294967208); a window frame is a few dozen pixels, so anything else counts as no frame.
fn plausible_outer(outer: PhysicalSize<u32>, inner: PhysicalSize<u32>) -> PhysicalSize<u32> {
    const LARGEST_FRAME: u32 = 200;
    let believable = |outer: u32, inner: u32| (inner..=inner + LARGEST_FRAME).contains(&outer);
    if believable(outer.width, inner.width) && believable(outer.height, inner.height) {
        outer
    } else {
        inner
    }
}

/// Where the window goes when it does not fit as it is.
#[derive(Debug, PartialEq)]
struct Placement {
    /// The new size of the page area (what `set_size` takes: the frame comes on top).
    inner: PhysicalSize<u32>,
    /// The frame's new top-left corner.
    position: PhysicalPosition<i32>,
}

/// Pure: `None` if the frame (`outer`, at `position`) lies inside `area`; else the largest size
/// not over the current one whose frame fits, centred in the area.
fn fit(
    area: PhysicalRect<i32, u32>,
    position: PhysicalPosition<i32>,
    outer: PhysicalSize<u32>,
    inner: PhysicalSize<u32>,
) -> Option<Placement> {
    let right = i64::from(position.x) + i64::from(outer.width);
    let bottom = i64::from(position.y) + i64::from(outer.height);
    let inside = position.x >= area.position.x
        && position.y >= area.position.y
        && right <= i64::from(area.position.x) + i64::from(area.size.width)
        && bottom <= i64::from(area.position.y) + i64::from(area.size.height);
    if inside {
        return None;
    }
    let frame_width = outer.width.saturating_sub(inner.width);
    let frame_height = outer.height.saturating_sub(inner.height);
    let width = outer.width.min(area.size.width);
    let height = outer.height.min(area.size.height);
    let centred = |start: i32, room: u32, length: u32| start + ((room - length) / 2) as i32;
    Some(Placement {
        inner: PhysicalSize::new(
            width.saturating_sub(frame_width),
            height.saturating_sub(frame_height),
        ),
        position: PhysicalPosition::new(
            centred(area.position.x, area.size.width, width),
            centred(area.position.y, area.size.height, height),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(x: i32, y: i32, width: u32, height: u32) -> PhysicalRect<i32, u32> {
        PhysicalRect {
            position: PhysicalPosition::new(x, y),
            size: PhysicalSize::new(width, height),
        }
    }

    #[test]
    fn a_nonsense_outer_size_counts_as_no_frame() {
        let inner = PhysicalSize::new(1200, 800);
        let framed = PhysicalSize::new(1204, 839);
        assert_eq!(plausible_outer(framed, inner), framed);
        let wrapped = PhysicalSize::new(4_294_967_208, 4_294_967_246);
        assert_eq!(plausible_outer(wrapped, inner), inner);
        assert_eq!(plausible_outer(PhysicalSize::new(0, 0), inner), inner);
    }

    #[test]
    fn a_window_that_fits_stays_as_it_is() {
        let placed = fit(
            area(0, 0, 1920, 1040),
            PhysicalPosition::new(360, 120),
            PhysicalSize::new(1200, 800),
            PhysicalSize::new(1200, 800),
        );
        assert_eq!(placed, None);
    }

    #[test]
    fn a_window_larger_than_the_screen_is_shrunk_and_centred() {
        // 1024×700 with no window manager: no frame, the window at the top-left corner.
        let placed = fit(
            area(0, 0, 1024, 700),
            PhysicalPosition::new(0, 0),
            PhysicalSize::new(1200, 800),
            PhysicalSize::new(1200, 800),
        );
        assert_eq!(
            placed,
            Some(Placement {
                inner: PhysicalSize::new(1024, 700),
                position: PhysicalPosition::new(0, 0),
            })
        );
    }

    #[test]
    fn the_frame_and_a_panel_are_left_room() {
        // A 1366×768 laptop with a 32 px top panel; a 2 px border and a 37 px title bar.
        let placed = fit(
            area(0, 32, 1366, 736),
            PhysicalPosition::new(83, 0),
            PhysicalSize::new(1204, 839),
            PhysicalSize::new(1200, 800),
        );
        assert_eq!(
            placed,
            Some(Placement {
                inner: PhysicalSize::new(1200, 697),
                position: PhysicalPosition::new(81, 32),
            })
        );
    }

    #[test]
    fn a_window_that_fits_in_size_but_lies_off_the_screen_is_moved_back() {
        // Last closed on a second screen that is no longer there.
        let placed = fit(
            area(0, 0, 1920, 1080),
            PhysicalPosition::new(2100, 100),
            PhysicalSize::new(1200, 800),
            PhysicalSize::new(1200, 800),
        );
        assert_eq!(
            placed,
            Some(Placement {
                inner: PhysicalSize::new(1200, 800),
                position: PhysicalPosition::new(360, 140),
            })
        );
    }
}
