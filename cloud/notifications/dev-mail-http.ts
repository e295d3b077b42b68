/** Development only (the edge mounts it when ENVIRONMENT is development): the mail the capture mailer kept. */
import { Hono } from "hono";
import type { AppEnv } from "../http/index.ts";
import { capturedMail, outboxFor } from "./email.ts";
import type { NotificationsDb } from "./inbox.ts";

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );

export function devMailHttp(deps: { db: NotificationsDb }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // JSON for scripts and tests: `?to=` narrows to one recipient.
  app.get("/dev/mail.json", async (c) => {
    const to = c.req.query("to");
    const rows = to ? await outboxFor(deps, to.trim().toLowerCase()) : await capturedMail(deps);
    return c.json({
      mail: rows.map((r) => ({
        id: r.id,
        to: r.recipient,
        template: r.template,
        subject: r.subject,
        body: r.body,
        createdAt: new Date(r.createdAt).toISOString(),
      })),
    });
  });
  app.get("/dev/mail", async (c) => {
    const rows = await capturedMail(deps);
    const items = rows
      .map(
        (r) =>
          `<article><h2>${escapeHtml(r.subject)}</h2><p>to ${escapeHtml(r.recipient)} · ${new Date(r.createdAt).toISOString()} · ${escapeHtml(r.template)}</p><pre>${escapeHtml(r.body)}</pre></article>`,
      )
      .join("\n");
    return c.html(
      `<!doctype html><html><head><meta charset="utf-8"><title>Captured mail (development)</title></head><body><h1>Captured mail (development only)</h1>${items || "<p>No mail yet.</p>"}</body></html>`,
    );
  });
  return app;
}
