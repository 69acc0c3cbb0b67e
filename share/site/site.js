/* a2site: every product of the catalog (data.js) on a Leaflet map and in a
 * paged table, with filters applied to both.  Written for 10 000 products
 * and more: one canvas draws the footprints, the table shows a page at a
 * time, and filtering is one pass over plain arrays. */
(function () {
  'use strict';
  var site = window.A2_SITE || { features: [] };
  var feats = site.features || [];
  var PAGE = 100;
  /* the dataset types of ingest-jobs.md §5.4; any other gets the next spare */
  var COLOURS = { alos2_slc: '#f08c28', 'L1.5_geotiff': '#3c8ce6', 'L2.1_geotiff': '#32b45a',
    'L3.1_geotiff': '#b464dc' };
  var SPARE = ['#e6c832', '#e64b5a', '#3cc8c8', '#a0a0a0', '#8c6e46', '#e678c8'];
  var form = document.getElementById('filters');
  var tbody = document.querySelector('#table tbody');
  var state = { shown: [], page: 0, sel: -1, key: 'start_time', dir: -1 };
  var map, renderer, group, layers = [], legend;

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function prop(i) { return feats[i].properties || {}; }
  function pols(p) { return (p.polarisations || []).join(','); }
  function look(p) { return p.look_side === 'L' ? 'left' : p.look_side === 'R' ? 'right' : p.look_side || ''; }
  function colour(type) {
    if (!COLOURS[type]) COLOURS[type] = SPARE[Object.keys(COLOURS).length % SPARE.length];
    return COLOURS[type];
  }

  /* ---- filters ---- */
  /* Each select lists the values the catalog holds, with their counts. */
  var SELECTS = {
    type: function (p) { return [p.type]; },
    dataset: function (p) { return [p.dataset]; },
    level: function (p) { return [p.level]; },
    mode: function (p) { return [p.mode]; },
    pol: function (p) { return p.polarisations || []; },
    look: function (p) { return [look(p)]; },
    direction: function (p) { return [p.direction]; }
  };
  function fillSelects() {
    Object.keys(SELECTS).forEach(function (name) {
      var counts = {}, sel = form.elements[name];
      feats.forEach(function (f) {
        SELECTS[name](f.properties || {}).forEach(function (v) {
          if (v != null && v !== '') counts[v] = (counts[v] || 0) + 1;
        });
      });
      sel.appendChild(new Option('any', ''));
      Object.keys(counts).sort().forEach(function (v) {
        sel.appendChild(new Option(v + ' (' + counts[v] + ')', v));
      });
    });
  }
  /* "26", "20-30", "26, 27, 40-45" -> a test on an integer; null: any */
  function numbers(text) {
    var parts = text.split(',').map(function (s) { return s.trim(); }).filter(Boolean), r = [];
    if (!parts.length) return null;
    for (var k = 0; k < parts.length; k++) {
      var m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(parts[k]);
      if (!m) return false;
      r.push([+m[1], m[2] != null ? +m[2] : +m[1]]);
    }
    return function (n) {
      for (var j = 0; j < r.length; j++) if (n >= r[j][0] && n <= r[j][1]) return true;
      return false;
    };
  }
  function predicate() {
    var v = {}, tests = [];
    ['type', 'dataset', 'level', 'mode', 'pol', 'look', 'direction', 'path', 'frame', 'from',
      'to', 'id'].forEach(function (n) { v[n] = form.elements[n].value.trim(); });
    Object.keys(SELECTS).forEach(function (name) {
      if (v[name]) tests.push(function (p) { return SELECTS[name](p).indexOf(v[name]) >= 0; });
    });
    ['path', 'frame'].forEach(function (name) {
      var t = numbers(v[name]);
      form.elements[name].setCustomValidity(t === false ? 'numbers or ranges, e.g. 26, 20-30' : '');
      if (t) tests.push(function (p) { return p[name] != null && t(p[name]); });
    });
    /* a product is in the window when its acquisition overlaps it */
    if (v.from) tests.push(function (p) { return (p.end_time || '') >= v.from; });
    if (v.to) {
      var to = v.to + 'T23:59:59.999Z';
      tests.push(function (p) { return (p.start_time || '') <= to; });
    }
    if (v.id) {
      var needle = v.id.toUpperCase();
      tests.push(function (p) { return (p.id || '').toUpperCase().indexOf(needle) >= 0; });
    }
    return function (p) {
      for (var k = 0; k < tests.length; k++) if (!tests[k](p)) return false;
      return true;
    };
  }

  /* ---- map ---- */
  /* Rings crossing the antimeridian are drawn east of it, not across the
     world; so are the western parts of a footprint cut there (parts ending
     at 180 and at -180), which then meet its eastern ones at 180. */
  function ring(coords, cut) {
    var wrap = cut, k;
    for (k = 1; k < coords.length; k++)
      if (Math.abs(coords[k][0] - coords[k - 1][0]) > 180) wrap = true;
    return coords.map(function (c) {
      return [c[1], wrap && c[0] < 0 ? c[0] + 360 : c[0]];
    });
  }
  function latlngs(g) {
    var east = false, west = false;
    if (!g) return null;
    if (g.type === 'Polygon') return g.coordinates.map(function (r) { return ring(r, false); });
    if (g.type !== 'MultiPolygon') return null;
    g.coordinates.forEach(function (p) {
      p[0].forEach(function (c) { if (c[0] === 180) east = true; if (c[0] === -180) west = true; });
    });
    return g.coordinates.map(function (p) { return p.map(function (r) { return ring(r, east && west); }); });
  }
  function style(i, selected) {
    var c = colour(prop(i).type);
    return selected ? { color: '#ffe14d', weight: 3, fillColor: c, fillOpacity: 0.45 }
      : { color: c, weight: 2, fillColor: c, fillOpacity: 0.2 };
  }
  function graticule() {
    var lines = [];
    for (var lon = -180; lon <= 180; lon += 30) lines.push([[-85, lon], [85, lon]]);
    for (var lat = -60; lat <= 60; lat += 30) lines.push([[lat, -180], [lat, 180]]);
    L.polyline(lines, { renderer: renderer, color: '#ffffff', opacity: 0.15, weight: 1,
      interactive: false }).addTo(map);
  }
  function makeMap() {
    map = L.map('map', { worldCopyJump: true, minZoom: 1, zoomSnap: 0.25 });
    renderer = L.canvas({ padding: 0.3, tolerance: 2 });
    graticule();
    group = L.featureGroup().addTo(map);
    feats.forEach(function (f, i) {
      var ll = latlngs(f.geometry), lyr = null;
      if (ll) {
        lyr = L.polygon(ll, L.extend({ renderer: renderer }, style(i, false)));
        lyr.a2id = f.id;
        lyr.on('click', function () { select(i, false); });
        lyr.bindTooltip(function () { return f.id; }, { sticky: true });
      }
      layers.push(lyr);
    });
    legend = L.control({ position: 'bottomright' });
    legend.onAdd = function () { return el('div', null, 'a2-legend'); };
    legend.addTo(map);
  }
  function fit(indexes) {
    var b = L.latLngBounds([]);
    indexes.forEach(function (i) { if (layers[i]) b.extend(layers[i].getBounds()); });
    if (b.isValid()) map.fitBounds(b, { padding: [20, 20], maxZoom: 10 });
    else map.setView([0, 0], 2);
  }
  function drawLegend() {
    var counts = {}, box = legend.getContainer();
    state.shown.forEach(function (i) { var t = prop(i).type; counts[t] = (counts[t] || 0) + 1; });
    box.textContent = '';
    Object.keys(counts).sort().forEach(function (t) {
      var row = el('div'), sw = el('span', null, 'sw');
      sw.style.background = colour(t);
      row.appendChild(sw);
      row.appendChild(document.createTextNode(t + ' (' + counts[t] + ')'));
      box.appendChild(row);
    });
  }

  /* ---- table ---- */
  function sortShown() {
    var key = state.key, dir = state.dir;
    state.shown.sort(function (a, b) {
      var x = key === 'pols' ? pols(prop(a)) : prop(a)[key], y = key === 'pols' ? pols(prop(b)) : prop(b)[key];
      if (x == null) x = '';
      if (y == null) y = '';
      return (x < y ? -1 : x > y ? 1 : a - b) * dir;
    });
  }
  function drawTable() {
    var n = state.shown.length, pages = Math.max(1, Math.ceil(n / PAGE)), frag = document.createDocumentFragment();
    state.page = Math.min(state.page, pages - 1);
    state.shown.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (i) {
      var p = prop(i), tr = el('tr'), td = el('td'), sw = el('span', null, 'sw');
      tr.dataset.i = i;
      tr.dataset.id = feats[i].id;
      if (i === state.sel) tr.className = 'sel';
      td.textContent = (p.start_time || '').replace('T', ' ').replace(/\.\d+Z$/, '');
      tr.appendChild(td);
      [p.id, p.type, p.level, p.mode, pols(p), look(p), p.direction, p.path, p.frame, p.orbit]
        .forEach(function (v) { tr.appendChild(el('td', v == null ? '' : String(v))); });
      sw.style.background = colour(p.type);
      tr.children[2].insertBefore(sw, tr.children[2].firstChild);
      frag.appendChild(tr);
    });
    tbody.textContent = '';
    tbody.appendChild(frag);
    $('page').textContent = n ? 'rows ' + (state.page * PAGE + 1) + '-' + Math.min(n, (state.page + 1) * PAGE) +
      ' of ' + n + ' (page ' + (state.page + 1) + ' of ' + pages + ')' : 'no products';
    $('prev').disabled = state.page === 0;
    $('next').disabled = state.page >= pages - 1;
    document.querySelectorAll('#table th').forEach(function (th) {
      th.className = th.dataset.key === state.key ? (state.dir > 0 ? 'asc' : 'desc') : '';
    });
  }

  /* ---- details ---- */
  function select(i, zoom) {
    var old = state.sel, p, f, base, meta, links, pos;
    if (old >= 0 && layers[old]) layers[old].setStyle(style(old, false));
    state.sel = i;
    f = feats[i];
    p = f.properties || {};
    if (layers[i]) {
      layers[i].setStyle(style(i, true));
      layers[i].bringToFront();
      if (zoom) map.fitBounds(layers[i].getBounds(), { padding: [40, 40], maxZoom: 11, animate: false });
    }
    /* the page of the table that holds it */
    pos = state.shown.indexOf(i);
    if (pos >= 0) state.page = Math.floor(pos / PAGE);
    drawTable();
    var row = tbody.querySelector('tr.sel');
    if (row && !zoom) row.scrollIntoView({ block: 'nearest' });

    $('details').hidden = false;
    $('d-id').textContent = f.id;
    base = p.href != null ? p.href + '/' : null;
    var files = p.files || {};
    if (base && files.thumb) {
      $('d-thumb').src = base + files.thumb;
      $('d-thumb').hidden = false;
      if (files.browse) $('d-browse').href = base + files.browse;
      else $('d-browse').removeAttribute('href');
    } else {
      $('d-thumb').hidden = true;
      $('d-thumb').removeAttribute('src');
      $('d-browse').removeAttribute('href');
    }
    meta = $('d-meta');
    meta.textContent = '';
    [['Type', p.type], ['Dataset', p.dataset], ['Version', p.version], ['Level', p.level],
      ['Mode', p.mode], ['Polarisations', pols(p)], ['Look side', look(p)],
      ['Orbit direction', p.direction], ['Orbit', p.orbit], ['Path', p.path], ['Frame', p.frame],
      ['Start', p.start_time], ['End', p.end_time], ['Published', p.publish]]
      .forEach(function (kv) {
        if (kv[1] == null || kv[1] === '') return;
        meta.appendChild(el('dt', kv[0]));
        meta.appendChild(el('dd', String(kv[1])));
      });
    links = $('d-links');
    links.textContent = '';
    if (base) {
      [['tiles', 'Map viewer (tiles)'], ['met', 'met.json'], ['stac', 'STAC Item'],
        ['dataset', 'dataset.json'], ['zip', 'Product zip'], ['browse', 'Browse image']]
        .forEach(function (kv) {
          if (!files[kv[0]]) return;
          var li = el('li'), a = el('a', kv[1]);
          a.href = base + files[kv[0]];
          a.className = 'link-' + kv[0];
          li.appendChild(a);
          links.appendChild(li);
        });
    } else {
      links.appendChild(el('li', 'product directory missing'));
    }
  }

  /* ---- putting it together ---- */
  function apply() {
    var keep = predicate();
    state.shown = [];
    for (var i = 0; i < feats.length; i++) if (keep(feats[i].properties || {})) state.shown.push(i);
    sortShown();
    state.page = 0;
    /* re-adding only what is shown keeps the canvas and hit tests to it */
    group.clearLayers();
    state.shown.forEach(function (k) { if (layers[k]) group.addLayer(layers[k]); });
    if (state.sel >= 0 && layers[state.sel] && group.hasLayer(layers[state.sel]))
      layers[state.sel].bringToFront();
    $('count').textContent = (state.shown.length === feats.length ? '' : state.shown.length + ' of ') +
      feats.length + (feats.length === 1 ? ' product' : ' products');
    drawLegend();
    drawTable();
    return state.shown.length;
  }

  function init() {
    var t0 = performance.now();
    if (site.title) {
      document.title = site.title;
      $('title').textContent = site.title;
    }
    fillSelects();
    makeMap();
    apply();
    fit(state.shown);
    form.addEventListener('input', apply);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    /* a reset changes the fields after the event */
    form.addEventListener('reset', function () { setTimeout(apply, 0); });
    $('zoom').addEventListener('click', function () { fit(state.shown); });
    $('prev').addEventListener('click', function () { state.page--; drawTable(); });
    $('next').addEventListener('click', function () { state.page++; drawTable(); });
    tbody.addEventListener('click', function (e) {
      var tr = e.target.closest('tr');
      if (tr) select(+tr.dataset.i, true);
    });
    document.querySelectorAll('#table th').forEach(function (th) {
      th.addEventListener('click', function () {
        state.dir = state.key === th.dataset.key ? -state.dir : 1;
        state.key = th.dataset.key;
        sortShown();
        drawTable();
      });
    });
    window.a2site = { map: map, apply: apply, select: select, layers: layers, features: feats,
      shown: function () { return state.shown.map(function (i) { return feats[i].id; }); } };
    /* ready once the canvas has drawn */
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        window.a2timing = { init: performance.now() - t0, ready: performance.now() };
        window.a2ready = true;
      });
    });
  }
  init();
})();
