// The wallet's first load against the floor, as `cargo xtask lighthouse`
// runs it (see lighthouse.rs). Lighthouse 12 mobile defaults (simulated slow
// 4G, 4x CPU), median of RUNS runs each:
//
// - the floor: a static copy of the newcomer's join screen as the wallet
//   renders it (scripts removed, inline styles moved to a file), served by
//   the same server from <dist>/floor/;
// - a newcomer on the join screen (a fresh profile each run);
// - a returning customer: a profile that joined through the screen (the card
//   in localStorage, the service worker installed), online;
// - the same profile offline: the card and member code on screen after the
//   navigation (the first frame with them), and the wasm started with the
//   card live, with the CPU slowed 4x as Lighthouse does;
// - a newcomer who taps "Get my card" the moment the screen is painted, on
//   a phone throttled for real (Lighthouse's applied slow 4G: 562.5 ms
//   round trips, 1.47 Mbit/s down, 675 kbit/s up; CPU 4x): the first paint,
//   and how long from the tap to the card on screen (the wasm is fetched
//   on the first touch, so this tap waits for it; one who types a name
//   first has it by the time of the tap).
//
// It measures and prints; it asserts nothing.
import puppeteer from 'puppeteer-core';
import lighthouse from 'lighthouse';
import fs from 'node:fs';
import path from 'node:path';

const [base, chrome, dist, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg || 3);
const join = `${base}/c/caffe-aurora?t=1`;
const card = `${base}/c/caffe-aurora`;
const floor = `${base}/floor/join.html`;
const launch = () => puppeteer.launch({
  executablePath: chrome, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=en-US'],
});
const phone = async (browser) => {
  const page = await browser.newPage();
  await page.setViewport({ width: 412, height: 915, isMobile: true, deviceScaleFactor: 2 });
  return page;
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function audit(url, page, extra = {}, report = null) {
  const r = await lighthouse(url, {
    output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], ...extra,
  }, undefined, page);
  // The last run's full report, for reading what weighs (long tasks, requests).
  if (report) fs.writeFileSync(report, r.report);
  const a = r.lhr.audits;
  return {
    perf: r.lhr.categories.performance.score * 100,
    a11y: r.lhr.categories.accessibility.score * 100,
    fcp: a['first-contentful-paint'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    cls: a['cumulative-layout-shift'].numericValue,
    kb: a['total-byte-weight'].numericValue / 1000,
  };
}

// The floor: the join screen as rendered, made static.
{
  const browser = await launch();
  const page = await phone(browser);
  await page.goto(join);
  await page.waitForSelector('main.join button[type=submit]');
  const { html, css } = await page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true);
    doc.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]').forEach((e) => e.remove());
    let css = ''; let n = 0;
    doc.querySelectorAll('[style]').forEach((e) => {
      n += 1;
      e.setAttribute('data-floor', String(n));
      css += `[data-floor="${n}"]{${e.getAttribute('style')}}\n`;
      e.removeAttribute('style');
    });
    const link = document.createElement('link');
    link.rel = 'stylesheet'; link.href = '/floor/floor.css';
    doc.querySelector('head').appendChild(link);
    return { html: '<!DOCTYPE html>\n' + doc.outerHTML, css };
  });
  fs.mkdirSync(path.join(dist, 'floor'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'floor', 'join.html'), html);
  fs.writeFileSync(path.join(dist, 'floor', 'floor.css'), css);
  await browser.close();
}

const runs = { floor: [], newcomer: [], online: [], offline: [] };
for (let i = 0; i < RUNS; i += 1) {
  for (const [name, url] of [['floor', floor], ['newcomer', join]]) {
    const browser = await launch();
    runs[name].push(await audit(url, await phone(browser), {}, path.join(dist, '..', 'target', `lighthouse-wallet-${name}.json`)));
    await browser.close();
  }
}

