// Boots the window: reads the app state from the core, draws the navigation, and shows the
// view named by the URL hash (#/dashboard, #/history, #/settings).
import { call } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { getLang, setLang, t } from "./i18n.js";
import { dashboardView } from "./views/dashboard.js";
import { errorView } from "./views/error.js";
import { historyView } from "./views/history.js";
import { importView } from "./views/import.js";
import { exportView } from "./views/export.js";
import { sourcesView } from "./views/sources.js";
import { documentsView } from "./views/documents.js";
import { chartsView } from "./views/charts.js";
import { profilesView } from "./views/profiles.js";
import { guideView } from "./views/guide.js";
import { settingsView } from "./views/settings.js";
import { welcomeView } from "./views/welcome.js";
import { lockView } from "./views/lock.js";
import { securityPanel } from "./views/security-panel.js";
import { backupsPanel } from "./views/backups-panel.js";
import { webdavPanel } from "./views/webdav-panel.js";
import { setKinds } from "./kinds.js";

const PROFILE_KEY = "shebao.activeProfile";
/** The language, kept here too: a locked database cannot tell it before it is unlocked. */
const LANG_KEY = "shebao.language";
const ROUTES = ["dashboard", "history", "charts", "import", "sources", "export", "documents", "profiles", "settings", "guide"];
/** Views in the sidebar; the guide opens from the Help menu and the settings page. */
const NAV_ROUTES = ["dashboard", "history", "charts", "import", "sources", "export", "documents", "profiles", "settings"];
const view = document.getElementById("view");
const nav = document.getElementById("nav");
const banner = document.getElementById("banner");
const langToggle = document.getElementById("lang-toggle");
const lockButton = document.getElementById("lock-now");
const profilePicker = document.getElementById("profile-picker");
const profileSelect = document.getElementById("profile-select");
const systemDark = window.matchMedia("(prefers-color-scheme: dark)");

const state = {
  info: null,
  overview: null,
  theme: "system",
  profileId: Number(localStorage.getItem(PROFILE_KEY)) || null,
  /** Deletions this session that can still be undone: {token, name, records}. */
  undoable: [],
};

function showBanner(message, kind = "error") {
  banner.textContent = message;
  banner.className = `banner banner-${kind}`;
  banner.hidden = false;
  if (kind !== "error") setTimeout(() => (banner.hidden = true), 4000);
}

/** Runs an action; a failure is shown, never swallowed. */
async function attempt(action) {
  try {
    banner.hidden = true;
    await action();
  } catch (error) {
    console.error(error);
    showBanner(`${t("error.generic")}: ${error.message}`);
  }
}

