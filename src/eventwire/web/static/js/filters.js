// The filter form: its state as a plain object, kept in the page's address (#type=…) so a view can be
// shared or reloaded, and the option lists (types, countries, actors) that come from the data.

import { el } from "./dom.js";
import { countryName } from "./places.js";

const CHECKBOXES = ["in_view", "show_hypothetical", "show_negated", "show_background"];

export class FilterForm {
  /** @param {HTMLFormElement} form  @param {() => void} onChange  (called debounced) */
  constructor(form, onChange) {
    this.form = form;
    let timer = null;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(onChange, 250);
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("reset", () => setTimeout(changed, 0));
    form.addEventListener("submit", (event) => event.preventDefault());
  }

  state() {
    const data = new FormData(this.form);
    const state = {};
    for (const [name, value] of data) if (!CHECKBOXES.includes(name)) state[name] = String(value).trim();
    for (const name of CHECKBOXES) state[name] = this.form.elements[name].checked;
    return state;
  }

  /** Set fields from `#start=…&type=…` (fields it does not name are cleared); unknown names are ignored. */
  restore(hash) {
    const params = new URLSearchParams(hash.replace(/^#/, ""));
    this.#clear();
    for (const [name, value] of params) {
      const field = this.form.elements[name];
      if (!field) continue;
      if (CHECKBOXES.includes(name)) field.checked = value === "1";
      else {
        if (field.tagName === "SELECT") this.#ensureOption(field, value, value);
        field.value = value;
      }
    }
  }

  /** The state as the address's fragment (empty values left out). */
  hash() {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(this.state())) {
      if (value === true) params.set(name, "1");
      else if (value) params.set(name, value);
    }
    const text = params.toString();
    return text ? `#${text}` : "";
  }

  setDay(day) {
    this.form.elements.start.value = day ?? "";
    this.form.elements.end.value = day ?? "";
    this.form.dispatchEvent(new Event("change"));
  }

  /** Options for the type and country lists: keeps what is there (and selected), adds what is new. */
  addOptions(stats) {
    for (const { type } of stats.by_type ?? []) this.#ensureOption(this.form.elements.type, type, type);
    for (const { country } of stats.by_country ?? []) {
      if (country) this.#ensureOption(this.form.elements.country, country, `${countryName(country)} (${country})`);
    }
  }

  setActors(names) {
    const list = document.getElementById("actors");
    list.replaceChildren(...names.map((name) => el("option", { value: name })));
  }

  /** Empty every field without a "reset" event (which would reload). */
  #clear() {
    for (const field of this.form.elements) {
      if (field.type === "checkbox") field.checked = false;
      else if ("value" in field && field.tagName !== "BUTTON" && field.tagName !== "FIELDSET") field.value = "";
    }
  }

  #ensureOption(select, value, label) {
    if (!value || [...select.options].some((option) => option.value === value)) return;
    select.append(el("option", { value }, label));
  }
}