// A returning customer: joined through the screen, the worker in control.
{
  const browser = await launch();
  const page = await phone(browser);
  await page.goto(join);
  await page.click('main.join button[type=submit]');
  await page.waitForSelector('.member-code');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null,
    { timeout: 30000 }).catch(async () => { await page.reload(); });
  for (let i = 0; i < RUNS; i += 1) {
    runs.online.push(await audit(card, page, { disableStorageReset: true },
      path.join(dist, '..', 'target', 'lighthouse-wallet-returning.json')));
  }
  // Offline: when the card and its code are on screen, and the largest paint.
  await page.evaluateOnNewDocument(() => {
    // On screen: the first frame with the member code in it, not before the
    // first paint. Live: the wasm has started and drawn the card itself.
    window.timbroBench = { lcp: 0, fcp: 0, frame: 0, card: 0, live: 0 };
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.timbroBench.lcp = e.startTime; })
      .observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') window.timbroBench.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
    let seen = false;
    new MutationObserver(() => {
      const b = window.timbroBench;
      if (!seen && document.querySelector('.member-code')) {
        seen = true;
        requestAnimationFrame(() => { b.frame = performance.now(); });
      }
      if (!b.live && document.documentElement.dataset.wasm === 'started') b.live = performance.now();
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-wasm'] });
  });
  // Where the time goes: the wasm's bytes in hand (from the worker's cache),
  // then compiled, run and the card drawn (the loader's data-wasm is set
  // after the wasm's start, which draws the card, has returned).
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.setOfflineMode(true);
  for (let i = 0; i < RUNS; i += 1) {
    await page.goto('about:blank');
    await page.goto(card);
    await page.waitForSelector('.member-code');
    await page.waitForFunction(() => window.timbroBench.frame > 0 && window.timbroBench.fcp > 0
      && window.timbroBench.live > 0);
    await new Promise((r) => setTimeout(r, 500)); // let the last paint be reported
    runs.offline.push(await page.evaluate(() => {
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      const b = window.timbroBench;
      return {
        lcp: b.lcp, card: Math.max(b.fcp, b.frame), live: b.live,
        wasmStart: wasm ? wasm.startTime : 0, wasmEnd: wasm ? wasm.responseEnd : 0,
      };
    }));
  }
  await browser.close();
}

// A newcomer in a hurry, on a throttled phone: paint, tap, card.
runs.tap = [];
for (let i = 0; i < RUNS; i += 1) {
  const browser = await launch();
  const page = await phone(browser);
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.evaluateOnNewDocument(() => {
    window.timbroBench = { tap: 0, card: 0 };
    document.addEventListener('click', () => { window.timbroBench.tap ||= performance.now(); }, true);
    new MutationObserver(() => {
      if (!window.timbroBench.card && document.querySelector('.member-code')) window.timbroBench.card = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(join, { waitUntil: 'domcontentloaded', timeout: 120000 });
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0
    && document.querySelector('main.join button[type=submit]'), { timeout: 120000 });
  // A finger on the button's place (the wasm may redraw the button under it).
  const box = await (await page.$('main.join button[type=submit]')).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => window.timbroBench.card > 0, { timeout: 120000 });
  runs.tap.push(await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
    wait: window.timbroBench.card - window.timbroBench.tap,
  })));
  await browser.close();
}
fs.rmSync(path.join(dist, 'floor'), { recursive: true, force: true });

const m = (name, key) => median(runs[name].map((r) => r[key]));
const ms = (v) => `${Math.round(v)} ms`;
const row = (label, cells) => console.log(`  ${label.padEnd(34)}${cells.map((c) => String(c).padStart(14)).join('')}`);
console.log(`  wallet against its floor: median of ${RUNS} runs (Lighthouse mobile, simulated slow 4G, 4x CPU)`);
row('', ['floor', 'newcomer', 'ratio', 'returning', 'offline']);
row('LCP', [ms(m('floor', 'lcp')), ms(m('newcomer', 'lcp')), (m('newcomer', 'lcp') / m('floor', 'lcp')).toFixed(2),
  ms(m('online', 'lcp')), ms(m('offline', 'lcp'))]);
row('  returning ÷ floor', ['', '', '', (m('online', 'lcp') / m('floor', 'lcp')).toFixed(2), '']);
row('FCP', [ms(m('floor', 'fcp')), ms(m('newcomer', 'fcp')), (m('newcomer', 'fcp') / m('floor', 'fcp')).toFixed(2), ms(m('online', 'fcp')), '']);
row('TBT', [ms(m('floor', 'tbt')), ms(m('newcomer', 'tbt')), '', ms(m('online', 'tbt')), '']);
row('CLS', [m('floor', 'cls').toFixed(3), m('newcomer', 'cls').toFixed(3), '', m('online', 'cls').toFixed(3), '']);
row('performance / accessibility', [`${m('floor', 'perf')} / ${m('floor', 'a11y')}`, `${m('newcomer', 'perf')} / ${m('newcomer', 'a11y')}`, '',
  `${m('online', 'perf')} / ${m('online', 'a11y')}`, '']);
row('transferred (KB, compressed)', [m('floor', 'kb').toFixed(1), m('newcomer', 'kb').toFixed(1), '', m('online', 'kb').toFixed(1), '']);
row('card and member code on screen', ['', '', '', '', ms(m('offline', 'card'))]);
row('  the wasm started, the card live', ['', '', '', '', ms(m('offline', 'live'))]);
row('  of which: wasm asked for', ['', '', '', '', ms(m('offline', 'wasmStart'))]);
row('  wasm in hand (worker cache)', ['', '', '', '', ms(m('offline', 'wasmEnd'))]);
console.log(`  a newcomer tapping "Get my card" at once, applied slow 4G and 4x CPU: first paint ${ms(m('tap', 'fcp'))}, tap to card ${ms(m('tap', 'wait'))}`);
