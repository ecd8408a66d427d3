// eventwire's dashboard: filters → /api/events + /api/stats → list, map and timeline; a click shows one
// event with its evidence; /api/stream pushes new events in.  No framework: a few small ES modules.

import { api, filterParams } from "./js/api.js";
import { DetailPanel } from "./js/detail.js";
import { showError } from "./js/dom.js";
import { FilterForm } from "./js/filters.js";
import { EventList } from "./js/list.js";
import { LiveStream, matchesFilters } from "./js/live.js";
import { EventMap } from "./js/map.js";
import { Timeline } from "./js/timeline.js";

// Events per request; the list and the map show what is loaded ("Load more" fetches the next page).
const PAGE_SIZE = 200;
// A burst of live events refreshes the timeline once.
const STATS_REFRESH_MS = 1500;

class Dashboard {
  constructor() {
    this.items = new Map();
    this.next = null;
    this.total = null;
    this.fresh = 0;
    this.loading = null;
    this.filters = new FilterForm(document.getElementById("filters"), () => this.reload());
    this.list = new EventList(document.getElementById("event-list"), (id) => this.select(id));
    this.map = new EventMap(document.getElementById("map"), (id) => this.select(id));
    this.timeline = new Timeline(document.getElementById("timeline"), (day) => this.filters.setDay(day));
    this.detail = new DetailPanel(document.getElementById("detail"), document.getElementById("detail-body"), () =>
      this.select(null),
    );
    this.live = new LiveStream(
      (item) => this.onLiveEvent(item),
      (state) => this.#setLiveState(state),
    );
    this.moreButton = document.getElementById("load-more");
    this.moreButton.addEventListener("click", () => this.loadMore());
    this.newButton = document.getElementById("new-events");
    this.newButton.addEventListener("click", () => this.#seenFresh());
    this.map.onMove(() => this.filters.state().in_view && this.reload());
    // An address typed or pasted by hand (our own updates use replaceState, which fires nothing).
    window.addEventListener("hashchange", () => {
      this.filters.restore(window.location.hash);
      this.map.setView(new URLSearchParams(window.location.hash.slice(1)).get("map"));
      this.reload();
    });
  }

  async start() {
    this.filters.restore(window.location.hash);
    const view = new URLSearchParams(window.location.hash.slice(1)).get("map");
    const viewGiven = this.map.setView(view);
    const config = await api.config().catch(() => ({ tile_url: null }));
    this.map.loadBasemap(config.tile_url).catch((error) => showError(`basemap: ${error.message}`));
    api.stats(new URLSearchParams()).then(
      (stats) => this.filters.addOptions(stats),
      () => {},
    );
    api.actors(new URLSearchParams({ limit: "200" })).then(
      (page) => this.filters.setActors(page.items.map((actor) => actor.name)),
      () => {},
    );
    await this.reload();
    if (!viewGiven) this.map.fitMarkers();
    this.map.onMove(() => this.#remember());
    this.live.open();
  }

  /** Ask the server again for the first page and the stats under the current filters. */
  async reload() {
    this.loading?.abort();
    const loading = new AbortController();
    this.loading = loading;
    const state = this.filters.state();
    const params = filterParams(state, this.map.bounds());
    this.#remember();
    const pageParams = new URLSearchParams(params);
    pageParams.set("limit", String(PAGE_SIZE));
    document.body.classList.add("loading");
    try {
      const [page, stats] = await Promise.all([
        api.events(pageParams, { signal: loading.signal }),
        api.stats(params, { signal: loading.signal }),
      ]);
      this.items = new Map(page.items.map((item) => [item.id, item]));
      this.next = page.next;
      this.total = stats.total;
      this.list.setEvents(page.items);
      this.map.setEvents(page.items);
      this.timeline.setDays(stats.by_day, state.start && state.start === state.end ? state.start : null);
      this.filters.addOptions(stats);
      showError("");
    } catch (error) {
      if (error.name !== "AbortError") showError(error.message);
    } finally {
      if (this.loading === loading) document.body.classList.remove("loading");
    }
    this.#summarise();
  }

  async loadMore() {
    if (!this.next) return;
    const params = filterParams(this.filters.state(), this.map.bounds());
    params.set("limit", String(PAGE_SIZE));
    params.set("cursor", this.next);
    try {
      const page = await api.events(params);
      const added = page.items.filter((item) => !this.items.has(item.id));
      for (const item of added) this.items.set(item.id, item);
      this.next = page.next;
      this.list.append(added);
      this.map.setEvents([...this.items.values()]);
    } catch (error) {
      showError(error.message);
    }
    this.#summarise();
  }

  /** A pushed event: updated in place if shown, added on top if it passes the filters. */
  onLiveEvent(item) {
    const known = this.items.has(item.id);
    if (!known && !matchesFilters(item, this.filters.state(), this.map.bounds())) return;
    this.items.set(item.id, item);
    this.list.upsert(item, { fresh: !known });
    this.map.upsert(item, { fresh: !known });
    if (!known) {
      this.fresh += 1;
      this.total = (this.total ?? 0) + 1;
    }
    if (this.detail.current === item.id) this.detail.show(item);
    this.filters.addOptions({ by_type: [{ type: item.type }], by_country: [{ country: item.location?.country }] });
    this.#refreshStatsSoon();
    this.#summarise();
  }

  select(id) {
    this.list.select(id);
    if (!id || !this.items.has(id)) {
      this.detail.hide();
      this.map.resized();
      return;
    }
    this.detail.show(this.items.get(id));
    this.map.resized();
    this.map.focus(id);
  }

  /** Keep the filters and the map view in the address, so a view can be reloaded or shared. */
  #remember() {
    const hash = this.filters.hash();
    history.replaceState(null, "", `${hash || "#"}${hash ? "&" : ""}map=${this.map.view}`);
  }

  #refreshStatsSoon() {
    clearTimeout(this.statsTimer);
    this.statsTimer = setTimeout(async () => {
      const state = this.filters.state();
      const stats = await api.stats(filterParams(state, this.map.bounds())).catch(() => null);
      if (stats) this.timeline.setDays(stats.by_day, state.start && state.start === state.end ? state.start : null);
    }, STATS_REFRESH_MS);
  }

  #seenFresh() {
    this.fresh = 0;
    document.getElementById("event-list").scrollTo({ top: 0, behavior: "smooth" });
    this.#summarise();
  }

  #summarise() {
    const shown = this.items.size;
    const total = this.total ?? shown;
    document.getElementById("summary").textContent =
      `${shown.toLocaleString("en")} of ${total.toLocaleString("en")} events`;
    this.moreButton.hidden = !this.next;
    this.newButton.hidden = this.fresh === 0;
    this.newButton.textContent = `${this.fresh} new`;
  }

  #setLiveState(state) {
    const badge = document.getElementById("live");
    badge.dataset.state = state;
    badge.textContent = state;
  }
}

window.addEventListener("DOMContentLoaded", () => {
  new Dashboard().start().catch((error) => showError(error.message));
});
