// The Topology page's graph: Cytoscape with a layered layout, loaded by Blazor as an isolated ES module
// and disposed with its component. Data updates keep node positions and touch only the elements that
// changed, a frame's worth at a time; a change in the set of nodes or edges touches only the elements that
// came or went, and lays the graph out again only when a node appears whose place is not known. Data is
// applied one call at a time, the newest winning: a call that arrives while another runs waits, and takes
// over from it at its next safe point (after a layout, between update frames). Large graphs are laid out in a
// Web Worker, their edges drawn by the edge layer (topology-edges.js) rather than as Cytoscape elements, their
// nodes added a bounded number per frame; labels are drawn only at zoom levels where they are readable.
import cytoscape from './lib/cytoscape.esm.min.mjs';
import { toElements, shapeKey, layoutInput, changedElements, styles, lookAt } from './topology-model.js';
import { layeredLayout } from './topology-layout.js';
import { createEdgeLayer } from './topology-edges.js';

/**
 * Graphs with more elements than this get the fast layered layout (topology-layout.js) and the edge layer;
 * smaller ones get dagre and Cytoscape edges (curved, labelled, styled by the stylesheet), as always.
 */
const LARGE = 400;
/** Nodes added to Cytoscape per frame when a graph is first drawn: a huge estate paints progressively. */
const NODES_PER_FRAME = 1000;
/**
 * How much work one frame may take (ours plus Cytoscape's restyling and drawing of what changed), so that no task holds
 * the main thread long: the elements updated per frame adapt to what the last frame took. Restyling and redrawing a
 * node costs about a tenth of a millisecond, more before the browser has compiled that code: 500 nodes changing at
 * once would be one task of 100-200 ms.
 */
const FRAME_BUDGET_MS = 30;
/**
 * Below this many elements the layered layout takes a few tens of milliseconds; while the worker is still starting
 * (its first request waits for it to load) such a graph is laid out here rather than waiting for it.
 */
const INLINE_LAYOUT_LIMIT = 4000;
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

/**
 * Lays graphs out in a module worker, one request at a time: a request made while another runs waits,
 * and a newer one replaces it (its caller gets null). Without a worker (it failed to start or to load)
 * the layout runs here. The worker loads its module as soon as it is created (a warm-up request), and
 * says it is ready once it has answered.
 */
