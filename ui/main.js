// Boots the window: reads the app state from the core and shows the right view.
import { call } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { getLang, setLang, t } from "./i18n.js";
import { dashboardView } from "./views/dashboard.js";
import { errorView } from "./views/error.js";
import { welcomeView } from "./views/welcome.js";

const PROFILE_KEY = "shebao.activeProfile";
const view = document.getElementById("view");
const banner = document.getElementById("banner");
const langToggle = document.getElementById("lang-toggle");
const profilePicker = document.getElementById("profile-picker");
const profileSelect = document.getElementById("profile-select");

const state = { info: null, overview: null, profileId: Number(localStorage.getItem(PROFILE_KEY)) || null };

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

function applyChrome() {
  document.title = t("app.title");
  document.getElementById("app-name").textContent = t("app.name");
  document.getElementById("profile-picker-label").textContent = t("profile.picker");
  langToggle.textContent = t("lang.switch");
  langToggle.setAttribute("aria-label", t("lang.switchLabel"));
  langToggle.lang = getLang() === "zh" ? "en" : "zh-CN";
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
    profiles.map(({ profile }) =>
      h("option", { value: profile.id, selected: profile.id === state.profileId }, profile.name),
    ),
  );
}

function render() {
  applyChrome();
  if (state.info?.open_error) {
    profilePicker.hidden = true;
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
  replaceChildren(
    view,
    profiles.length === 0
      ? welcomeView({ onLoadDemo: () => attempt(loadDemo), onProfileAdded })
      : dashboardView({ overview: state.overview, profileId: state.profileId, onProfileAdded }),
  );
}

async function refresh() {
  state.overview = await call("overview");
  render();
}

async function loadDemo() {
  const report = await call("load_demo");
  selectProfile(report.profile.id);
  await refresh();
  showBanner(t("toast.demoLoaded"), "info");
}

langToggle.addEventListener("click", () =>
  attempt(async () => {
    const lang = await call("set_language", { lang: getLang() === "zh" ? "en" : "zh" });
    setLang(lang);
    render();
  }),
);

profileSelect.addEventListener("change", () => {
  selectProfile(Number(profileSelect.value));
  render();
});

attempt(async () => {
  state.info = await call("app_info");
  setLang(state.info.language);
  render();
  if (!state.info.open_error) await refresh();
});
