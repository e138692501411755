// The Topology page's graph: Cytoscape with a layered layout, loaded by Blazor as an isolated ES module
// and disposed with its component. Data updates keep node positions and touch only the elements that
// changed; only a change in the set of nodes or edges lays the graph out again. Large graphs are laid
// out in a Web Worker and painted progressively (nodes first, edges over the next frames), so the page
// never stalls; labels are drawn only at zoom levels where they are readable.
import cytoscape from './lib/cytoscape.esm.min.mjs';
import { toElements, shapeKey, layoutInput, changedElements, styles, lookAt } from './topology-model.js';
import { layeredLayout, provisionalLayout } from './topology-layout.js';

/**
 * Graphs with more elements than this get the fast layered layout (topology-layout.js), a provisional
 * paint when it takes a moment, and are painted over several frames; smaller ones get dagre, as always.
 * Both run in the worker.
 */
const LARGE = 400;
/**
 * How much work one frame may take (ours plus Cytoscape's restyling and drawing), so that no task holds
 * the main thread long: the elements added or updated per frame adapt to what the last frame took.
 */
const FRAME_BUDGET_MS = 40;
/** How long a first paint waits for the worker's layout before showing provisional positions. */
const PROVISIONAL_AFTER_MS = 120;
const PADDING = 30;

/** Dark when the page background is dark (MudBlazor's theme sets it), so labels stay readable. */
function pageIsDark() {
  const m = getComputedStyle(document.body).backgroundColor.match(/\d+/g);
  return !!m && (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) < 100;
}

const nextFrame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * A number of elements per frame that adapts: after each frame, scaled by how the frame's time compared
 * with the budget (the restyling and drawing of what changed happen in Cytoscape's next frame, so a frame
 * is timed from our work to just after it).
 */
function frameSizer(initial) {
  let size = initial;
  return {
    get size() { return size; },
    async frameDone(started) {
      await nextFrame();
      const took = performance.now() - started;
      size = Math.max(50, Math.min(2000, Math.round(size * Math.min(2, Math.max(0.25, FRAME_BUDGET_MS / Math.max(1, took))))));
    },
  };
}
const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Lays graphs out in a module worker, one request at a time: a request made while another runs waits,
 * and a newer one replaces it (its caller gets null). Without a worker (it failed to start or to load)
 * the layout runs here.
 */
function layoutWorker() {
  let worker = null;
  let running = null; // { graph, engine, resolve }
  let queued = null;
  let lastFromWorker = false;
  const inline = async (graph, engine) => {
    if (engine === 'dagre') {
      try {
        return (await import('./topology-dagre.js')).dagreLayout(graph).positions;
      } catch {
        // Dagre did not load: the layered layout still reads left to right.
      }
    }
    return layeredLayout(graph).positions;
  };
  const start = request => {
    running = request;
    worker.postMessage({ graph: request.graph, engine: request.engine });
  };
  try {
    worker = new Worker(new URL('./topology-layout-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = event => {
      const done = running;
      running = null;
      if (queued) { const next = queued; queued = null; start(next); }
      lastFromWorker = !event.data.error;
      done?.resolve(event.data.error ? inline(done.graph, done.engine) : event.data.positions);
    };
    worker.onerror = event => {
      event.preventDefault();
      worker.terminate();
      worker = null;
      lastFromWorker = false;
      for (const request of [running, queued]) request?.resolve(inline(request.graph, request.engine));
      running = queued = null;
    };
  } catch {
    worker = null;
  }
  return {
    /** Whether the last layout was computed in the worker. */
    get inWorker() { return lastFromWorker; },
    run(graph, engine) {
      if (!worker) return inline(graph, engine);
      return new Promise(resolve => {
        const request = { graph, engine, resolve };
        if (!running) { start(request); return; }
        queued?.resolve(null);
        queued = request;
      });
    },
    dispose() {
      worker?.terminate();
      worker = null;
      running?.resolve(null);
      queued?.resolve(null);
      running = queued = null;
    },
  };
}

/** The viewport that shows every node, from positions and node sizes (no label measuring, unlike cy.fit). */
function fitted(cy, positions, sizes) {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [id, p] of Object.entries(positions)) {
    const { width, height } = sizes.get(id);
    x1 = Math.min(x1, p.x - width / 2); x2 = Math.max(x2, p.x + width / 2);
    y1 = Math.min(y1, p.y - height / 2); y2 = Math.max(y2, p.y + height / 2 + 30); // the label under the node
  }
  if (!Number.isFinite(x1)) return null;
  const [w, h] = [Math.max(1, cy.width() - 2 * PADDING), Math.max(1, cy.height() - 2 * PADDING)];
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), Math.min(w / Math.max(1, x2 - x1), h / Math.max(1, y2 - y1))));
  return { zoom, pan: { x: cy.width() / 2 - zoom * (x1 + x2) / 2, y: cy.height() / 2 - zoom * (y1 + y2) / 2 } };
}

