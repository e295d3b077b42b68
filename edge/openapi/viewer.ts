/**
 * The API reference page: a small self-made viewer of /openapi.json, served by the Worker itself, so /docs
 * works offline and loads nothing from anywhere else (the previous viewer came from a CDN).
 */

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outpost cloud API</title>
<link rel="stylesheet" href="/docs/viewer.css">
<script type="module" src="/docs/viewer.js" data-spec="/openapi.json"></script>
</head>
<body>
<header><h1>Outpost cloud API</h1><p id="intro">Loading <a href="/openapi.json">/openapi.json</a>…</p>
<label for="filter">Filter routes</label> <input id="filter" type="search" placeholder="e.g. sites or two-factor"></header>
<main id="routes" aria-live="polite"></main>
</body>
</html>`;

export const DOCS_CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;line-height:1.45}
body{margin:0 auto;max-width:64rem;padding:1rem}
header{border-bottom:1px solid #ccc;margin-bottom:1rem;padding-bottom:.5rem}
input{font:inherit;padding:.4rem;min-width:16rem;max-width:100%}
h2{margin-top:1.5rem;text-transform:capitalize}
details{border:1px solid #ccc;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}
summary{cursor:pointer;display:flex;gap:.6rem;flex-wrap:wrap;align-items:baseline}
.m{font:700 .85rem ui-monospace,monospace;padding:.05rem .4rem;border-radius:4px;color:#fff;background:#1d4f91;min-width:4rem;text-align:center}
.m.post{background:#1b6e33}.m.delete{background:#a4161a}.m.put,.m.patch{background:#8a5300}
code,pre{font-family:ui-monospace,monospace;font-size:.85rem}
pre{background:#f4f5f7;padding:.5rem;overflow-x:auto}
.auth{font-size:.8rem;color:#4a4a4a}
:focus-visible{outline:3px solid #f0a500}
`;

export const DOCS_JS = `
const spec = document.querySelector("script[data-spec]")?.dataset.spec || "/openapi.json";
const el = (tag, props = {}, ...kids) => {
  const e = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(e, rest);
  if (dataset) Object.assign(e.dataset, dataset);
  for (const k of kids) e.append(k);
  return e;
};
const resolve = (doc, s) => {
  if (s && s.$ref) return resolve(doc, s.$ref.slice(2).split("/").reduce((o, k) => o?.[k], doc));
  return s;
};
const show = (doc, s, depth = 0) => {
  s = resolve(doc, s);
  if (!s || depth > 6) return "…";
  if (s.type === "object" || s.properties) {
    const req = new Set(s.required || []);
    const pad = "  ".repeat(depth + 1);
    const body = Object.entries(s.properties || {})
      .map(([k, v]) => pad + k + (req.has(k) ? "" : "?") + ": " + show(doc, v, depth + 1))
      .join("\\n");
    return "{\\n" + body + "\\n" + "  ".repeat(depth) + "}";
  }
  if (s.type === "array") return show(doc, s.items, depth) + "[]";
  for (const k of ["anyOf", "oneOf", "allOf"]) if (s[k]) return s[k].map((x) => show(doc, x, depth)).join(k === "allOf" ? " & " : " | ");
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  return (s.type || "any") + (s.format ? " (" + s.format + ")" : "");
};
const render = (doc) => {
  document.getElementById("intro").textContent = doc.info?.description || "";
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths || {}))
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] || "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  const main = document.getElementById("routes");
  main.replaceChildren();
  for (const [tag, routes] of byTag) {
    const section = el("section", { className: "tag" }, el("h2", { textContent: tag }));
    for (const { path, method, op } of routes) {
      const auth = op.security && op.security.length ? "needs " + Object.keys(op.security[0]).join(", ") : "public";
      const d = el("details", { dataset: { search: (tag + " " + method + " " + path + " " + (op.summary || "")).toLowerCase() } },
        el("summary", {}, el("span", { className: "m " + method, textContent: method.toUpperCase() }), el("code", { textContent: path }), el("span", { textContent: op.summary || "" }), el("span", { className: "auth", textContent: auth })));
      const body = op.requestBody?.content?.["application/json"]?.schema;
      if (body) d.append(el("h3", { textContent: "Request body" }), el("pre", { textContent: show(doc, body) }));
      const rs = el("ul");
      for (const [status, r] of Object.entries(op.responses || {})) {
        const schema = r.content?.["application/json"]?.schema;
        const li = el("li", {}, el("strong", { textContent: status }), " " + (r.description || ""));
        if (schema) li.append(el("pre", { textContent: show(doc, schema) }));
        rs.append(li);
      }
      d.append(el("h3", { textContent: "Responses" }), rs);
      section.append(d);
    }
    main.append(section);
  }
};
document.getElementById("filter").addEventListener("input", (e) => {
  const q = e.target.value.trim().toLowerCase();
  for (const d of document.querySelectorAll("details")) d.hidden = q !== "" && !d.dataset.search.includes(q);
});
fetch(spec, { headers: { accept: "application/json" } })
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status))))
  .then(render)
  .catch((e) => { document.getElementById("intro").textContent = "Could not load " + spec + ": " + e.message; });
`;
