// The map: offline borders (Natural Earth countries + admin-1, TopoJSON shipped with the package), an
// optional tile layer, and event markers (coloured by type, sized by deaths) in a cluster group.
/* global L, topojson */

import { unwrapAntimeridian } from "./antimeridian.js";
import { el } from "./dom.js";
import { deathsText, markerSize, typeColour } from "./style.js";

const BASEMAP = {
  countries: "/static/basemap/countries-50m.json",
  admin1: "/static/basemap/admin1-10m.json",
};
// Province borders only from this zoom on: the whole world's admin-1 lines would be noise below it.
const ADMIN1_MIN_ZOOM = 4;
const START_VIEW = { center: [48.5, 31.5], zoom: 5 };
// Zoom 8 (about 400 m a pixel in Ukraine) is town level: closer, the shipped borders show nothing more
// (tiles may), and events reported at the same town are spread out there.
const MAX_ZOOM = { borders: 8, tiles: 18 };

export class EventMap {
  /** @param {HTMLElement} container  @param {(id: string) => void} onSelect */
  constructor(container, onSelect) {
    this.container = container;
    this.onSelect = onSelect;
    this.markers = new Map();
    this.selectedId = null;
    this.map = L.map(container, { minZoom: 2, maxZoom: MAX_ZOOM.borders, worldCopyJump: true });
    this.map.setView(START_VIEW.center, START_VIEW.zoom);
    this.map.attributionControl.addAttribution("Borders: Natural Earth");
    this.borders = L.canvas({ padding: 0.2 });
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true,
      maxClusterRadius: 45,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
    });
    this.cluster.addTo(this.map);
  }

  /** Draw the shipped borders; with a tile URL the tiles go underneath and the land is left unfilled. */
  async loadBasemap(tileUrl) {
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: MAX_ZOOM.tiles, attribution: "Tiles: configured server" }).addTo(this.map);
      this.map.setMaxZoom(MAX_ZOOM.tiles);
      this.container.classList.add("with-tiles");
    }
    const [countries, admin1] = await Promise.all([fetchTopo(BASEMAP.countries), fetchTopo(BASEMAP.admin1)]);
    const land = { color: "#8a8f98", weight: 1, fillColor: "#f3f1ec", fill: !tileUrl, fillOpacity: 1 };
    L.geoJSON(unwrapAntimeridian(topojson.feature(countries, countries.objects.countries)), {
      renderer: this.borders,
      interactive: false,
      style: land,
    })
      .addTo(this.map)
      .bringToBack();
    const provinces = L.geoJSON(unwrapAntimeridian(topojson.feature(admin1, admin1.objects.admin1)), {
      renderer: this.borders,
      interactive: false,
      style: { color: "#b3b7bf", weight: 0.6, fill: false, dashArray: "2 3" },
    });
    const showProvinces = () => {
      const wanted = this.map.getZoom() >= ADMIN1_MIN_ZOOM;
      if (wanted && !this.map.hasLayer(provinces)) provinces.addTo(this.map);
      if (!wanted && this.map.hasLayer(provinces)) provinces.remove();
    };
    this.map.on("zoomend", showProvinces);
    showProvinces();
  }

  /** Replace all markers by those of `items` (events without coordinates have none). */
  setEvents(items) {
    this.cluster.clearLayers();
    this.markers.clear();
    const layers = items.map((item) => this.#makeMarker(item)).filter(Boolean);
    this.cluster.addLayers(layers);
    this.#count();
  }

  /** Add or update one event's marker (live updates); `fresh` makes it pulse for a while. */
  upsert(item, { fresh = false } = {}) {
    const old = this.markers.get(item.id);
    if (old) {
      this.cluster.removeLayer(old);
      this.markers.delete(item.id);
    }
    const marker = this.#makeMarker(item, fresh);
    if (marker) this.cluster.addLayer(marker);
    this.#count();
  }

  /** Zoom until the event's marker is out of its cluster, and mark it as selected. */
  focus(id) {
    this.#markSelected(id);
    const marker = this.markers.get(id);
    if (!marker) return;
    this.cluster.zoomToShowLayer(marker, () => this.#markSelected(id));
  }

  /** The map's box changed (the detail panel opened or closed). */
  resized() {
    this.map.invalidateSize({ pan: false });
  }

  onMove(handler) {
    this.map.on("moveend", handler);
  }

  /** Show every marker (the first view when the address names none). */
  fitMarkers() {
    const bounds = this.cluster.getBounds();
    if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false });
  }

  /** The view as "zoom/lat/lon" (the address keeps it, as OpenStreetMap's does). */
  get view() {
    const { lat, lng } = this.map.getCenter();
    return `${this.map.getZoom()}/${lat.toFixed(3)}/${lng.toFixed(3)}`;
  }

  /** Go to a "zoom/lat/lon" view; false when the text is not one. */
  setView(text) {
    const [zoom, lat, lon] = String(text ?? "")
      .split("/")
      .map(Number);
    if (![zoom, lat, lon].every(Number.isFinite) || Math.abs(lat) > 90) return false;
    this.map.setView([lat, lon], zoom);
    return true;
  }

  bounds() {
    return this.map.getBounds();
  }

  #makeMarker(item, fresh = false) {
    const where = item.location;
    if (!where || !Number.isFinite(where.lat) || !Number.isFinite(where.lon)) return null;
    const size = markerSize(item.fatalities);
    const dot = el("div", {
      className: `ew-marker${fresh ? " ew-fresh" : ""}${item.id === this.selectedId ? " ew-selected" : ""}`,
      dataset: { eventId: item.id, type: item.type },
    });
    dot.style.width = dot.style.height = `${size}px`;
    dot.style.backgroundColor = typeColour(item.type);
    const icon = L.divIcon({ html: dot, className: "ew-marker-icon", iconSize: [size, size] });
    const marker = L.marker([where.lat, where.lon], { icon, keyboard: true, riseOnHover: true });
    marker.bindTooltip(tooltip(item), { direction: "top", offset: [0, -size / 2] });
    marker.on("click", () => this.onSelect(item.id));
    this.markers.set(item.id, marker);
    return marker;
  }

  #markSelected(id) {
    this.selectedId = id;
    for (const node of this.container.querySelectorAll(".ew-marker.ew-selected")) node.classList.remove("ew-selected");
    const node = this.container.querySelector(`.ew-marker[data-event-id="${CSS.escape(id)}"]`);
    if (node) node.classList.add("ew-selected");
  }

  #count() {
    this.container.dataset.markers = String(this.markers.size);
  }
}

function tooltip(item) {
  const deaths = deathsText(item.fatalities);
  return el(
    "div",
    { className: "ew-tooltip" },
    el("strong", {}, item.type),
    el("div", {}, [item.location?.name, item.date?.start].filter(Boolean).join(" · ")),
    deaths ? el("div", {}, `${deaths} killed`) : null,
  );
}

async function fetchTopo(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}