function layoutWorker() {
  let worker = null;
  let ready = false;
  let nextId = 1;
  let running = null; // { id, graph, engine, resolve }
  let queued = null;
  let lastFromWorker = false;
  const inline = async (graph, engine) => {
    lastFromWorker = false;
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
    worker.postMessage({ id: request.id, graph: request.graph, engine: request.engine });
  };
  try {
    worker = new Worker(new URL('./topology-layout-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = event => {
      ready = true;
      if (event.data.id !== running?.id) return; // the warm-up (id 0), or an answer nobody waits for any more
      const done = running;
      running = null;
      if (queued) { const next = queued; queued = null; start(next); }
      if (!done) return;
      lastFromWorker = !event.data.error;
      done.resolve(event.data.error ? inline(done.graph, done.engine) : event.data.positions);
    };
    worker.onerror = event => {
      event.preventDefault();
      worker.terminate();
      worker = null;
      for (const request of [running, queued]) request?.resolve(inline(request.graph, request.engine));
      running = queued = null;
    };
    worker.postMessage({ id: 0, graph: { nodes: [], edges: [] }, engine: 'layered' });
  } catch {
    worker = null;
  }
  return {
    /** Whether the last layout was computed in the worker. */
    get inWorker() { return lastFromWorker; },
    /** Whether the worker has loaded (a request may still have to wait for the one it runs). */
    get loaded() { return worker !== null && ready; },
    run(graph, engine) {
      if (!worker) return inline(graph, engine);
      return new Promise(resolve => {
        const request = { id: nextId++, graph, engine, resolve };
        if (!running) { start(request); return; }
        queued?.resolve(null);
        queued = request;
      });
    },
    /** Lays a graph out here, now: the worker is still loading and the graph is small enough not to wait for it. */
    runHere: graph => inline(graph, 'layered'),
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
    const size = sizes.get(id);
    if (!size) continue;
    x1 = Math.min(x1, p.x - size.width / 2); x2 = Math.max(x2, p.x + size.width / 2);
    y1 = Math.min(y1, p.y - size.height / 2); y2 = Math.max(y2, p.y + size.height / 2 + 30); // the label under the node
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
  // Cytoscape's layered texture cache renders every element into its layers synchronously on its very first use, and
  // lazily, over idle frames, ever after. Spent on an empty graph, that first use no longer holds up the first paint of a
  // large one (the fields are those of the pinned Cytoscape 3.34; on another version this does nothing).
  const layerCache = cy.renderer()?.data?.lyrTxrCache;
  if (layerCache && 'firstGet' in layerCache) layerCache.firstGet = false;

  const layouts = layoutWorker();
  let edgeLayer = null; // draws the edges of a large graph
  // Positions per set of nodes and edges: moving the time slider back and forth across a change of
  // shape finds the layout it had, without computing it again.
  const positionsByShape = new Map();
  // What the graph shows: changed only after any awaited layout, so a call that takes over finds the graph as drawn.
  let shape = null; // the set of nodes and edges the graph holds
  let shown = new Map(); // id → the element as applied (data and classes)
  let large = false;
  let latest = 0; // the newest setData call; an older one stops at its next safe point
  let queue = Promise.resolve(); // setData calls, one at a time
  let disposed = false;
  const updatesPerFrame = frameSizer(50);
  let settled = true;
  let layoutCount = 0;
  let lastLayoutMs = null;

  /** Level of detail: the look changes only where the graph's size or the zoom crosses a threshold. */
  function restyle(isLarge) {
    const next = lookAt(isLarge, cy.zoom());
    if (next.large === look.large && next.nodeLabels === look.nodeLabels && next.edgeLabels === look.edgeLabels) return;
    look = next;
    cy.style(styles(dark, look));
  }
  cy.on('zoom', () => restyle(look.large));

  cy.on('tap', 'node', e => {
    edgeLayer?.select(null);
    dotnet.invokeMethodAsync('OnSelected', e.target.id(), 'node');
  });
  cy.on('tap', 'edge', e => dotnet.invokeMethodAsync('OnSelected', e.target.data('edgeId'), 'edge'));
  cy.on('tap', e => {
    if (e.target !== cy) return;
    // On a large graph the edges are not Cytoscape's: a tap on the background may be a tap on one of them.
    const edge = edgeLayer?.hit(e.position);
    if (edge) {
      select(edge.id);
      dotnet.invokeMethodAsync('OnSelected', edge.edgeId, 'edge');
    } else {
      select(null);
      dotnet.invokeMethodAsync('OnSelected', null, null);
    }
  });

  /** Marks a node or an edge selected: by element id, or by the edge's own id as the page knows it (elements are `e:<id>`). */
  function select(id) {
    cy.elements().unselect();
    const edgeElement = id && !id.startsWith('e:') ? `e:${id}` : id;
    if (edgeLayer?.select(edgeElement)) return; // an id the layer does not hold clears its selection
    if (!id) return;
    const hit = cy.getElementById(id);
    (hit.nonempty() ? hit : cy.getElementById(edgeElement)).select();
  }

  const sizesOf = input => new Map(input.nodes.map(n => [n.id, n]));

  /** Where the nodes go: a layout known for this shape, or one computed (in the worker, or here while it starts). */
  async function positionsFor(elements, key, isLarge) {
    const known = positionsByShape.get(key);
    if (known) {
      remember(key, known); // most recently used
      return { positions: known, computed: false };
    }
    const input = layoutInput(elements);
    const engine = isLarge ? 'layered' : 'dagre';
    const here = isLarge && !layouts.loaded && input.nodes.length + input.edges.length <= INLINE_LAYOUT_LIMIT;
    const positions = await (here ? layouts.runHere(input) : layouts.run(input, engine));
    return { positions, computed: true };
  }

  function remember(key, positions) {
    positionsByShape.delete(key);
    positionsByShape.set(key, positions);
    if (positionsByShape.size > 16) positionsByShape.delete(positionsByShape.keys().next().value);
  }

  /** Whether a newer setData call waits (or the graph is gone): the running one stops at its next safe point. */
  const superseded = ticket => ticket !== latest || disposed;

  /**
   * Same nodes and edges: only what changed is touched, positions stay; a large graph's edges (cheap: the edge layer)
   * at once, its nodes a frame's worth at a time. False when a newer call took over before the end: `shown` holds what
   * was applied, so the newer call compares with what the graph shows and applies the rest.
   */
  async function update(elements, ticket) {
    const changed = changedElements(id => shown.get(id), elements);
    const now = edgeLayer ? changed.filter(el => el.group === 'edges') : [];
    const later = edgeLayer ? changed.filter(el => el.group !== 'edges') : changed;
    if (now.length > 0) apply(now);
    for (let start = 0; start < later.length;) {
      const begun = performance.now();
      const slice = later.slice(start, start + updatesPerFrame.size);
      apply(slice);
      start += slice.length;
      if (start < later.length) {
        await updatesPerFrame.frameDone(begun);
        if (superseded(ticket)) return false;
      }
    }
    return true;
  }

  /** Brings the given elements' data and classes up to date, nodes in Cytoscape, a large graph's edges in the edge layer. */
  function apply(elements) {
    const layerEdges = [];
    cy.batch(() => {
      for (const el of elements) {
        shown.set(el.data.id, el);
        if (edgeLayer && el.group === 'edges') { layerEdges.push(el); continue; }
        const existing = cy.getElementById(el.data.id);
        if (existing.nonempty()) {
          existing.data(el.data);
          existing.classes(el.classes);
        }
      }
    });
    if (layerEdges.length > 0) edgeLayer.update(layerEdges);
  }

  /** A first graph, or one of another size class: laid out and drawn from scratch. */
  async function rebuild(elements, key, ticket) {
    const started = performance.now();
    const isLarge = elements.nodes.length + elements.edges.length > LARGE;
    const { positions } = await positionsFor(elements, key, isLarge);
    if (superseded(ticket) || positions === null) return null;

    // From here the graph changes, and this call finishes what it starts (a newer one waits).
    settled = false;
    shape = key;
    shown = new Map([...elements.nodes, ...elements.edges].map(el => [el.data.id, el]));
    large = isLarge;
    edgeLayer?.dispose();
    edgeLayer = null;
    cy.elements().remove();
    cy.viewport(fitted(cy, positions, sizesOf(layoutInput(elements))) ?? { zoom: 1, pan: { x: 0, y: 0 } });
    restyle(isLarge); // before the elements arrive, so they are styled once
    const placed = el => ({ ...el, position: { ...positions[el.data.id] } });
    if (isLarge) {
      edgeLayer = createEdgeLayer(container, cy, { dark });
      edgeLayer.set(elements.edges);
      // Progressive: a huge estate gets its nodes a bounded number per frame; its edges appear as their nodes do.
      for (let start = 0; start < elements.nodes.length; start += NODES_PER_FRAME) {
        if (start > 0) {
          await nextFrame();
          if (disposed) return null;
        }
        cy.add(elements.nodes.slice(start, start + NODES_PER_FRAME).map(placed));
      }
    } else {
      cy.add([...elements.nodes.map(placed), ...elements.edges]);
    }
    remember(key, positions);
    settled = true;
    return finish(started);
  }

  /**
   * The set of nodes or edges changed (a resource came or went): only those elements are removed or added. Nodes that
   * stay keep their place; a new node takes its place from the layout known for this shape or, if none is, from a new
   * layout, which then places every node.
   */
  async function reshape(elements, key, ticket) {
    const started = performance.now();
    const next = new Set([...elements.nodes, ...elements.edges].map(el => el.data.id));
    const newNodes = elements.nodes.filter(n => !shown.has(n.data.id));
    let positions = null;
    if (newNodes.length > 0) {
      ({ positions } = await positionsFor(elements, key, large));
      if (superseded(ticket) || positions === null) return null;
    }

    settled = false;
    shape = key;
    const gone = [...shown.keys()].filter(id => !next.has(id));
    const added = [...elements.nodes, ...elements.edges].filter(el => !shown.has(el.data.id));
    for (const id of gone) shown.delete(id);
    for (const el of added) shown.set(el.data.id, el);
    cy.batch(() => {
      cy.remove(cy.collection(gone.map(id => cy.getElementById(id)).filter(e => e.nonempty())));
      const addNodes = added.filter(el => el.group === 'nodes').map(el => ({ ...el, position: { ...positions[el.data.id] } }));
      cy.add(edgeLayer ? addNodes : [...addNodes, ...added.filter(el => el.group === 'edges')]);
      if (positions) {
        // Only the nodes the new layout moves: one that stays put is not touched (nor are its edges).
        cy.nodes().forEach(n => {
          const p = positions[n.id()], now = n.position();
          if (p && (p.x !== now.x || p.y !== now.y)) n.position({ ...p });
        });
      }
    });
    // The layer's edges as they were applied: an edge that stayed keeps its last applied look until the update below.
    if (edgeLayer) edgeLayer.set(elements.edges.map(el => shown.get(el.data.id)));
    // What the graph shows now is this shape's layout (a node that went leaves the others where they were).
    remember(key, positions ?? Object.fromEntries(cy.nodes().map(n => [n.id(), { ...n.position() }])));
    const layoutMs = finish(started);
    // The elements that stayed may have changed too: applied as any update is, a frame's worth at a time.
    await update(elements, ticket);
    settled = true;
    return layoutMs;
  }

  function finish(started) {
    lastLayoutMs = performance.now() - started;
    layoutCount++;
    return lastLayoutMs;
  }

  /** Applies one setData call, its turn come. */
  async function show(topology, ticket) {
    if (superseded(ticket)) return { laidOut: false, superseded: true }; // a newer call waits behind this one
    const elements = toElements(topology);
    const counts = { nodes: elements.nodes.length, edges: elements.edges.length };
    const key = shapeKey(elements);
    if (key === shape) {
      const done = await update(elements, ticket);
      return done ? { laidOut: false, ...counts } : { laidOut: false, superseded: true, ...counts };
    }
    const isLarge = elements.nodes.length + elements.edges.length > LARGE;
    const layoutMs = shape !== null && isLarge === large && cy.nodes().nonempty()
      ? await reshape(elements, key, ticket)
      : await rebuild(elements, key, ticket);
    return layoutMs === null ? { laidOut: false, superseded: true, ...counts } : { laidOut: true, ...counts, layoutMs };
  }

  const handle = {
    /**
     * Resolves once the graph shows this data, laid out (or, when newer data came meanwhile, once it gave way to it:
     * `superseded`). One call at a time; the newest wins.
     */
    setData(topology) {
      const ticket = ++latest;
      const run = queue.then(() => show(topology, ticket));
      queue = run.catch(() => {});
      return run;
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
    select,
    stats() {
      return {
        nodes: cy.nodes().length, edges: edgeLayer ? edgeLayer.count : cy.edges().length, edgeLayer: edgeLayer !== null, settled,
        selectedEdge: edgeLayer ? edgeLayer.selected : (cy.edges(':selected').first().id() ?? null),
        layouts: layoutCount, lastLayoutMs, worker: layouts.inWorker,
        // By id: a node that went and came back is last in Cytoscape's own order.
        positions: cy.nodes().map(n => ({ id: n.id(), ...n.position() })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      };
    },
    dispose() {
      disposed = true;
      layouts.dispose();
      edgeLayer?.dispose();
      if (window.__topology?.cy === cy) delete window.__topology;
      cy.destroy();
    },
  };

  // A small hook for browser tests and the bench: read the graph, tap a node by its label. Its functions
  // return plain values or nothing, never a Cytoscape object: a Playwright evaluate serialises what it gets
  // back, and a collection reaches the whole graph, its renderer and the DOM, which held the main thread so
  // long that Blazor's circuit timed out.
  const byLabel = label => cy.nodes().filter(n => n.data('label').split('\n')[0] === label).first();
  const labelOf = id => cy.getElementById(id).data('label')?.split('\n')[0];
  window.__topology = {
    cy,
    stats: handle.stats,
    classesOf: label => byLabel(label).classes().join(' '),
    tapNode: label => { byLabel(label).emit('tap'); },
    // The drawn trace: the labels of the nodes joined by carried and by stopped links, and of the break.
    drawnTrace: () => {
      const ends = name => edgeLayer
        ? edgeLayer.withClass(name).map(e => [e.source, e.target].map(labelOf).join(' – '))
        : cy.edges(`.${name}`).map(e => [e.source(), e.target()].map(n => n.data('label').split('\n')[0]).join(' – '));
      return { carried: ends('trace-path'), stopped: ends('trace-stopped'), breakAt: cy.nodes('.trace-break').map(n => n.data('label').split('\n')[0]) };
    },
  };
  return handle;
}
