// The event list beside the map: one row per event, newest first as the API sends them.

import { el } from "./dom.js";
import { placeLabel } from "./places.js";
import { deathsText, subtypeLabel, typeColour } from "./style.js";

export class EventList {
  /** @param {HTMLOListElement} root  @param {(id: string) => void} onSelect */
  constructor(root, onSelect) {
    this.root = root;
    this.onSelect = onSelect;
    this.rows = new Map();
  }

  setEvents(items) {
    this.root.replaceChildren();
    this.rows.clear();
    this.append(items);
  }

  append(items) {
    for (const item of items) {
      if (this.rows.has(item.id)) continue;
      const row = this.#row(item);
      this.rows.set(item.id, row);
      this.root.append(row);
    }
  }

  /** A live event: replace its row in place, or put a new one on top; `fresh` marks it for a few seconds. */
  upsert(item, { fresh = false } = {}) {
    const row = this.#row(item);
    const old = this.rows.get(item.id);
    if (old) old.replaceWith(row);
    else this.root.prepend(row);
    this.rows.set(item.id, row);
    if (fresh) {
      row.classList.add("ew-fresh");
      setTimeout(() => row.classList.remove("ew-fresh"), 8000);
    }
  }

  select(id) {
    for (const row of this.root.querySelectorAll("li.selected")) row.classList.remove("selected");
    const row = this.rows.get(id);
    if (row) {
      row.classList.add("selected");
      row.scrollIntoView({ block: "nearest" });
    }
  }

  get size() {
    return this.rows.size;
  }

  #row(item) {
    const swatch = el("span", { className: "swatch" });
    swatch.style.backgroundColor = typeColour(item.type);
    const where = placeLabel(item.location) || "no location";
    const deaths = deathsText(item.fatalities);
    const button = el(
      "button",
      { type: "button", className: "event", on: { click: () => this.onSelect(item.id) } },
      el(
        "span",
        { className: "event-type" },
        swatch,
        item.type,
        item.subtype ? el("small", {}, ` · ${subtypeLabel(item.subtype)}`) : null,
      ),
      el("span", { className: "event-where" }, where),
      el(
        "span",
        { className: "event-meta" },
        [
          item.date?.start,
          deaths ? `${deaths} killed` : null,
          `${item.n_sources} source${item.n_sources === 1 ? "" : "s"}`,
        ]
          .filter(Boolean)
          .join(" · "),
        item.flags
          .filter((flag) => flag !== "reported")
          .map((flag) =>
            el("span", { className: `flag flag-${flag.replace(/[^a-z_]/gi, "")}` }, flag.replaceAll("_", " ")),
          ),
      ),
    );
    return el("li", { dataset: { eventId: item.id, type: item.type } }, button);
  }
}
