// The region field: type 杭, hang or 3301 and pick from the suggestions (keyboard or mouse),
// never a bare code box. The chosen region's code goes into a hidden `region` input; text typed
// and not picked is sent as typed, and the core resolves it (杭州, 浙江杭州) or says why not
// (a name of two places lists both).
import { call } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { getLang, t } from "../i18n.js";

let nextId = 0;

/** Pure: what an option says. Exported for the UI unit tests. */
export function optionLabel(hit, lang = getLang()) {
  const name = lang === "en" ? `${hit.name_en} ${hit.name}` : hit.name;
  const within = lang === "en" ? hit.within_en : hit.within;
  return within ? `${name} · ${within}` : name;
}

/** Pure: the text the input shows once a region is chosen. */
export function chosenText(hit, lang = getLang()) {
  return lang === "en" ? `${hit.name_en} ${hit.name}` : hit.name;
}

/** `code` and `name`: the stored region, shown by its name (edit form). */
export function regionPicker({ code = "", name = "" } = {}) {
  const id = `region-picker-${nextId++}`;
  const hidden = h("input", { type: "hidden", name: "region", value: code });
  const list = h("ul", { class: "region-options", id: `${id}-list`, role: "listbox", hidden: true });
  const input = h("input", {
    class: "region-input",
    type: "text",
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": list.id,
    placeholder: t("form.regionPlaceholder"),
    value: name || code,
  });
  let hits = [];
  let active = -1;
  let asked = 0; // answers to older queries are dropped

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    const li = list.children[index];
    if (li?.id) {
      input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView?.({ block: "nearest" });
    }
  };
  const choose = (hit) => {
    input.value = chosenText(hit);
    hidden.value = hit.code;
    close();
  };
  const show = () => {
    replaceChildren(
      list,
      hits.length === 0
        ? h("li", { class: "region-none", role: "presentation" }, t("form.regionNone"))
        : hits.map((hit, i) =>
            h(
              "li",
              {
                id: `${id}-opt-${i}`,
                role: "option",
                "aria-selected": "false",
                dataset: { code: hit.code },
                // mousedown, not click: it comes before the input's blur closes the list.
                onmousedown: (event) => {
                  event.preventDefault();
                  choose(hit);
                },
              },
              h("span", {}, optionLabel(hit)),
              h("small", { class: "muted" }, hit.code),
            ),
          ),
    );
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  };

  input.addEventListener("input", async () => {
    hidden.value = input.value.trim(); // typed, not picked: the core resolves it
    const query = input.value.trim();
    const ticket = ++asked;
    if (!query) {
      hits = [];
      close();
      return;
    }
    try {
      const found = await call("search_regions", { query });
      if (ticket !== asked) return;
      hits = found;
      show();
    } catch {
      close(); // suggestions are a help; saving still checks the text
    }
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden || hits.length === 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % hits.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight((active - 1 + hits.length) % hits.length);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault(); // choose, do not submit the form yet
      choose(hits[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);

  return h("div", { class: "region-picker" }, input, hidden, list);
}
