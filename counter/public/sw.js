// Timbro counter service worker: the counter opens on shaky Wi-Fi.
//
// - The shell ("/counter/", which serves every counter path) is
//   network-first, falling back to the cached copy when offline.
// - Hashed assets never change under their name: cache-first, kept while the
//   current shell refers to them.
// - The API is never cached: unsent actions wait in the app's own outbox.
const CACHE = "timbro-counter-v1";
const SHELL = "/counter/";
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(wasm|js|css)$/;

function assetsOf(html) {
  const found = new Set(["/counter/favicon.svg"]);
  for (const m of html.matchAll(/(?:href|src)="(\/counter\/[^"]+)"/g)) {
    if (HASHED.test(m[1])) found.add(m[1]);
  }
  for (const m of html.matchAll(/from '(\/counter\/[^']+\.js)'|module_or_path: '(\/counter\/[^']+\.wasm)'/g)) {
    const url = m[1] || m[2];
    if (url) found.add(url);
  }
  return [...found];
}

async function refreshShell(response) {
  const cache = await caches.open(CACHE);
  const assets = assetsOf(await response.clone().text());
  await cache.put(SHELL, response.clone());
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

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("timbro-counter-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith("/counter")) return;

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

  if (HASHED.test(url.pathname) || url.pathname === "/counter/favicon.svg") {
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
