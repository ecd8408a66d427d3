// The event detail panel: fields, flags, the supporting sources, and each source article's text with the
// evidence sentences highlighted.  Article text is untrusted: every piece goes in as a text node.

import { api } from "./api.js";
import { el, replaceChildren, safeLink } from "./dom.js";
import { splitAtSpans } from "./highlight.js";
import { placeLabel } from "./places.js";
import { deathsText, subtypeLabel, typeColour } from "./style.js";

// Flags and what they mean to a reader (architecture: events/flags).
const FLAG_HINTS = {
  headline_only: "only the headline reports it",
  hypothetical: "might happen, has not (yet)",
  negated: "reported as not having happened",
  background: "an earlier event recalled as context",
  reported: "attributed to a source",
};
// Source articles fetched for one event: the first few are enough to read the evidence.
const MAX_ARTICLES = 6;

export class DetailPanel {
  constructor(panel, body, onClose) {
    this.panel = panel;
    this.body = body;
    this.current = null;
    panel.querySelector(".detail-close").addEventListener("click", () => onClose());
  }

  /** Show one event; its articles load after, each in its own section. */
  show(item) {
    this.current = item.id;
    this.panel.hidden = false;
    this.panel.dataset.eventId = item.id;
    replaceChildren(this.body, header(item), fields(item), flags(item), sources(item));
    const articles = el("div", { className: "articles" });
    this.body.append(articles);
    const ids = [...new Set(item.sources.map((source) => source.article_id))].slice(0, MAX_ARTICLES);
    for (const id of ids) articles.append(this.#article(item, id));
  }

  hide() {
    this.current = null;
    this.panel.hidden = true;
    delete this.panel.dataset.eventId;
    this.body.replaceChildren();
  }

  #article(item, articleId) {
    const section = el(
      "section",
      { className: "article", dataset: { articleId } },
      el("p", { className: "muted" }, "loading article…"),
    );
    api
      .article(articleId)
      .then((article) => {
        if (this.current !== item.id) return;
        replaceChildren(section, ...articleView(item, article));
        section.querySelector("mark")?.scrollIntoView({ block: "nearest" });
      })
      .catch((error) =>
        replaceChildren(section, el("p", { className: "muted" }, `article ${articleId}: ${error.message}`)),
      );
    return section;
  }
}

function header(item) {
  const swatch = el("span", { className: "swatch" });
  swatch.style.backgroundColor = typeColour(item.type);
  return el(
    "header",
    {},
    el("h2", {}, swatch, item.type),
    item.subtype ? el("p", { className: "subtype" }, subtypeLabel(item.subtype)) : null,
  );
}

function fields(item) {
  const where = item.location;
  const place = placeLabel(where);
  const dates =
    item.date?.start && item.date?.end && item.date.end !== item.date.start
      ? `${item.date.start} – ${item.date.end}`
      : item.date?.start;
  const injured = deathsText(item.injuries);
  const rows = [
    ["Date", dates],
    ["Where", place],
    ["Precision", where?.precision ? ["", "town", "district / near", "region or wider"][where.precision] : ""],
    ["Actor 1", item.actor1],
    ["Actor 2", item.actor2],
    ["Killed", killed(item.fatalities)],
    ["Injured", injured],
    ["Sources", `${item.n_sources} (${item.n_independent} independent)`],
    ["Reported", [...new Set([item.first_reported, item.last_reported].filter(Boolean))].join(" – ")],
    ["Event id", item.id],
  ].filter(([, value]) => value);
  return el(
    "dl",
    { className: "fields" },
    rows.map(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]),
  );
}

/** "3–7", and the latest report's figure when the reports disagree (tolls rise as bodies are found). */
function killed(fatalities) {
  const range = deathsText(fatalities);
  const { min, max, latest } = fatalities ?? {};
  const disagree =
    Boolean(range) && min !== null && max !== null && min !== max && latest !== null && latest !== undefined;
  return disagree ? `${range} (latest report: ${latest})` : range;
}

function flags(item) {
  if (!item.flags.length) return null;
  return el(
    "ul",
    { className: "flags", "aria-label": "Flags" },
    item.flags.map((flag) =>
      el(
        "li",
        { className: `flag flag-${flag.replace(/[^a-z_]/gi, "")}`, title: FLAG_HINTS[flag] ?? "" },
        flag.replaceAll("_", " "),
      ),
    ),
  );
}

function sources(item) {
  return el(
    "section",
    { className: "sources" },
    el("h3", {}, "Sources"),
    el(
      "ol",
      {},
      item.sources.map((source) =>
        el(
          "li",
          {},
          safeLink(source.url, source.title || source.url || source.article_id),
          el(
            "span",
            { className: "muted" },
            [" ", source.source_domain, source.published, source.syndicated ? "syndicated copy" : null]
              .filter(Boolean)
              .join(" · "),
          ),
        ),
      ),
    ),
  );
}

/** The article's title and text with this event's evidence marked. */
function articleView(item, article) {
  const spans = evidenceFor(item, article);
  const title = spans.filter((span) => span.in === "title");
  const text = spans.filter((span) => span.in !== "title");
  const meta = [
    article.source_domain,
    article.published,
    article.language,
    article.agency,
    article.machine_translated ? "machine-translated" : null,
  ].filter(Boolean);
  return [
    el("h3", { className: "article-title" }, marked(article.title || "(no title)", title)),
    el("p", { className: "muted" }, meta.join(" · ")),
    el("div", { className: "article-text" }, marked(article.text, text)),
  ];
}

/** Evidence of `item` in `article`: from the event's own list and from the article's view of the event. */
function evidenceFor(item, article) {
  const own = item.evidence.filter((span) => span.article_id === article.id);
  const reported = (article.events ?? [])
    .filter((event) => event.event_id === item.id)
    .flatMap((event) => event.evidence);
  const seen = new Set();
  return [...own, ...reported].filter((span) => {
    const key = `${span.in}:${span.start}:${span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function marked(text, spans) {
  return splitAtSpans(text, spans).map((piece) => (piece.mark ? el("mark", {}, piece.text) : piece.text));
}
