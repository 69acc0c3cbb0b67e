#!/usr/bin/env node
// maplibre-view.js: a TileJSON client, MapLibre GL JS (npm maplibre-gl) in
// headless Chromium (Debian's, through playwright-core; WebGL from
// SwiftShader), shown one tiles.json and nothing else: the map's only
// source is {type: 'raster', url: TILEJSON} over a black background, the
// view at tiles.json's centre, MapLibre zoom = its centre zoom - 1 (the
// scale as tiles.json's centre zoom - 1 for 256-pixel tiles, as MapLibre's
// zoom counts 512 pixels: the whole scene in the 800x600 view).
// The page is at SERVER/_a2/map.html (answered by the driver), MapLibre
// itself at SERVER/maplibre/ (the server's --mount maplibre=...dist).
// When the map is idle, the canvas is read back and each drawn pixel (not
// the background) set against the footprint projected to the screen
// (unwrapped to the side of the map's centre).  4 px of slack at the edge:
// with no tileSize in tiles.json MapLibre takes its raster tiles for 512
// pixels, so each tile pixel is drawn 2 px wide, linearly resampled.
// --leaflet: Leaflet instead (SERVER/leaflet/, --mount leaflet=...), a
// tile layer of tiles.json's first template, its scheme and bounds (the
// option Leaflet tests tiles against), at the same scale; only the zoom
// and view are reported (the tiles asked for are in the server's log).
//   node maplibre-view.js --server URL --tilejson URL --footprint FILE
//     [--zoom Z] [--leaflet] [--chromium PATH]
// Prints {zoom, center, view: [w, s, e, n], errors,
//   drawn: {pixels, inside, outside, area, coverage, west, east}}
// (west/east: drawn pixels either side of the antimeridian on screen).
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const server = opt('--server').replace(/\/$/, '');
const fp = JSON.parse(fs.readFileSync(opt('--footprint'), 'utf8'));
const geom = fp.geometry || fp;
const cfg = { tilejson: opt('--tilejson'), leaflet: args.includes('--leaflet'), zoom: opt('--zoom') == null ? null : +opt('--zoom'),
  polygons: geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates };
const exe = opt('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');

const page = `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/maplibre/maplibre-gl.css"><script src="/maplibre/maplibre-gl.js"></script>
${cfg.leaflet ? '<link rel="stylesheet" href="/leaflet/leaflet.css"><script src="/leaflet/leaflet.js"></script>' : ''}
<style>body{margin:0}#map{width:800px;height:600px}</style></head>
<body><div id="map"></div><script>
var CFG = ${JSON.stringify(cfg)};
window.errors = [];
fetch(CFG.tilejson).then(function (r) { return r.json(); }).then(function (tj) {
  if (CFG.leaflet) {
    var b = tj.bounds, lm = window.lmap = L.map('map', { fadeAnimation: false, zoomControl: false })
      .setView([tj.center[1], tj.center[0]], CFG.zoom != null ? CFG.zoom + 1 : tj.center[2] - 1);
    L.tileLayer(tj.tiles[0], { tms: tj.scheme === 'tms', bounds: [[b[1], b[0]], [b[3], b[2]]],
      maxNativeZoom: tj.maxzoom }).on('load', function () { window.idle = true; }).addTo(lm);
    return;
  }
  var map = window.a2map = new maplibregl.Map({
    container: 'map', attributionControl: false, interactive: false, fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true },
    center: [tj.center[0], tj.center[1]], zoom: CFG.zoom != null ? CFG.zoom : tj.center[2] - 2,
    style: { version: 8, sources: { a2: { type: 'raster', url: CFG.tilejson } },
      layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#000' } },
        { id: 'a2', type: 'raster', source: 'a2', paint: { 'raster-fade-duration': 0 } }] }
  });
  map.on('error', function (e) { window.errors.push('map error: ' + (e.error && e.error.message)); });
  map.once('idle', function () { window.idle = true; });
}).catch(function (e) { window.errors.push('tiles.json: ' + e.message); window.idle = true; });
</script></body></html>`;

(async () => {
  const errors = [];
  const browser = await chromium.launch({
    executablePath: exe, headless: true, timeout: 60000,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const pg = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    pg.on('pageerror', (e) => errors.push('page error: ' + e.message));
    pg.on('request', (r) => { if (!r.url().startsWith(server + '/') && !r.url().startsWith('blob:')) errors.push('outside request: ' + r.url()); });
    await pg.route(server + '/_a2/map.html', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: page }));
    await pg.goto(server + '/_a2/map.html', { waitUntil: 'load', timeout: 60000 });
    // 'idle' comes with a frame drawn when every tile is settled; a tile
    // that is not there (404) settles with no new frame, so a frame is
    // asked for whenever the map says it is loaded
    await pg.waitForFunction(() => window.idle === true ||
      void (window.a2map && window.a2map.loaded() && window.a2map.triggerRepaint()), null, { timeout: 60000, polling: 100 });
    const res = await pg.evaluate(() => {
      const map = window.a2map, W = 800, H = 600;
      if (window.lmap) {
        const b = window.lmap.getBounds();
        return { zoom: window.lmap.getZoom(), view: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
          errors: window.errors };
      }
      if (!map) return { errors: window.errors };
      const get = (draw) => {
        const cv = document.createElement('canvas');
        cv.width = W; cv.height = H;
        const g = cv.getContext('2d');
        draw(g);
        return g.getImageData(0, 0, W, H).data;
      };
      const shown = get((g) => g.drawImage(map.getCanvas(), 0, 0, W, H));
      // the footprint's rings on the screen, on the side of the centre
      const c = map.getCenter().lng;
      const rings = [];
      CFG.polygons.forEach((poly) => poly.forEach((ring) => rings.push(ring.map((p) => {
        const q = map.project([p[0] + 360 * Math.round((c - p[0]) / 360), p[1]]);
        return [q.x, q.y];
      }))));
      const path = (g) => {
        g.beginPath();
        rings.forEach((r) => { r.forEach((p, i) => (i ? g.lineTo(p[0], p[1]) : g.moveTo(p[0], p[1]))); g.closePath(); });
      };
      const area = get((g) => { path(g); g.fillStyle = '#fff'; g.fill('evenodd'); });
      const near = get((g) => { path(g); g.fillStyle = g.strokeStyle = '#fff'; g.fill('evenodd'); g.lineWidth = 8; g.stroke(); });
      const seam = map.project([180 + 360 * Math.round((c - 180) / 360), map.getCenter().lat]).x;
      let pixels = 0, inside = 0, outside = 0, inArea = 0, west = 0, east = 0;
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          const k = 4 * (y * W + x), drawn = shown[k] || shown[k + 1] || shown[k + 2];
          const a = area[k + 3] > 127;
          if (a) inArea++;
          if (!drawn) continue;
          pixels++;
          if (x + 0.5 < seam) west++; else east++;
          if (a) inside++;
          else if (!near[k + 3]) outside++;
        }
      const b = map.getBounds();
      return { zoom: map.getZoom(), center: [map.getCenter().lng, map.getCenter().lat],
        view: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], errors: window.errors,
        drawn: { pixels, inside, outside, area: inArea, coverage: inArea ? +(inside / inArea).toFixed(3) : 0, west, east } };
    });
    res.errors = errors.concat(res.errors || []);
    console.log(JSON.stringify(res));
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error('maplibre-view: ' + e.message); process.exit(1); });