export function create(container, dotnet) {
  const dark = pageIsDark();
  let look = lookAt(false, 1);
  const cy = cytoscape({
    container, elements: [], style: styles(dark, look), wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 3,
    // Pan and zoom move a cached picture of the graph instead of redrawing every element each frame.
    textureOnViewport: true,
  });
  const layouts = layoutWorker();
  // Positions per set of nodes and edges: moving the time slider back and forth across a change of
  // shape finds the layout it had, without computing it again.
  const positionsByShape = new Map();
  let shape = null; // the set of nodes and edges the graph holds, or is being built to hold
  let shown = new Map(); // id → the element as last set (data and classes), including ones not drawn yet
  const unapplied = new Set(); // ids whose element in the graph is behind `shown`
  let applying = false; // whether `unapplied` is being applied, frame by frame
  let applied = Promise.resolve(); // done when it is
  const updatesPerFrame = frameSizer(250);
  let generation = 0; // a new shape starts a new generation; older work stops
  let settled = true;
  let layoutCount = 0;
  let lastLayoutMs = null;

  /** Level of detail: the look changes only where the graph's size or the zoom crosses a threshold. */
  function restyle(large) {
    const next = lookAt(large, cy.zoom());
    if (next.large === look.large && next.nodeLabels === look.nodeLabels && next.edgeLabels === look.edgeLabels) return;
    look = next;
    cy.style(styles(dark, look));
  }
  cy.on('zoom', () => restyle(look.large));

  cy.on('tap', 'node', e => dotnet.invokeMethodAsync('OnSelected', e.target.id(), 'node'));
  cy.on('tap', 'edge', e => dotnet.invokeMethodAsync('OnSelected', e.target.data('edgeId'), 'edge'));
  cy.on('tap', e => { if (e.target === cy) dotnet.invokeMethodAsync('OnSelected', null, null); });

  /** Brings the graph's elements up to `shown`, a frame's worth at a time, so no update is one long task. */
  function apply() {
    if (!applying) {
      applying = true;
      applied = applyAll();
    }
    return applied;
  }
  async function applyAll() {
    try {
      while (unapplied.size > 0) {
        const started = performance.now();
        const slice = [];
        for (const id of unapplied) {
          slice.push(id);
          if (slice.length === updatesPerFrame.size) break;
        }
        cy.batch(() => {
          for (const id of slice) {
            unapplied.delete(id);
            const el = shown.get(id);
            const existing = el && cy.getElementById(id);
            if (existing?.nonempty()) {
              existing.data(el.data);
              existing.classes(el.classes);
            }
          }
        });
        if (unapplied.size > 0) await updatesPerFrame.frameDone(started);
      }
    } finally {
      applying = false;
    }
  }

  /** Same nodes and edges: only what changed is touched, positions stay. */
  function update(elements) {
    for (const el of changedElements(id => shown.get(id), elements)) {
      shown.set(el.data.id, el);
      unapplied.add(el.data.id);
    }
    return apply();
  }

  /** A new set of nodes and edges: lay it out (in the worker when large) and paint it, large ones progressively. */
  async function rebuild(elements, key) {
    const gen = ++generation;
    shape = key;
    shown = new Map([...elements.nodes, ...elements.edges].map(el => [el.data.id, el]));
    unapplied.clear();
    settled = false;
    const started = performance.now();
    const input = layoutInput(elements);
    const sizes = new Map(input.nodes.map(n => [n.id, n]));
    const isLarge = elements.nodes.length + elements.edges.length > LARGE;
    const known = positionsByShape.get(key);
    const layout = known ? Promise.resolve(known) : layouts.run(input, isLarge ? 'layered' : 'dagre');
    // A first paint waits briefly for the real layout, then shows provisional columns rather than nothing.
    let positions = isLarge ? await Promise.race([layout, delay(PROVISIONAL_AFTER_MS).then(() => undefined)]) : await layout;
    if (gen !== generation || positions === null) return null;
    const final = positions !== undefined;
    positions ??= provisionalLayout(input).positions;

    const current = el => el.group === 'nodes' ? { ...shown.get(el.data.id), position: { ...positions[el.data.id] } } : shown.get(el.data.id);
    cy.elements().remove();
    cy.viewport(fitted(cy, positions, sizes) ?? { zoom: 1, pan: { x: 0, y: 0 } });
    restyle(isLarge); // before the elements arrive, so they are styled once
    // A large graph shows its nodes first and gets its edges in the next frame; a small one in one go.
    const steps = isLarge ? [elements.nodes, elements.edges] : [[...elements.nodes, ...elements.edges]];
    for (const [i, step] of steps.entries()) {
      if (i > 0) {
        await nextFrame();
        if (gen !== generation) return null;
      }
      cy.add(step.map(current));
    }

    if (!final) {
      positions = await layout;
      if (gen !== generation || positions === null) return null;
      cy.batch(() => cy.nodes().positions(n => positions[n.id()]));
      cy.viewport(fitted(cy, positions, sizes));
    }
    positionsByShape.set(key, positions);
    if (positionsByShape.size > 16) positionsByShape.delete(positionsByShape.keys().next().value);
    lastLayoutMs = performance.now() - started;
    layoutCount++;
    settled = true;
    return lastLayoutMs;
  }

  const handle = {
    /** Resolves once the graph shows this data, laid out. */
    async setData(topology) {
      const elements = toElements(topology);
      const counts = { nodes: elements.nodes.length, edges: elements.edges.length };
      const key = shapeKey(elements);
      if (key === shape) {
        await update(elements);
        return { laidOut: false, ...counts };
      }
      const layoutMs = await rebuild(elements, key);
      return layoutMs === null ? { laidOut: false, superseded: true, ...counts } : { laidOut: true, ...counts, layoutMs };
    },
    fit() { cy.animate({ fit: { padding: PADDING } }, { duration: 200 }); },
    zoom(factor) { cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }); },
    find(text) {
      cy.elements().removeClass('found');
      const q = (text || '').trim().toLowerCase();
      if (!q) return null;
      const hit = cy.nodes().filter(n => n.data('label').toLowerCase().includes(q) || n.id().toLowerCase().includes(q)).first();
      if (hit.empty()) return null;
      hit.addClass('found');
      cy.animate({ center: { eles: hit }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 });
      return hit.id();
    },
    select(id) {
      cy.elements().unselect();
      if (id) cy.getElementById(id).select();
    },
    stats() {
      return {
        nodes: cy.nodes().length, edges: cy.edges().length, settled, layouts: layoutCount, lastLayoutMs, worker: layouts.inWorker,
        positions: cy.nodes().map(n => ({ id: n.id(), ...n.position() })),
      };
    },
    dispose() {
      generation++;
      unapplied.clear();
      layouts.dispose();
      if (window.__topology?.cy === cy) delete window.__topology;
      cy.destroy();
    },
  };

  // A small hook for browser tests and the bench: read the graph, tap a node by its label. Its functions
  // return plain values or nothing, never a Cytoscape object: a Playwright evaluate serialises what it gets
  // back, and a collection reaches the whole graph, its renderer and the DOM, which held the main thread so
  // long that Blazor's circuit timed out.
  const byLabel = label => cy.nodes().filter(n => n.data('label').split('\n')[0] === label).first();
  window.__topology = {
    cy,
    stats: handle.stats,
    classesOf: label => byLabel(label).classes().join(' '),
    tapNode: label => { byLabel(label).emit('tap'); },
    // The drawn trace: the labels of the nodes joined by carried and by stopped links, and of the break.
    drawnTrace: () => {
      const ends = sel => cy.edges(sel).map(e => [e.source(), e.target()].map(n => n.data('label').split('\n')[0]).join(' – '));
      return { carried: ends('.trace-path'), stopped: ends('.trace-stopped'), breakAt: cy.nodes('.trace-break').map(n => n.data('label').split('\n')[0]) };
    },
  };
  return handle;
}
