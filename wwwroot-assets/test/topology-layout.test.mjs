import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layeredLayout, spaced } from '../src/topology-layout.js';
import { toElements, layoutInput } from '../src/topology-model.js';

const node = (id, rank, width = 44, height = 44) => ({ id, rank, width, height });

/** A generated estate like the bench's: kinds by index, edges to nearby nodes. */
function estate(count, edgeCount) {
  const kinds = ['OnPremSite', 'ExpressRouteCircuit', 'ExpressRouteGateway', 'HubVnet', 'RouteServer', 'Nva', 'SpokeVnet', 'AvsPrivateCloud', 'AvsSegment'];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const nodes = Array.from({ length: count }, (_, i) => ({ id: `n${i}`, kind: kinds[Math.floor(i * kinds.length / count)], label: `node-${i}`, health: 'ok' }));
  const edges = [];
  const seen = new Set();
  while (edges.length < edgeCount) {
    const a = Math.floor(random() * count);
    const b = Math.min(count - 1, a + 1 + Math.floor(random() * 39));
    if (a === b || seen.has(`${a},${b}`)) continue;
    seen.add(`${a},${b}`);
    edges.push({ id: `l${edges.length}`, kind: 'BgpSession', from: `n${a}`, to: `n${b}`, health: 'ok' });
  }
  return { nodes, edges };
}

/** Two nodes overlap when their boxes (with the label room below) intersect. */
function overlaps(graph, positions, labelSpace = 20) {
  const boxes = graph.nodes.map(n => ({ id: n.id, ...positions[n.id], w: n.width, h: n.height + labelSpace }));
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (Math.abs(a.x - b.x) < (a.w + b.w) / 2 && Math.abs(a.y - b.y) < (a.h + b.h) / 2) found.push(`${a.id}/${b.id}`);
    }
  }
  return found;
}

test('layers read left to right by rank, empty ranks take no room', () => {
  const graph = { nodes: [node('a', 0), node('b', 3), node('c', 7), node('d', 3)], edges: [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }] };
  const { positions, layers } = layeredLayout(graph);
  assert.equal(layers, 3);
  assert.ok(positions.a.x < positions.b.x && positions.b.x < positions.c.x);
  assert.equal(positions.b.x, positions.d.x);
  assert.ok(positions.c.x - positions.a.x < 2 * (44 + 110) + 1, 'ranks 1, 2 and 4 to 6 are empty and take no room');
});

test('ordering removes the crossings an input order causes', () => {
  // a1-b2 and a2-b1 cross in input order; the layout uncrosses them.
  const graph = {
    nodes: [node('a1', 0), node('a2', 0), node('b1', 1), node('b2', 1)],
    edges: [{ source: 'a1', target: 'b2' }, { source: 'a2', target: 'b1' }],
  };
  const { positions, crossings } = layeredLayout(graph);
  assert.equal(crossings, 0);
  assert.equal(Math.sign(positions.a1.y - positions.a2.y), Math.sign(positions.b2.y - positions.b1.y));
});

test('a node sits level with its only neighbour when nothing is in the way', () => {
  const graph = { nodes: [node('a', 0), node('b', 0), node('c', 0), node('x', 1)], edges: [{ source: 'c', target: 'x' }] };
  const { positions } = layeredLayout(graph);
  assert.equal(positions.x.y, positions.c.y);
});

test('500 nodes and 1,500 edges: no overlaps, far fewer crossings than the input order, a landscape-ish shape, same answer twice', () => {
  const graph = layoutInput(toElements(estate(500, 1500)));
  const provisional = layeredLayout(graph, { sweeps: 0, pulls: false }); // each layer a packed column in input order
  const result = layeredLayout(graph);
  assert.deepEqual(overlaps(graph, result.positions), []);
  assert.ok(result.crossings < provisional.crossings * 0.6, `${result.crossings} crossings vs ${provisional.crossings} in input order`);
  const xs = Object.values(result.positions).map(p => p.x), ys = Object.values(result.positions).map(p => p.y);
  const [width, height] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
  assert.ok(height < width * 1.5, `tall layers are staggered: ${width} x ${height}`);
  assert.deepEqual(layeredLayout(graph).positions, result.positions);
});

test('the demo-sized estate keeps one column per layer', () => {
  const graph = layoutInput(toElements(estate(14, 16)));
  const { positions } = layeredLayout(graph);
  const columns = new Map();
  for (const n of graph.nodes) columns.set(n.rank, new Set([...(columns.get(n.rank) ?? []), positions[n.id].x]));
  assert.ok([...columns.values()].every(xs => xs.size === 1));
  assert.deepEqual(overlaps(graph, positions), []);
});

test('an edge across a layer keeps the nodes of that layer off its line', () => {
  const graph = {
    nodes: [node('a', 0), node('m1', 1), node('m2', 1), node('b', 2), node('c', 0), node('d', 2)],
    edges: [{ source: 'a', target: 'b' }, { source: 'c', target: 'm1' }, { source: 'm2', target: 'd' }],
  };
  const { positions: p } = layeredLayout(graph);
  assert.ok(Math.abs(p.a.y - p.b.y) < 30, 'the long edge runs nearly level');
  const lineAt = (p.a.y + p.b.y) / 2;
  for (const m of ['m1', 'm2']) assert.ok(Math.abs(p[m].y - lineAt) >= 22 + 10, `${m} stands clear of the edge a-b`);
});

test('spacing keeps the order and the gap, as near the wanted heights as it can', () => {
  assert.deepEqual(spaced([0, 100, 200], 50), [0, 100, 200]);
  assert.deepEqual(spaced([0, 0, 0], 10), [-10, 0, 10]);
  assert.deepEqual(spaced([100, 0], 10), [45, 55]);
  assert.deepEqual(spaced([0, 0, 0], [0, 10, 30]), [-16.666666666666668, -6.666666666666668, 23.333333333333332]);
});

test('nothing to lay out is an empty layout', () => {
  assert.deepEqual(layeredLayout({ nodes: [], edges: [] }).positions, {});
});
