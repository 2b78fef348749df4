// The profile's warnings: what happened, what to do, which rule says so; acknowledge each.
import { h } from "../dom.js";
import { t } from "../i18n.js";

const ORDER = { critical: 0, warning: 1, info: 2 };

export function alertsPanel({ alerts, onAcknowledge }) {
  const open = alerts.filter((a) => !a.acknowledged).sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const done = alerts.filter((a) => a.acknowledged);
  return h(
    "section",
    { class: "panel alerts", id: "alerts-panel", "aria-labelledby": "alerts-title" },
    h("h2", { id: "alerts-title" }, t("alerts.title"), open.length ? h("span", { class: "badge", id: "alerts-count" }, String(open.length)) : null),
    open.length === 0 ? h("p", { class: "muted" }, t("alerts.none")) : h("ul", { class: "alert-list" }, open.map((a) => item(a, onAcknowledge))),
    done.length
      ? h(
          "details",
          { class: "acknowledged" },
          h("summary", {}, t("alerts.acknowledged", { n: done.length })),
          h("ul", { class: "alert-list" }, done.map((a) => item(a, null))),
        )
      : null,
  );
}

/** One alert, folded to a line (what, which kind, which months); critical ones start open. */
function item(alert, onAcknowledge) {
  const months = alert.months.length
    ? alert.months.length > 2
      ? `${alert.months[0]} ～ ${alert.months[alert.months.length - 1]}`
      : alert.months.join("、")
    : "";
  return h(
    "li",
    { class: `alert alert-${alert.severity}`, dataset: { code: alert.code, fingerprint: alert.fingerprint } },
    h(
      "details",
      { open: alert.severity === "critical" },
      h(
        "summary",
        { class: "alert-head" },
        h("span", { class: `tag severity-${alert.severity}` }, t(`severity.${alert.severity}`)),
        alert.kind ? h("strong", {}, t(`kind.${alert.kind}`), " · ") : null,
        h("strong", { class: "alert-title" }, alert.title),
        months ? h("span", { class: "muted small" }, months) : null,
      ),
      h("p", { class: "alert-text" }, alert.explanation),
      h("p", { class: "alert-action" }, h("strong", {}, t("alerts.todo")), " ", alert.action),
      alert.rule ? h("p", { class: "muted small" }, t("alerts.rule"), " ", alert.rule) : null,
      onAcknowledge
        ? h("button", { type: "button", class: "ack", onclick: () => onAcknowledge(alert) }, t("alerts.acknowledge"))
        : null,
    ),
  );
}
