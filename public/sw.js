// Timbro wallet service worker: the installed wallet opens with no network.
//
// - The app shell ("/", which serves every wallet path) is network-first,
//   falling back to the cached copy when offline.
// - Hashed assets (the wasm, its JS glue, the CSS) never change under their
//   name: cache-first, kept for as long as the current shell refers to them.
// - The API is never cached here: the wallet keeps its own last known card.
const CACHE = "timbro-shell-v1";
const SHELL = "/";
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(wasm|js|css)$/;

// The assets a shell refers to (Trunk writes them into index.html).
function assetsOf(html) {
  const found = new Set(["/favicon.svg"]);
  for (const m of html.matchAll(/(?:href|src)="(\/[^"]+)"/g)) {
    if (HASHED.test(m[1])) found.add(m[1]);
  }
  for (const m of html.matchAll(/from '(\/[^']+\.js)'|init\('(\/[^']+\.wasm)'|module_or_path: '(\/[^']+\.wasm)'/g)) {
    const url = m[1] || m[2] || m[3];
    if (url) found.add(url);
  }
  return [...found];
}

// Caches a fresh shell and its assets; drops assets no shell refers to.
async function refreshShell(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const assets = assetsOf(html);
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
    const path = new URL(request.url).pathname;
    if (!keep.has(path)) await cache.delete(request);
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
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  // The staff counter is another app with its own service worker: its pages
  // must never become this wallet's cached shell.
  if (url.pathname === "/counter" || url.pathname.startsWith("/counter/")) return;

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

  if (HASHED.test(url.pathname) || url.pathname === "/favicon.svg") {
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
