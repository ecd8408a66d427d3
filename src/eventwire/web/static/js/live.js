// Live updates: Server-Sent Events from /api/stream, and whether a pushed event passes the filters.
//
// The browser's EventSource reconnects by itself and sends Last-Event-ID, so the server replays what
// was missed.  If the stream is closed for good (an HTTP error), we reopen it after a pause and pass
// the last id we saw in the query string.

import { TOGGLED_FLAGS } from "./api.js";

const RETRY_MS = 5000;

export class LiveStream {
  /** @param {(item: object) => void} onEvent  @param {(state: string) => void} onState */
  constructor(onEvent, onState) {
    this.onEvent = onEvent;
    this.onState = onState;
    this.lastId = null;
    this.source = null;
  }

  open() {
    const url = this.lastId ? `/api/stream?last_event_id=${encodeURIComponent(this.lastId)}` : "/api/stream";
    const source = new EventSource(url);
    this.source = source;
    this.onState("connecting");
    source.addEventListener("open", () => this.onState("live"));
    source.addEventListener("event", (message) => {
      if (message.lastEventId) this.lastId = message.lastEventId;
      let item = null;
      try {
        item = JSON.parse(message.data);
      } catch {
        return; // a broken message must not stop the stream
      }
      if (item && typeof item.id === "string") this.onEvent(item);
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        this.onState("offline");
        setTimeout(() => this.source === source && this.open(), RETRY_MS);
      } else {
        this.onState("reconnecting");
      }
    });
  }
}

/**
 * Whether a live event belongs in the current view.  Mirrors the API's filters closely enough for a
 * live view (actor and text are matched as case-insensitive substrings); the next reload asks the
 * server again.
 */
export function matchesFilters(item, state, bounds = null) {
  const lower = (value) => (value ?? "").toString().toLowerCase();
  if (state.type && item.type !== state.type) return false;
  if (state.country && item.location?.country !== state.country) return false;
  if (state.min_sources && item.n_sources < Number(state.min_sources)) return false;
  const first = item.date?.start ?? null;
  const last = item.date?.end ?? first;
  if (state.start && last && last < state.start) return false;
  if (state.end && first && first > state.end) return false;
  if (TOGGLED_FLAGS.some((flag) => !state[`show_${flag}`] && item.flags.includes(flag))) return false;
  if (state.actor) {
    const actor = lower(state.actor);
    if (!lower(item.actor1).includes(actor) && !lower(item.actor2).includes(actor)) return false;
  }
  if (state.q) {
    const words = lower(state.q).split(/\s+/).filter(Boolean);
    const haystack = lower(
      [item.actor1, item.actor2, item.location?.name, ...item.evidence.map((span) => span.text)].join(" "),
    );
    if (!words.every((word) => haystack.includes(word))) return false;
  }
  if (state.in_view && bounds) {
    const where = item.location;
    if (!where || !bounds.contains([where.lat, where.lon])) return false;
  }
  return true;
}
