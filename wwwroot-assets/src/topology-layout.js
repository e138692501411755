// A layered layout for large estates, fast enough for hundreds of nodes and thousands of edges (dagre,
// used for small ones, takes seconds there). The layers are given — a node's rank follows from its kind
// (topology-model.js), one column per kind in reading order — so the slow part of general layered
// layouts, ranking, is not needed. An edge that spans layers gets a placeholder in each layer it crosses,
// so nodes make room for it; each layer is ordered to reduce crossings (barycentre sweeps, keeping the
// best order seen), then each node placed as close to its neighbours as the order and spacing allow.
// Layers holding more nodes than a column should are staggered over a few sub-columns, so a large
// estate keeps a readable shape.
// Pure and deterministic: it runs in a Web Worker (topology-layout-worker.js), in node's tests, and on
// the main thread only when a worker cannot be started.

export const LAYOUT_DEFAULTS = {
  rankSep: 110, // horizontal gap between layers
  nodeSep: 28, // vertical gap between nodes
  labelSpace: 26, // room under a node for its label
  subColumnSep: 56, // room between the staggered sub-columns of a tall layer, beside the widest node
  edgeSep: 20, // the room an edge passing through a layer takes
  sweeps: 8,
};

/**
 * @param {{ nodes: { id: string, rank: number, width: number, height: number }[], edges: { source: string, target: string }[] }} graph
 * @returns {{ positions: Record<string, { x: number, y: number }>, crossings: number, layers: number }}
 */
export function layeredLayout(graph, options = {}) {
  const o = { ...LAYOUT_DEFAULTS, ...options };
  const count = graph.nodes.length;
  if (count === 0) return { positions: {}, crossings: 0, layers: 0 };

  // Layers: the distinct ranks, left to right; empty ranks take no room.
  const ranks = [...new Set(graph.nodes.map(n => n.rank))].sort((a, b) => a - b);
  const layerOfRank = new Map(ranks.map((r, i) => [r, i]));
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const layerOf = graph.nodes.map(n => layerOfRank.get(n.rank));
  const layers = ranks.map(() => []);
  graph.nodes.forEach((n, i) => layers[layerOf[i]].push(i));

  // Neighbours on each side, through a placeholder in every layer an edge crosses; edges inside a layer
  // do not order it.
  const slots = graph.nodes.map(n => ({ height: n.height }));
  const left = graph.nodes.map(() => []);
  const right = graph.nodes.map(() => []);
  const between = [];
  const link = (lo, hi) => {
    right[lo].push(hi);
    left[hi].push(lo);
    between.push([lo, hi]);
  };
  for (const e of graph.edges) {
    const a = index.get(e.source), b = index.get(e.target);
    if (a === undefined || b === undefined || layerOf[a] === layerOf[b]) continue;
    let [lo, hi] = layerOf[a] < layerOf[b] ? [a, b] : [b, a];
    for (let l = layerOf[lo] + 1; l < layerOf[hi]; l++) {
      const dummy = slots.length;
      slots.push({ height: 0, dummy: true });
      left.push([]);
      right.push([]);
      layerOf.push(l);
      layers[l].push(dummy);
      link(lo, dummy);
      lo = dummy;
    }
    link(lo, hi);
  }

  const order = orderLayers(layers, left, right, between, layerOf, o.sweeps);
  const positions = place(graph.nodes, slots, order.layers, left, right, o, count);
  return { positions, crossings: order.crossings, layers: layers.length };
}

/** Barycentre sweeps down and up the layers; the order with the fewest crossings between adjacent layers wins. */
function orderLayers(layers, left, right, between, layerOf, sweeps) {
  const rel = new Float64Array(left.length); // a node's position in its layer, 0..1
  const slot = new Int32Array(left.length); // its index in its layer
  const note = layer => layer.forEach((n, i) => { slot[n] = i; rel[n] = (i + 0.5) / layer.length; });
  layers.forEach(note);
  let best = layers.map(l => l.slice());
  let bestCrossings = crossings(layers, between, layerOf, slot);

  for (let sweep = 0; sweep < sweeps && bestCrossings > 0; sweep++) {
    const down = sweep % 2 === 0;
    const sides = down ? left : right;
    const from = down ? 1 : layers.length - 2;
    for (let l = from; down ? l < layers.length : l >= 0; l += down ? 1 : -1) {
      const layer = layers[l];
      const key = new Float64Array(layer.length);
      layer.forEach((n, i) => {
        const near = sides[n];
        if (near.length === 0) { key[i] = rel[n]; return; }
        let sum = 0;
        for (const m of near) sum += rel[m];
        key[i] = sum / near.length;
      });
      const sorted = layer.map((n, i) => i).sort((a, b) => key[a] - key[b] || a - b).map(i => layer[i]);
      layers[l] = sorted;
      note(sorted);
    }
    const c = crossings(layers, between, layerOf, slot);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = layers.map(l => l.slice());
    }
  }
  return { layers: best, crossings: bestCrossings };
}

