// Timbro service worker, one file for both apps: the wallet registers it at
// "/" and the staff counter at "/counter/" (Trunk copies this file into
// each build). Each works out from its scope what it looks after, so an
// installed wallet or counter opens with no network.
//
// - The app shell (the scope's path, which serves every path of the app) is
//   network-first, falling back to the cached copy when offline.
// - Hashed assets (the wasm, its JS glue, the CSS) never change under their
//   name: cache-first, kept for as long as the current shell refers to them.
// - The API is never cached here: the wallet keeps its own last known card,
//   the counter its own outbox of unsent changes.
// - The wallet (scope "/") leaves the counter's and the back office's paths
//   alone: they belong to the counter's own worker and to the back office
//   (which has none: it is used online), and must never become the wallet's
//   shell.
const SHELL = new URL(self.registration.scope).pathname;
const CACHE = "timbro-v2:" + SHELL;
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(wasm|js|css)$/;
const OTHER_APPS = SHELL === "/" ? ["/counter", "/owner"] : [];
const ICON = SHELL + "favicon.svg";

function mine(path) {
  return (
    path.startsWith(SHELL) &&
    !path.startsWith("/api/") &&
    !OTHER_APPS.some((app) => path === app || path.startsWith(app + "/"))
  );
}

// The assets a shell refers to (Trunk writes them into index.html).
function assetsOf(html) {
  const found = new Set([ICON]);
  for (const m of html.matchAll(/(?:href|src)="(\/[^"]+)"/g)) {
    if (HASHED.test(m[1]) && mine(m[1])) found.add(m[1]);
  }
  for (const m of html.matchAll(/from '(\/[^']+\.js)'|import\('(\/[^']+\.js)'\)|(?:init\(|fetch\(|module_or_path: )'(\/[^']+\.wasm)'/g)) {
    const url = m[1] || m[2] || m[3];
    if (url && mine(url)) found.add(url);
  }
  return [...found];
}

// A business's page carries its program (a data block) and its join screen
// drawn by the server, marked (see crates/server/src/http/wallet_page); the
// shell kept for every path offline must carry no business's: the block
// goes, and the shell as built (kept in the mark) comes back.
const DATA_BLOCK = /<script type="application\/json" id="timbro-business"[^>]*>[\s\S]*?<\/script>/;
const DRAWN = /<!--timbro:shell ([\s\S]*?)-->[\s\S]*?<!--\/timbro:shell-->/;

// Caches a fresh shell and its assets; drops assets no shell refers to.
async function refreshShell(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const assets = assetsOf(html);
  // The body is new: its length and encoding are no longer the network's.
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  headers.delete("content-encoding");
  // Kept for every request of the app, whatever its language or cookies.
  headers.delete("vary");
  const built = html.replace(DATA_BLOCK, "").replace(DRAWN, "$1");
  const shell = new Response(built, { status: response.status, headers });
  await cache.put(SHELL, shell);
  await Promise.all(
    assets.map(async (url) => {
      if (!(await cache.match(url))) {
        const res = await fetch(url);
        if (res.ok) await cache.put(url, res);
      }
    }),
  );
  const keep = new Set([SHELL, ...assets]);
  for (const request of await cache.keys()) {
    if (!keep.has(new URL(request.url).pathname)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    fetch(SHELL, { cache: "no-cache" })
      .then((res) => (res.ok ? refreshShell(res) : undefined))
      .then(() => self.skipWaiting()),
  );
});

// Drops this app's older caches (and the first wallet's "timbro-shell-v1"),
// never another app's.
self.addEventListener("activate", (event) => {
  const old = (name) =>
    name !== CACHE && (name.endsWith(":" + SHELL) || (SHELL === "/" && name === "timbro-shell-v1"));
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter(old).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !mine(url.pathname)) return;

  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then((res) => {
          if (res.ok && (res.headers.get("content-type") || "").includes("text/html")) {
            event.waitUntil(refreshShell(res.clone()));
          }
          return res;
        })
        .catch(async () => (await caches.match(SHELL)) || Response.error()),
    );
    return;
  }

  if (HASHED.test(url.pathname) || url.pathname === ICON) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then(async (res) => {
            if (res.ok) (await caches.open(CACHE)).put(request, res.clone());
            return res;
          }),
      ),
    );
  }
});

// A campaign's message pushed by the server (crates/server/src/push.rs):
// {"title", "body", "url"}, shown as a notification; tapping it opens the
// card (an open window of it if there is one).
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (_) {
    message = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "Timbro", {
      body: message.body || "",
      icon: message.icon || ICON,
      tag: message.tag,
      data: { url: message.url || SHELL },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || SHELL, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === url);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
