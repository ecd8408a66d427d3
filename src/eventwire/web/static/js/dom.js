// DOM building that never parses data as HTML: text goes in through textContent, attributes through
// setAttribute, event handlers only as functions.  Article text and everything from the API is untrusted.

/**
 * Create an element.  `attrs`: {className, dataset: {...}, on: {click: fn}, title, ...}; children:
 * strings (inserted as text nodes), nodes, or null/false (skipped), nested arrays flattened.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "on") for (const [type, handler] of Object.entries(value)) node.addEventListener(type, handler);
    else if (key.startsWith("on")) throw new Error(`use {on: {...}} for handlers, not ${key}`);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Empty a node, then fill it. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A link to an article's URL, only when it is http(s): a `javascript:` URL from a page must not become a link. */
export function safeLink(url, text) {
  let parsed = null;
  try {
    parsed = url ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) return el("span", {}, text);
  return el("a", { href: parsed.href, target: "_blank", rel: "noopener noreferrer nofollow" }, text);
}

export function showError(message) {
  const box = document.getElementById("error");
  box.textContent = message;
  box.hidden = !message;
}
