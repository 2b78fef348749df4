//! The native menu: the items people expect of a desktop app (About, Preferences, Quit,
//! Help → user guide), in the UI's language. Menu choices that belong to the web view are
//! sent to it as a `navigate` event naming the view.

use shebao_core::Lang;
use tauri::menu::{AboutMetadataBuilder, Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The event the UI listens to; its payload is a view name (`settings`, `guide`, …).
pub const NAVIGATE_EVENT: &str = "navigate";

/// Menu ids that open a view of the same name (and `lock`, which the window handles itself).
const VIEWS: [(&str, &str, &str, &str); 8] = [
    ("dashboard", "总览", "Overview", "CmdOrCtrl+1"),
    ("history", "缴费明细", "History", "CmdOrCtrl+2"),
    ("profiles", "成员", "Profiles", "CmdOrCtrl+3"),
    ("import", "导入缴费记录…", "Import records…", "CmdOrCtrl+I"),
    ("export", "导出证明…", "Export a statement…", "CmdOrCtrl+E"),
    ("lock", "锁定", "Lock", "CmdOrCtrl+L"),
    ("settings", "设置…", "Preferences…", "CmdOrCtrl+,"),
    ("guide", "用户指南", "User guide", "F1"),
];

pub fn build<R: Runtime>(app: &AppHandle<R>, lang: Lang) -> tauri::Result<Menu<R>> {
    let item = |id: &str| {
        let (_, zh, en, accelerator) = VIEWS.iter().find(|v| v.0 == id).expect("known view");
        MenuItem::with_id(app, id, lang.pick(zh, en), true, Some(*accelerator))
    };
    let name = lang.pick("社保账本", "Shebao Ledger");
    let about = PredefinedMenuItem::about(
        app,
        Some(lang.pick("关于社保账本", "About Shebao Ledger")),
        Some(
            AboutMetadataBuilder::new()
                .name(Some(name))
                .version(Some(env!("CARGO_PKG_VERSION")))
                .comments(Some(lang.pick(
                    "个人社保缴费记录，保存在本机，离线可查。不是官方证明。",
                    "Personal social-insurance records, kept on this computer. Not an official source.",
                )))
                .license(Some("MIT"))
                .build(),
        ),
    )?;
    let app_menu = Submenu::with_items(
        app,
        name,
        true,
        &[
            &about,
            &PredefinedMenuItem::separator(app)?,
            &item("settings")?,
            &PredefinedMenuItem::separator(app)?,
            &item("import")?,
            &item("export")?,
            &item("lock")?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::quit(app, Some(lang.pick("退出", "Quit")))?,
        ],
    )?;
    let view_menu = Submenu::with_items(
        app,
        lang.pick("查看", "View"),
        true,
        &[&item("dashboard")?, &item("history")?, &item("profiles")?],
    )?;
    let help_menu = Submenu::with_items(app, lang.pick("帮助", "Help"), true, &[&item("guide")?])?;
    Menu::with_items(app, &[&app_menu, &view_menu, &help_menu])
}

pub fn handle<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    if VIEWS.iter().any(|v| v.0 == id) {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.emit(NAVIGATE_EVENT, id);
        }
    }
}

/// Rebuilds the menu in `lang`, where the app has one (not under the test runtime).
pub fn relabel<R: Runtime>(app: &AppHandle<R>, lang: Lang) {
    if app.menu().is_some() {
        match build(app, lang) {
            Ok(menu) => {
                let _ = app.set_menu(menu);
            }
            Err(e) => tracing::warn!("menu could not be rebuilt: {e}"),
        }
    }
}
