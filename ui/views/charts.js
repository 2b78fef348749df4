// The Charts view: pension years against the minimum, account balances, the contribution
// calendar and monthly amounts — drawn by the core as SVG in the window's fonts and theme,
// with a read-out of the values under the pointer (or the keyboard's arrow keys).
import { call } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { t, formatMoney, formatMonth, formatDuration } from "../i18n.js";
import { readout } from "../charts/readout.js";

const KINDS = ["pension-years", "balance", "calendar", "amounts"];
let chosen = "pension-years";

const money = (fen) => (fen === null || fen === undefined ? "—" : formatMoney(fen));
const months = (n) => (n === null || n === undefined ? "—" : formatDuration(n));

/** The read-out as one line of text, in the user's language. */
function describe(r) {
  if (!r) return t("charts.hoverHint");
  const when = formatMonth(r.month);
  switch (r.chart) {
    case "pension_years":
      return t("charts.readout.years", { when, paid: months(r.paid ?? r.projected), required: months(r.required) }) +
        (r.paid === null && r.projected !== null ? ` ${t("charts.readout.projected")}` : "");
    case "amounts":
      return t("charts.readout.amounts", { when, personal: money(r.personal), employer: money(r.employer), base: money(r.base) }) +
        (r.floor !== null && r.ceiling !== null ? ` ${t("charts.readout.band", { floor: money(r.floor), ceiling: money(r.ceiling) })}` : "");
    case "calendar":
      return t("charts.readout.calendar", { when, kind: t(`kind.${r.kind}`), state: r.state ? t(`charts.state.${r.state}`) : t("charts.state.none") });
    case "balance":
      return [
        when,
        ...r.accounts.map((a) =>
          t("charts.readout.balance", {
            kind: t(`kind.${a.kind}`),
            reported: a.reported ? money(a.reported.amount) : "—",
            computed: a.computed ? money(a.computed.low) : "—",
          }),
        ),
      ].join(" · ");
    default:
      return "";
  }
}

export async function chartsView({ profile }) {
  const figure = h("div", { class: "chart-figure", id: "chart", tabindex: 0, "aria-describedby": "chart-readout" });
  const output = h("p", { class: "chart-readout", id: "chart-readout", "aria-live": "polite" }, t("charts.hoverHint"));
  const tabs = h(
    "div",
    { class: "chart-tabs", role: "tablist", "aria-label": t("charts.title") },
    KINDS.map((kind) =>
      h(
        "button",
        {
          type: "button",
          role: "tab",
          id: `chart-tab-${kind}`,
          "aria-selected": String(kind === chosen),
          onclick: () => {
            chosen = kind;
            tabs.querySelectorAll("[role=tab]").forEach((b) => b.setAttribute("aria-selected", String(b.id === `chart-tab-${kind}`)));
            draw();
          },
        },
        t(`charts.kind.${kind}`),
      ),
    ),
  );
  const caption = h("p", { class: "muted small", id: "chart-caption" });
  let view = null;

  async function draw() {
    const width = Math.max(360, Math.min(1600, Math.round(figure.clientWidth || 900)));
    const height = chosen === "calendar" || chosen === "amounts" ? Math.round(width * 0.62) : Math.round(width * 0.5);
    const theme = document.documentElement.dataset.theme === "dark" ? "dark" : "light";
    figure.setAttribute("aria-busy", "true");
    delete figure.dataset.kind;
    try {
      view = await call("chart", { profileId: profile.id, kind: chosen, theme, width, height });
      // The SVG is the core's own drawing (its text escaped there); parsed as XML, not HTML.
      const svg = new DOMParser().parseFromString(view.svg, "image/svg+xml").documentElement;
      svg.setAttribute("width", "100%");
      svg.removeAttribute("height");
      replaceChildren(figure, document.importNode(svg, true));
      figure.dataset.kind = chosen;
      caption.textContent = t(`charts.caption.${chosen}`);
      output.textContent = t("charts.hoverHint");
    } catch (e) {
      replaceChildren(figure, h("p", { class: "form-error", role: "alert" }, e.message));
    } finally {
      figure.removeAttribute("aria-busy");
    }
  }

  /** The pointer's position in the chart's own pixels (the SVG is scaled to the view's width). */
  function toChart(event) {
    const box = figure.firstElementChild?.getBoundingClientRect();
    if (!box || !view) return null;
    const scale = view.geometry.width / box.width;
    return { x: (event.clientX - box.left) * scale, y: (event.clientY - box.top) * scale };
  }
  figure.addEventListener("mousemove", (event) => {
    const at = toChart(event);
    if (at) output.textContent = describe(readout(view, at.x, at.y));
  });
  // Keyboard: arrow keys walk the first plot month by month.
  let cursor = null;
  figure.addEventListener("keydown", (event) => {
    if (!view || !["ArrowLeft", "ArrowRight"].includes(event.key)) return;
    event.preventDefault();
    const panel = view.geometry.panels[0];
    if (!panel) return;
    const step = (panel.right - panel.left) / ((panel.x_to - panel.x_from) * 12);
    cursor = cursor ?? { x: panel.right - step / 2, y: panel.top + 1 };
    cursor.x = Math.min(panel.right - 0.01, Math.max(panel.left, cursor.x + (event.key === "ArrowRight" ? step : -step)));
    output.textContent = describe(readout(view, cursor.x, cursor.y));
  });

  const root = h(
    "section",
    { class: "charts", "aria-labelledby": "charts-title" },
    h("h1", { id: "charts-title" }, t("charts.title")),
    h("p", { class: "muted" }, t("charts.of", { name: profile.name })),
    tabs,
    h("div", { class: "panel chart-panel" }, figure, output, caption),
  );
  // Drawn once the view is in the window, when its width is known.
  requestAnimationFrame(() => draw());
  return root;
}
