#!/usr/bin/env node
// tiles-view.js: opens a2tiles' index.html in headless Chromium (Debian's,
// through playwright-core; never a downloaded browser), from file:// or from
// a loopback static server, and reports what a person would see: failed
// requests, console errors, screenshots of every layer and where the
// footprint lies on them.
//   node tiles-view.js --dir TILESDIR --out OUTDIR [--http] [--chromium PATH]
// Prints one JSON object: {url, errors: [...], layers: [{name, title, shot,
// legend: {text: [lines], bar: CSS background}}],
// inside: [x, y], outside: [x, y], zoom}.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const dir = path.resolve(opt('--dir'));
const out = path.resolve(opt('--out'));
const useHttp = args.includes('--http');
const exe = opt('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css',
  '.png': 'image/png', '.json': 'application/json' };

function serve() {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      const p = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
      if (!p.startsWith(dir) || !fs.existsSync(p) || fs.statSync(p).isDirectory()) {
        res.writeHead(404); res.end(); return;
      }
      res.writeHead(200, { 'Content-Type': types[path.extname(p)] || 'application/octet-stream' });
      fs.createReadStream(p).pipe(res);
    });
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

(async () => {
  const errors = [];
  let srv = null, url = 'file://' + path.join(dir, 'index.html');
  if (useHttp) {
    srv = await serve();
    url = `http://127.0.0.1:${srv.address().port}/index.html`;
  }
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: exe, headless: true, timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],  // playwright gives it a fresh profile
  });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    page.on('pageerror', (e) => errors.push('page error: ' + e.message));
    page.on('requestfailed', (r) => errors.push('failed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
    page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith('file:') && !u.startsWith('data:') && !(srv && u.startsWith(url.replace(/index\.html$/, ''))))
        errors.push('outside request: ' + u);
    });
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    await page.waitForFunction(() => window.a2ready === true, null, { timeout: 30000 });
    const layers = await page.evaluate(() => {
      const r = [];
      window.a2map.eachLayer((l) => { if (l.a2) r.push({ name: l.a2.name, title: l.a2.title }); });
      return r;
    });
    const all = await page.evaluate(() => A2.tilejson.layers.map((l) => ({ name: l.name, title: l.title })));
    const shots = [];
    for (const l of all) {
      if (!layers.find((x) => x.name === l.name)) {
        await page.evaluate(() => { window.a2loaded = {}; });
        await page.locator('.leaflet-control-layers-base label', { hasText: l.title }).first().click();
      }
      await page.waitForFunction((n) => window.a2loaded[n] === true, l.name, { timeout: 30000 });
      // and faded in: Leaflet blends new tiles in over 200 ms
      await page.waitForFunction(() => Array.from(document.querySelectorAll('img.leaflet-tile'))
        .every((t) => getComputedStyle(t).opacity === '1'), null, { timeout: 30000, polling: 50 });
      const shot = path.join(out, l.name + '.png');
      await page.screenshot({ path: shot });
      // the legend as shown: its lines, and the colours of its bar
      const legend = await page.evaluate(() => {
        const d = document.querySelector('.a2-legend');
        return d ? { text: d.innerText.split('\n').filter((x) => x), bar: d.querySelector('.bar').style.background } : null;
      });
      shots.push({ name: l.name, title: l.title, shot, legend });
    }
    // the footprint's centre, and a point well outside it, on the screen
    const geo = await page.evaluate(() => {
      const map = window.a2map, b = A2.tilejson.bounds;
      let c = L.latLngBounds([[b[1], b[0]], [b[3], b[2] < b[0] ? b[2] + 360 : b[2]]]).getCenter();
      const fp = A2.footprint && (A2.footprint.geometry || A2.footprint);
      if (fp && fp.type === 'Polygon') {
        const ring = fp.coordinates[0].slice(0, -1);
        const neg = ring.some((p) => p[0] < -90), pos = ring.some((p) => p[0] > 90);
        let x = 0, y = 0;
        ring.forEach((p) => { x += neg && pos && p[0] < 0 ? p[0] + 360 : p[0]; y += p[1]; });
        c = L.latLng(y / ring.length, x / ring.length);
      }
      const pc = map.latLngToContainerPoint(c);
      const sw = map.latLngToContainerPoint([b[1], b[0]]);
      const ne = map.latLngToContainerPoint([b[3], b[2] < b[0] ? b[2] + 360 : b[2]]);
      const size = map.getSize();
      const boxes = Array.from(document.querySelectorAll('.leaflet-control'))
        .map((e) => e.getBoundingClientRect());
      const free = (p) => p[0] > 4 && p[1] > 4 && p[0] < size.x - 4 && p[1] < size.y - 4 &&
        !boxes.some((r) => p[0] >= r.left - 4 && p[0] <= r.right + 4 && p[1] >= r.top - 4 && p[1] <= r.bottom + 4);
      // 20 px outside the bounds, beside each edge
      const cands = [[sw.x - 20, pc.y], [ne.x + 20, pc.y], [pc.x, ne.y - 20], [pc.x, sw.y + 20],
        [sw.x - 20, sw.y + 20], [ne.x + 20, ne.y - 20]].map((p) => [Math.round(p[0]), Math.round(p[1])]);
      return { inside: [Math.round(pc.x), Math.round(pc.y)], outside: cands.find(free) || null,
        zoom: map.getZoom() };
    });
    console.log(JSON.stringify({ url, errors, layers: shots, ...geo }));
  } finally {
    await browser.close();
    if (srv) srv.close();
  }
})().catch((e) => { console.error('tiles-view: ' + e.message); process.exit(1); });
