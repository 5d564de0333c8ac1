// A tiny element builder: text always goes in as text nodes (never HTML), since every string the
// API answers may be hostile (evidence URIs, datanet names, ...).
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'object' ? c : String(c));
  return el;
}

/** Replaces the children of `el`. */
export function fill(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'object' ? c : String(c));
}

/** A message a person can read, announced to screen readers. */
export const errorBox = (title: string, detail?: string) =>
  h('div', { class: 'error', role: 'alert' }, h('strong', {}, title), detail ? h('p', {}, detail) : null);

/** A table with a header row; `rows` are already rendered cells. */
export function table(head: string[], rows: (Child | Child[])[][], attrs: Record<string, string> = {}): HTMLTableElement {
  return h('table', { class: 'data', ...attrs }, h('thead', {}, h('tr', {}, head.map((c) => h('th', {}, c)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}
