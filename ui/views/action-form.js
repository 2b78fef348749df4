// A settings form whose submit runs an action: the button is disabled while it runs, and a
// failure is shown under the form (announced to screen readers). The security and WebDAV
// panels build their forms with it.
import { h } from "../dom.js";

/**
 * `inputs` are input elements, each labelled by its `data-label`; `action` gets their values
 * by name (numbers for number inputs).
 */
export function actionForm({ id, inputs, submit, action, danger = false }) {
  const error = h("p", { class: "form-error", id: `${id}-error`, role: "alert", hidden: true });
  const button = h("button", { type: "submit", class: danger ? "danger" : "primary", id: `${id}-submit` }, submit);
  return h(
    "form",
    {
      id,
      class: "passphrase-form",
      onsubmit: async (e) => {
        e.preventDefault();
        error.hidden = true;
        button.disabled = true;
        try {
          await action(takeValues(inputs));
        } catch (failure) {
          error.textContent = failure.message;
          error.hidden = false;
        } finally {
          button.disabled = false;
        }
      },
    },
    inputs.map((input) => h("label", { class: "field" }, h("span", {}, input.dataset.label), input)),
    error,
    h("div", { class: "form-actions" }, button),
  );
}

/** An input for `actionForm`, labelled `label`. */
export function labelledInput(attrs, label) {
  return h("input", { ...attrs, dataset: { label } });
}

/**
 * The values of `inputs` by name (numbers for number inputs). Password fields are emptied as
 * they are read: a passphrase stays in the page no longer than the call that needs it, and a
 * failed attempt is typed again.
 */
export function takeValues(inputs) {
  return Object.fromEntries(inputs.map((i) => [i.name, i.type === "number" ? Number(i.value) : i.type === "password" ? takeSecret(i) : i.value]));
}

/** The value of a password field, which is emptied. */
export function takeSecret(input) {
  const value = input.value;
  input.value = "";
  return value;
}
