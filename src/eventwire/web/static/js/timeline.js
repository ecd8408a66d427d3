// The timeline: events per day (from /api/stats by_day) as an SVG bar chart, drawn with DOM calls.
// Clicking a bar filters the dashboard to that day; clicking it again clears the day.

const SVG = "http://www.w3.org/2000/svg";
const DAY_MS = 86400000;
const MARGIN = { top: 14, right: 12, bottom: 20, left: 34 };

export class Timeline {
  /** @param {SVGSVGElement} svg  @param {(day: string | null) => void} onPickDay */
  constructor(svg, onPickDay) {
    this.svg = svg;
    this.onPickDay = onPickDay;
    this.days = [];
    this.picked = null;
    new ResizeObserver(() => this.draw()).observe(svg);
  }

  setDays(byDay, picked = null) {
    this.days = fillGaps(byDay);
    this.picked = picked;
    this.draw();
  }

  draw() {
    const width = this.svg.clientWidth;
    const height = this.svg.clientHeight;
    this.svg.replaceChildren();
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    if (!this.days.length || width < 50 || height < 40) {
      this.svg.append(svgText("no events for these filters", width / 2, height / 2, "middle"));
      return;
    }
    const plotWidth = width - MARGIN.left - MARGIN.right;
    const plotHeight = height - MARGIN.top - MARGIN.bottom;
    const most = Math.max(1, ...this.days.map((day) => day.count));
    const step = plotWidth / this.days.length;
    const barWidth = Math.max(1, step - (step > 4 ? 1 : 0));
    this.days.forEach((day, index) => {
      const barHeight = (day.count / most) * plotHeight;
      const bar = svgNode("rect", {
        x: MARGIN.left + index * step,
        y: MARGIN.top + plotHeight - barHeight,
        width: barWidth,
        height: Math.max(day.count ? 1 : 0, barHeight),
        class: `bar${day.day === this.picked ? " picked" : ""}`,
        "data-day": day.day,
      });
      const title = svgNode("title");
      title.textContent = `${day.day}: ${day.count} event${day.count === 1 ? "" : "s"}, ${day.fatalities} killed`;
      bar.append(title);
      bar.addEventListener("click", () => this.onPickDay(day.day === this.picked ? null : day.day));
      this.svg.append(bar);
    });
    const baseline = MARGIN.top + plotHeight;
    this.svg.append(
      svgNode("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: baseline, y2: baseline, class: "axis" }),
      svgText(String(most), MARGIN.left - 4, MARGIN.top + 8, "end"),
      svgText("0", MARGIN.left - 4, baseline, "end"),
      svgText(this.days[0].day, MARGIN.left, height - 4, "start"),
      svgText(this.days[this.days.length - 1].day, width - MARGIN.right, height - 4, "end"),
    );
  }
}

/** Every day from the first to the last, with zero where the API sent none (bars must not bunch up). */
function fillGaps(byDay) {
  if (!byDay.length) return [];
  const known = new Map(byDay.map((day) => [day.day, day]));
  const first = Date.parse(byDay.reduce((a, b) => (a.day < b.day ? a : b)).day);
  const last = Date.parse(byDay.reduce((a, b) => (a.day > b.day ? a : b)).day);
  const days = [];
  for (let at = first; at <= last && days.length < 3660; at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10);
    days.push(known.get(day) ?? { day, count: 0, fatalities: 0 });
  }
  return days;
}

function svgNode(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

function svgText(text, x, y, anchor) {
  const node = svgNode("text", { x, y, "text-anchor": anchor, class: "label" });
  node.textContent = text;
  return node;
}