function route() {
  const name = location.hash.replace(/^#\/?/, "");
  return ROUTES.includes(name) ? name : "dashboard";
}

function applyTheme() {
  const effective = state.theme === "system" ? (systemDark.matches ? "dark" : "light") : state.theme;
  document.documentElement.dataset.theme = effective;
}

function applyChrome() {
  document.title = t("app.title");
  lockButton.hidden = !state.info?.encrypted || state.info?.locked;
  lockButton.textContent = t("lock.now");
  document.getElementById("app-name").textContent = t("app.name");
  document.getElementById("profile-picker-label").textContent = t("profile.picker");
  langToggle.textContent = t("lang.switch");
  langToggle.setAttribute("aria-label", t("lang.switchLabel"));
  langToggle.lang = getLang() === "zh" ? "en" : "zh-CN";
  nav.setAttribute("aria-label", t("nav.label"));
  const current = route();
  replaceChildren(
    nav,
    NAV_ROUTES.map((name) =>
      h("a", { href: `#/${name}`, id: `nav-${name}`, "aria-current": name === current ? "page" : false }, t(`nav.${name}`)),
    ),
  );
}

/** The number of open alerts, on the Overview link and (where the system shows one) the
 * window's badge. */
function showOpenAlertCount(alerts) {
  const open = alerts.filter((a) => !a.acknowledged).length;
  const link = document.getElementById("nav-dashboard");
  link?.querySelector(".badge")?.remove();
  if (open) link?.append(h("span", { class: "badge", "aria-label": t("alerts.title") }, String(open)));
  window.__TAURI__?.window?.getCurrentWindow?.().setBadgeCount(open || undefined).catch(() => {});
}

function selectProfile(id) {
  state.profileId = id;
  localStorage.setItem(PROFILE_KEY, String(id));
}

function renderProfilePicker() {
  const profiles = state.overview?.profiles ?? [];
  profilePicker.hidden = profiles.length < 2;
  replaceChildren(
    profileSelect,
    profiles.map(({ profile }) => h("option", { value: profile.id, selected: profile.id === state.profileId }, profile.name)),
  );
}

async function changeLanguage(lang) {
  useLanguage(await call("set_language", { lang }));
  await render();
}

/** After a restore (local or WebDAV): the data may now be locked, or simply different. */
async function afterRestore(message) {
  state.info = await call("app_info");
  if (state.info.locked) return render();
  await refresh();
  showBanner(message, "info");
}

/** Closes the database (its key is wiped) and shows the lock screen. The window forgets what
 * it showed too: the overview, the deletions that could be undone (the lock ends them), and a
 * banner that may name a profile. */
async function lockNow() {
  await call("lock");
  state.info = await call("app_info");
  state.overview = null;
  state.undoable = [];
  banner.hidden = true;
  banner.textContent = "";
  await render();
}

/** The language of the database, remembered for the lock screen of the next start. */
function useLanguage(lang) {
  setLang(lang);
  localStorage.setItem(LANG_KEY, getLang());
}

async function unlock(passphrase, remember) {
  const rememberFailed = await call("unlock", { passphrase, remember });
  state.info = await call("app_info");
  useLanguage(state.info.language);
  state.theme = state.info.theme;
  applyTheme();
  await refresh();
  if (rememberFailed) showBanner(t("lock.rememberFailed", { message: rememberFailed.message }), "warning");
}

/** Locks an encrypted database after the chosen minutes without a key press or pointer move. */
let lastActivity = Date.now();
for (const event of ["keydown", "mousedown", "mousemove", "wheel", "touchstart"]) {
  window.addEventListener(event, () => (lastActivity = Date.now()), { passive: true });
}
setInterval(() => {
  const minutes = state.info?.idle_lock_minutes;
  if (!minutes || state.info.locked) return;
  if (Date.now() - lastActivity >= minutes * 60_000) attempt(lockNow);
}, 15_000);

async function changeTheme(theme) {
  state.theme = await call("set_theme", { theme });
  applyTheme();
}

/** Bumped by every render: a slower, older render (say, the first overview still loading when
 * the user already opened another view) must not replace the newer one's content. */
let renderSeq = 0;

/** Draws the chrome and the current view; views that read more data load it here. */
async function render() {
  const seq = ++renderSeq;
  applyChrome();
  const layout = document.querySelector(".layout");
  if (state.info?.locked) {
    profilePicker.hidden = true;
    layout.classList.add("no-nav");
    if (seq === renderSeq) replaceChildren(view, lockView({ remembered: state.info.remembered, onUnlock: unlock }));
    return;
  }
  if (state.info?.open_error) {
    profilePicker.hidden = true;
    layout.classList.add("no-nav");
    replaceChildren(view, errorView({ error: state.info.open_error, dbPath: state.info.db_path }));
    return;
  }
  if (!state.overview) {
    replaceChildren(view, h("p", { class: "muted loading" }, t("common.loading")));
    return;
  }
  const profiles = state.overview.profiles;
  if (!profiles.some((p) => p.profile.id === state.profileId) && profiles.length) {
    selectProfile(profiles[0].profile.id);
  }
  renderProfilePicker();
  const onProfileAdded = (profile) =>
    attempt(async () => {
      selectProfile(profile.id);
      await refresh();
      showBanner(t("toast.profileAdded", { name: profile.name }), "info");
    });
  const current = route();
  // Settings and profiles work without a profile; the other views need one, else welcome.
  const standalone = ["settings", "profiles", "guide"].includes(current);
  layout.classList.toggle("no-nav", profiles.length === 0 && !standalone);
  let content;
  if (current === "profiles") {
    content = profilesView({
      overview: state.overview,
      activeId: state.profileId,
      undoable: state.undoable,
      onSaved: (profile) =>
        attempt(async () => {
          await refresh();
          showBanner(t("toast.profileSaved", { name: profile.name }), "info");
        }),
      onOpen: (id) => {
        selectProfile(id);
        location.hash = "#/dashboard";
      },
      onDelete: (profile) =>
        attempt(async () => {
          state.undoable.push(await call("delete_profile", { profileId: profile.id }));
          await refresh();
        }),
      onUndo: (deleted) =>
        attempt(async () => {
          const profile = await call("undo_delete", { token: deleted.token });
          state.undoable = state.undoable.filter((d) => d.token !== deleted.token);
          selectProfile(profile.id);
          await refresh();
          showBanner(t("toast.profileRestored", { name: profile.name }), "info");
        }),
    });
  } else if (current === "guide") {
    content = guideView();
  } else if (current === "settings") {
    content = settingsView({
      info: state.info,
      theme: state.theme,
      onLanguage: (lang) => attempt(() => changeLanguage(lang)),
      onTheme: (theme) => attempt(() => changeTheme(theme)),
      onNotifications: (enabled) =>
        attempt(async () => {
          state.info.notifications = await call("set_notifications", { enabled });
        }),
      backups: backupsPanel({
        info: state.info,
        onRestored: afterRestore,
      }),
      webdav: webdavPanel({
        info: state.info,
        onRestored: afterRestore,
      }),
      security: securityPanel({
        info: state.info,
        onLock: () => attempt(lockNow),
        onChanged: async (message) => {
          state.info = await call("app_info");
          await render();
          if (message) showBanner(message, "info");
        },
      }),
    });
  } else if (profiles.length === 0) {
    content = welcomeView({ onLoadDemo: () => attempt(loadDemo), onProfileAdded });
  } else if (current === "import") {
    const active = profiles.find((p) => p.profile.id === state.profileId).profile;
    content = importView({
      profile: active,
      // The wizard shows its own result; the other views read the new data when opened.
      onImported: async () => {
        state.overview = await call("overview");
        renderProfilePicker();
      },
    });
  } else if (current === "sources") {
    content = await sourcesView({
      profile: profiles.find((p) => p.profile.id === state.profileId).profile,
      onSynced: async () => {
        state.overview = await call("overview");
        renderProfilePicker();
      },
    });
  } else if (current === "charts") {
    content = await chartsView({ profile: profiles.find((p) => p.profile.id === state.profileId).profile });
  } else if (current === "documents") {
    content = await documentsView({ profile: profiles.find((p) => p.profile.id === state.profileId).profile });
  } else if (current === "export") {
    content = await exportView({ profile: profiles.find((p) => p.profile.id === state.profileId).profile });
  } else if (current === "history") {
    content = await historyView({ profileId: state.profileId, sources: state.overview.sources });
  } else {
    const [standing, alerts] = await Promise.all([
      call("standing", { profileId: state.profileId }),
      call("alerts", { profileId: state.profileId }),
    ]);
    showOpenAlertCount(alerts);
    content = dashboardView({
      overview: state.overview,
      profileId: state.profileId,
      standing,
      alerts,
      onProfileAdded,
      onPaymentSaved: (report) =>
        attempt(async () => {
          await refresh();
          showBanner(t(`payment.saved.${report.outcome}`, { month: report.record.month }), "info");
        }),
      onSelectProfile: (id) =>
        attempt(async () => {
          selectProfile(id);
          await render();
        }),
      onAcknowledge: (alert) =>
        attempt(async () => {
          await call("acknowledge_alert", { profileId: state.profileId, fingerprint: alert.fingerprint });
          await render();
          showBanner(t("toast.acknowledged"), "info");
        }),
    });
  }
  if (seq === renderSeq) replaceChildren(view, content);
}

async function refresh() {
  state.overview = await call("overview");
  await render();
}

async function loadDemo() {
  const report = await call("load_demo");
  selectProfile(report.profile.id);
  await refresh();
  showBanner(t("toast.demoLoaded"), "info");
}

langToggle.addEventListener("click", () => attempt(() => changeLanguage(getLang() === "zh" ? "en" : "zh")));

profileSelect.addEventListener("change", () =>
  attempt(async () => {
    selectProfile(Number(profileSelect.value));
    await render();
  }),
);

window.addEventListener("hashchange", () =>
  attempt(async () => {
    await render();
    view.focus();
  }),
);
systemDark.addEventListener("change", applyTheme);
// The native menu (Preferences…, View, Help → User guide) names the view to show.
window.__TAURI__?.event?.listen("navigate", (event) => {
  if (event.payload === "lock") attempt(lockNow);
  else location.hash = `#/${event.payload}`;
});
lockButton.addEventListener("click", () => attempt(lockNow));

// The main region is busy (index.html) until the first view with its data is drawn.
attempt(async () => {
  state.info = await call("app_info");
  setKinds(state.info.kinds);
  if (state.info.locked) setLang(localStorage.getItem(LANG_KEY) ?? state.info.language);
  else useLanguage(state.info.language);
  state.theme = state.info.theme;
  applyTheme();
  await render();
  if (!state.info.open_error && !state.info.locked) await refresh();
}).finally(() => view.removeAttribute("aria-busy"));
