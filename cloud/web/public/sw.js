/* The owner app's service worker: shows a web push message and opens the page it names (same origin only). */
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let m = {};
  try {
    m = event.data ? event.data.json() : {};
  } catch {
    m = { title: "Outpost", body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(m.title || "Outpost", {
      body: m.body || "",
      tag: m.id,
      data: { link: m.link || "/notifications" },
      // An alarm stays on screen until someone looks at it.
      requireInteraction: Boolean(m.critical),
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.link || "/notifications", self.location.origin);
  // A link naming another origin is not followed.
  const url = target.origin === self.location.origin ? target.href : `${self.location.origin}/notifications`;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(async (windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        if ("navigate" in open) return open.navigate(url).catch(() => self.clients.openWindow(url));
      }
      return self.clients.openWindow(url);
    }),
  );
});
