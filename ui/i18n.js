// One dictionary per language, and the locale-aware formatting of money, months and durations.
import zh from "./i18n/zh.js";
import en from "./i18n/en.js";

export const dictionaries = { zh, en };
const locales = { zh: "zh-CN", en: "en-GB" };

let current = "zh";

export function setLang(lang) {
  current = lang in dictionaries ? lang : "zh";
  document.documentElement.lang = locales[current];
}

export function getLang() {
  return current;
}

/** Looks a key up, filling `{name}` placeholders. A missing key shows itself, loudly. */
export function t(key, params = {}, lang = current) {
  const text = dictionaries[lang][key] ?? dictionaries.zh[key] ?? `⟦${key}⟧`;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}

/** A count-dependent text: looks up `key.one` or `key.other` by the locale's plural rules. */
export function tn(key, n, params = {}, lang = current) {
  const form = new Intl.PluralRules(locales[lang]).select(n) === "one" ? "one" : "other";
  return t(`${key}.${form}`, { n, ...params }, lang);
}

/** Integer fen → ¥1,234.56 in the locale's way. */
export function formatMoney(fen, lang = current) {
  return new Intl.NumberFormat(locales[lang], { style: "currency", currency: "CNY" }).format(fen / 100);
}

/** "2024-03" → 2024年3月 / Mar 2024. */
export function formatMonth(yearMonth, lang = current) {
  if (!yearMonth) return t("common.none", {}, lang);
  const [year, month] = yearMonth.split("-").map(Number);
  return new Intl.DateTimeFormat(locales[lang], { year: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}

/** "2024-12-31" → 2024年12月31日 / 31 Dec 2024. */
export function formatDate(isoDate, lang = current) {
  if (!isoDate) return t("common.none", {}, lang);
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: "medium", timeZone: "UTC" }).format(new Date(isoDate));
}

/** A moment (ISO 8601) in local time, to the minute: 2026年11月29日 14:05 / 29 Nov 2026, 14:05. */
export function formatDateTime(iso, lang = current) {
  return new Date(iso).toLocaleString(locales[lang], { dateStyle: "medium", timeStyle: "short" });
}

/** A count of months as years and months: 183 → 15年3个月 / 15 yr 3 mo. */
export function formatDuration(months, lang = current) {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const parts = [];
  if (years) parts.push(t("duration.years", { years }, lang));
  if (rest) parts.push(t("duration.months", { months: rest }, lang));
  return parts.length ? parts.join(lang === "zh" ? "" : " ") : t("duration.zero", {}, lang);
}
