/** A tiny history-API router: the current path is a signal, links navigate without reloading. */
import { signal } from "@preact/signals";
import type { ComponentChildren } from "preact";

export const currentPath = signal(
  typeof location === "undefined" ? "/" : location.pathname + location.search,
);

export function navigate(to: string, replace = false): void {
  if (to === currentPath.value) return;
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  currentPath.value = to;
  window.scrollTo(0, 0);
}

if (typeof window !== "undefined") {
  window.addEventListener("popstate", () => {
    currentPath.value = location.pathname + location.search;
  });
}

/** `match("/sites/:siteId", "/sites/abc")` → `{ siteId: "abc" }`, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const [pathname = ""] = path.split("?");
  const p = pattern.split("/").filter(Boolean);
  const s = pathname.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(s[i]!);
    else if (part !== s[i]) return null;
  }
  return params;
}

/** The value of one query parameter of the current path. */
export const queryParam = (name: string): string | null =>
  new URLSearchParams(currentPath.value.split("?")[1] ?? "").get(name);

export function Link({
  href,
  children,
  class: cls,
}: {
  href: string;
  children: ComponentChildren;
  class?: string;
}) {
  const current = currentPath.value.split("?")[0] === href;
  return (
    <a
      href={href}
      class={cls}
      aria-current={current ? "page" : undefined}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

export interface Route {
  path: string;
  render: (params: Record<string, string>) => ComponentChildren;
}

/** Renders the first route that matches the current path, or `fallback`. */
export function Router({ routes, fallback }: { routes: Route[]; fallback: ComponentChildren }) {
  const path = currentPath.value;
  for (const r of routes) {
    const params = match(r.path, path);
    if (params) return <>{r.render(params)}</>;
  }
  return <>{fallback}</>;
}
