// Small DOM helpers: updates touch the page only where a value changed (no needless layout work, no flicker).

export const $ = (selector, root = document) => root.querySelector(selector);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

export function setAttr(node, name, value) {
  if (value === null || value === undefined) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** Briefly marks a value that changed since the last refresh. */
export function bump(node) {
  node.classList.remove('bump');
  void node.offsetWidth; // restarts the transition
  node.classList.add('bump');
  clearTimeout(node._bumpTimer);
  node._bumpTimer = setTimeout(() => node.classList.remove('bump'), 1200);
}

/** Puts the rows in the given order, moving only the rows that are out of place (new rows are inserted). */
export function placeRows(tbody, rows) {
  rows.forEach((row, i) => {
    const at = tbody.children[i];
    if (at !== row) tbody.insertBefore(row, at ?? null);
  });
  while (tbody.children.length > rows.length) tbody.lastElementChild.remove();
}