/** Crossings between edges joining adjacent layers: inversions of their lower ends when sorted by their upper ends. */
export function crossings(layers, between, layerOf, slot) {
  const byLayer = layers.map(() => []);
  for (const [lo, hi] of between) {
    if (layerOf[hi] - layerOf[lo] === 1) byLayer[layerOf[lo]].push([slot[lo], slot[hi]]);
  }
  let total = 0;
  for (const pairs of byLayer) {
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    total += inversions(pairs.map(p => p[1]));
  }
  return total;
}

function inversions(values) {
  if (values.length < 2) return 0;
  const size = Math.max(...values) + 2;
  const tree = new Int32Array(size + 1); // Fenwick tree over values seen so far
  let total = 0;
  for (let i = values.length - 1; i >= 0; i--) {
    for (let v = values[i]; v > 0; v -= v & -v) total += tree[v]; // later values smaller than this one
    for (let v = values[i] + 1; v <= size; v += v & -v) tree[v]++;
  }
  return total;
}

/**
 * Coordinates. A layer is a column (or a few staggered sub-columns when it holds more nodes than a
 * column should); each node goes as near the mean height of its neighbours as the order and the spacing
 * allow, found exactly by isotonic regression (pool adjacent violators), down the layers, up, then down.
 */
function place(nodes, slots, layers, left, right, o, count) {
  const maxWidth = Math.max(...nodes.map(n => n.width));
  const rowHeight = Math.max(...nodes.map(n => n.height)) + o.nodeSep + o.labelSpace;
  const perColumn = Math.max(8, Math.ceil(Math.sqrt(count) * 1.2));
  const y = new Float64Array(slots.length);
  const x = new Float64Array(slots.length);
  const room = n => (slots[n].dummy ? o.edgeSep : rowHeight);

  let cursor = 0;
  const columns = layers.map(layer => {
    const real = layer.filter(n => !slots[n].dummy).length;
    const sub = Math.max(1, Math.ceil(real / perColumn));
    const step = maxWidth + o.subColumnSep;
    let column = 0;
    layer.forEach(n => { if (!slots[n].dummy) x[n] = cursor + (column++ % sub) * step; });
    cursor += (sub - 1) * step + maxWidth + o.rankSep;
    // The distance from each slot to the one before it; staggered sub-columns share the height.
    const gap = layer.map((n, i) => (i === 0 ? 0 : (room(layer[i - 1]) + room(n)) / 2 / sub));
    return { layer, gap };
  });

  // Start packed and centred, then pull towards the neighbours.
  for (const { layer, gap } of columns) {
    let at = 0;
    const packed = gap.map(g => (at += g));
    layer.forEach((n, i) => { y[n] = packed[i] - at / 2; });
  }
  const pull = (l, sides) => {
    const { layer, gap } = columns[l];
    const want = layer.map(n => {
      const near = sides.flatMap(side => side[n]);
      if (near.length === 0) return y[n];
      let sum = 0;
      for (const m of near) sum += y[m];
      return sum / near.length;
    });
    const placed = spaced(want, gap);
    layer.forEach((n, i) => { y[n] = placed[i]; });
  };
  if (o.pulls !== false) {
    for (let l = 1; l < columns.length; l++) pull(l, [left]);
    for (let l = columns.length - 2; l >= 0; l--) pull(l, [left, right]);
    for (let l = 1; l < columns.length; l++) pull(l, [left, right]);
  }

  const positions = {};
  nodes.forEach((n, i) => { positions[n.id] = { x: Math.round(x[i] * 10) / 10, y: Math.round(y[i] * 10) / 10 }; });
  return positions;
}

/**
 * The heights nearest (least squares) to the wanted ones that keep the order and at least `gap` apart
 * (a number, or per slot the distance to the one before it).
 */
export function spaced(want, gap) {
  // With offset[i] the least distance from the first slot, z[i] = y[i] - offset[i] must not decrease:
  // isotonic regression of want[i] - offset[i].
  const offset = [];
  want.forEach((_, i) => offset.push(i === 0 ? 0 : offset[i - 1] + (typeof gap === 'number' ? gap : gap[i])));
  const blocks = [];
  want.forEach((w, i) => {
    let block = { sum: w - offset[i], size: 1 };
    while (blocks.length > 0 && blocks[blocks.length - 1].sum / blocks[blocks.length - 1].size > block.sum / block.size) {
      const prev = blocks.pop();
      block = { sum: prev.sum + block.sum, size: prev.size + block.size };
    }
    blocks.push(block);
  });
  const out = [];
  for (const b of blocks) {
    const z = b.sum / b.size;
    for (let k = 0; k < b.size; k++) out.push(z + offset[out.length]);
  }
  return out;
}
