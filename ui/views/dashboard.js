// The first screen: one profile's standing per insurance kind, its gaps, balances and sources.
import { h } from "../dom.js";
import { getLang, t, tn, formatDate, formatDuration, formatMoney, formatMonth } from "../i18n.js";
import { alertsPanel } from "./alerts-panel.js";
import { profileForm } from "./profile-form.js";
import { paymentForm } from "./payment-form.js";
import { standingPanel } from "./standing-panel.js";
import { profilesTable } from "./profiles-table.js";
import { allKinds } from "../kinds.js";


export function dashboardView({ overview, profileId, standing, alerts, onProfileAdded, onAcknowledge, onSelectProfile, onPaymentSaved }) {
  const entry = overview.profiles.find((p) => p.profile.id === profileId) ?? overview.profiles[0];
  const formSlot = h("div", { class: "form-slot" });
  const closeForm = () => formSlot.replaceChildren();
  const openForm = () => {
    formSlot.replaceChildren(profileForm({ onAdded: onProfileAdded, onCancel: closeForm }));
    formSlot.querySelector("input")?.focus();
  };
  const next = entry.next_payment;
  const openPayment = () => {
    formSlot.replaceChildren(
      paymentForm({ profile: entry.profile, month: next?.month, kind: next?.kinds?.[0], onSaved: onPaymentSaved, onCancel: closeForm }),
    );
    formSlot.querySelector("#payment-personal")?.focus();
  };

  return h(
    "section",
    { class: "dashboard", "aria-labelledby": "profile-name", dataset: { profileId: entry.profile.id } },
    overview.profiles.length > 1 ? familyStrip(overview.profiles, entry.profile.id, onSelectProfile) : null,
    overview.profiles.length > 1 ? profilesTable(overview, entry.profile.id, onSelectProfile) : null,
    profileHeader(entry.profile, openForm, openPayment),
    nextPaymentLine(entry.next_payment),
    formSlot,
    alertsPanel({ alerts, onAcknowledge }),
    h("h2", {}, t("dashboard.kinds")),
    h("div", { class: "kind-grid" }, allKinds().map((kind) => kindCard(kind, entry.summary[kind]))),
    standingPanel(standing, entry.profile.id),
    h(
      "div",
      { class: "two-col" },
      gapsPanel(entry.summary),
      balancesPanel(entry.latest_balances),
    ),
    sourcesPanel(overview.sources),
    h("p", { class: "disclaimer" }, t("dashboard.disclaimer")),
  );
}

/** Pure: the next payment as an i18n key and its parameters. */
export function nextPaymentText(next, lang) {
  if (!next) return null;
  const kinds = next.kinds.map((k) => t(`kind.${k}`, {}, lang)).join(lang === "zh" ? "、" : ", ");
  const params = { month: formatMonth(next.month, lang), kinds, deadline: next.deadline ? formatDate(next.deadline, lang) : "", days: Math.abs(next.days_left ?? 0) };
  if (next.days_left === null || next.days_left === undefined) return t("dashboard.next.noDeadline", params, lang);
  if (next.days_left < 0) return t("dashboard.next.overdue", params, lang);
  if (next.days_left === 0) return t("dashboard.next.today", params, lang);
  return t("dashboard.next.due", params, lang);
}

function nextPaymentLine(next) {
  if (!next) return null;
  const late = next.days_left !== null && next.days_left < 0;
  const soon = next.days_left !== null && next.days_left <= 7;
  return h("p", { class: `next-payment ${late ? "late" : soon ? "soon" : ""}`, id: "next-payment" }, nextPaymentText(next));
}

/** Every family member at a glance: pension years and the next payment; a click opens one. */
function familyStrip(profiles, activeId, onSelect) {
  return h(
    "nav",
    { class: "family", "aria-label": t("dashboard.family") },
    profiles.map(({ profile, summary, next_payment: next }) =>
      h(
        "button",
        {
          type: "button",
          class: "family-card",
          dataset: { profileId: profile.id },
          "aria-current": profile.id === activeId ? "true" : false,
          onclick: () => onSelect(profile.id),
        },
        h("strong", {}, profile.name),
        h("span", { class: "muted small" }, `${t("kind.pension")} ${formatDuration(summary.pension.months_paid)}`),
        next ? h("span", { class: `small ${next.days_left !== null && next.days_left < 0 ? "late" : ""}` }, t("dashboard.next.short", { month: formatMonth(next.month) })) : null,
      ),
    ),
  );
}

/** The profile's region by name: 杭州市; in English Hangzhou 杭州市. */
export function regionName(profile, lang = getLang()) {
  const zh = profile.region_name ?? profile.region;
  const en = profile.region_name_en;
  return lang === "en" && en && en !== zh ? `${en} ${zh}` : zh;
}

function profileHeader(profile, openForm, openPayment) {
  const facts = [
    profile.sex ? t(`sex.${profile.sex}`) : null,
    profile.birth ? `${t("dashboard.born")} ${formatMonth(profile.birth)}` : null,
    profile.region ? `${t("dashboard.region")} ${regionName(profile)}` : null,
    t(`employment.${profile.employment}`),
    profile.id_number_masked ? `${t("dashboard.idNumber")} ${profile.id_number_masked}` : null,
  ].filter(Boolean);
  return h(
    "div",
    { class: "profile-head" },
    h("div", {}, h("h1", { id: "profile-name" }, profile.name), h("p", { class: "muted meta" }, facts.join(" · "))),
    h(
      "div",
      { class: "head-actions" },
      h("button", { type: "button", id: "record-payment", onclick: openPayment }, t("payment.open")),
      h("button", { type: "button", id: "add-profile", onclick: openForm }, "+ ", t("dashboard.addProfile")),
    ),
  );
}

function kindCard(kind, summary) {
  const gapMonths = summary.gaps.reduce((sum, gap) => sum + gap.months, 0);
  const state = summary.months_paid === 0 ? "empty" : summary.gaps.length ? "gaps" : "ok";
  const status = {
    empty: t("dashboard.noRecords"),
    ok: t("dashboard.continuous"),
    gaps: tn("dashboard.gapStatus", summary.gaps.length, { months: gapMonths }),
  }[state];
  return h(
    "article",
    { class: `kind-card state-${state}`, dataset: { kind, state }, "aria-labelledby": `kind-${kind}` },
    h("h3", { id: `kind-${kind}` }, t(`kind.${kind}`)),
    h(
      "p",
      { class: "big" },
      h("span", { class: "months-paid", "aria-label": t("dashboard.monthsPaid") }, String(summary.months_paid)),
      h("span", { class: "unit" }, t("count.months", { n: "" }).trim()),
    ),
    h("p", { class: "years" }, `${t("dashboard.years")} `, h("strong", {}, formatDuration(summary.months_paid))),
    h(
      "p",
      { class: "period muted" },
      summary.first ? `${formatMonth(summary.first)} – ${formatMonth(summary.last)}` : t("common.none"),
    ),
    h("p", { class: `status status-${state}` }, status),
  );
}

function gapsPanel(summary) {
  const rows = allKinds().flatMap((kind) => summary[kind].gaps.map((gap) => ({ kind, ...gap })));
  return h(
    "section",
    { class: "panel", "aria-labelledby": "gaps-title" },
    h("h2", { id: "gaps-title" }, t("dashboard.gapsTitle")),
    rows.length === 0
      ? h("p", { class: "muted" }, t("dashboard.gapsNone"))
      : h(
          "table",
          { class: "gaps", id: "gaps-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["gapKind", "gapFrom", "gapTo", "gapMonths"].map((key) => h("th", { scope: "col" }, t(`dashboard.${key}`))),
            ),
          ),
          h(
            "tbody",
            {},
            rows.map((gap) =>
              h(
                "tr",
                { dataset: { kind: gap.kind } },
                h("td", {}, t(`kind.${gap.kind}`)),
                h("td", {}, formatMonth(gap.from)),
                h("td", {}, formatMonth(gap.to)),
                h("td", { class: "num" }, String(gap.months)),
              ),
            ),
          ),
        ),
  );
}

function balancesPanel(balances) {
  return h(
    "section",
    { class: "panel", "aria-labelledby": "balances-title" },
    h("h2", { id: "balances-title" }, t("dashboard.balancesTitle")),
    balances.length === 0
      ? h("p", { class: "muted" }, t("dashboard.balancesNone"))
      : h(
          "ul",
          { class: "balances" },
          balances.map((b) =>
            h(
              "li",
              { dataset: { kind: b.kind } },
              h("span", { class: "label" }, t(`kind.${b.kind}`)),
              h("span", { class: "amount num" }, formatMoney(b.amount)),
              h(
                "span",
                { class: "muted small" },
                `${t("dashboard.balanceAsOf")} ${formatDate(b.as_of)} · ${t(b.origin === "reported" ? "dashboard.balanceReported" : "dashboard.balanceComputed")}`,
              ),
            ),
          ),
        ),
  );
}

function sourcesPanel(sources) {
  return h(
    "section",
    { class: "panel sources", "aria-labelledby": "sources-title" },
    h("h2", { id: "sources-title" }, t("dashboard.sourcesTitle")),
    h(
      "ul",
      {},
      sources.map((s) =>
        h(
          "li",
          {},
          h("strong", {}, s.name),
          h(
            "span",
            { class: "muted small" },
            ` · ${t(`sourceKind.${s.kind}`)} · ${t(`freshness.${s.freshness}`)} · `,
            s.last_sync ? `${t("dashboard.sourceLastSync")} ${formatDate(s.last_sync)}` : t("dashboard.sourceNeverSynced"),
          ),
        ),
      ),
    ),
  );
}
