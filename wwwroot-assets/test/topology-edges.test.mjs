import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distanceToSegment, nearestEdge, strokeGroups, uprightAngle, edgeEnds, lanesOf, strokeOf, PARALLEL_SPACING } from '../src/topology-edges.js';
import { edgeLook, EDGE_RULES, styles, toElements } from '../src/topology-model.js';

test('distance to a segment: perpendicular inside it, to the nearer end outside it', () => {
  const a = { x: 0, y: 0 }, b = { x: 10, y: 0 };
  assert.equal(distanceToSegment({ x: 5, y: 3 }, a, b), 3);
  assert.equal(distanceToSegment({ x: -4, y: 3 }, a, b), 5);
  assert.equal(distanceToSegment({ x: 1, y: 1 }, a, a), Math.SQRT2);
});

test('a tap hits the nearest edge within the tolerance beyond its half width, the one on top among equals, or none', () => {
  const at = { a: { x: 0, y: 0 }, b: { x: 100, y: 0 }, c: { x: 0, y: 10 }, d: { x: 100, y: 10 } };
  const edges = [
    { id: 'ab', source: 'a', target: 'b', width: 2, z: 0 },
    { id: 'cd', source: 'c', target: 'd', width: 2, z: 0 },
    { id: 'ab-trace', source: 'a', target: 'b', width: 2, z: 10 },
    { id: 'gone', source: 'a', target: 'nowhere', width: 2, z: 0 },
  ];
  const endsOf = e => (at[e.source] && at[e.target] ? [at[e.source], at[e.target]] : null);
  assert.equal(nearestEdge(edges, endsOf, { x: 50, y: 8 }, 3).id, 'cd');
  assert.equal(nearestEdge(edges, endsOf, { x: 50, y: 1 }, 3).id, 'ab-trace');
  assert.equal(nearestEdge(edges, endsOf, { x: 50, y: 5 }, 3), null);
  assert.equal(nearestEdge(edges, endsOf, { x: 50, y: 5 }, 5).id, 'ab-trace', 'equally near: the one drawn on top');
});

test('edges are stroked in groups of one look, the trace last (on top)', () => {
  const { edges } = toElements({
    nodes: [{ id: 'a', kind: 'HubVnet' }, { id: 'b', kind: 'SpokeVnet' }, { id: 'c', kind: 'SpokeVnet' }, { id: 'd', kind: 'Nva' }],
    edges: [
      { id: 'p1', kind: 'VnetPeering', from: 'a', to: 'b', health: 'ok' },
      { id: 's1', kind: 'BgpSession', from: 'a', to: 'd', health: 'ok' },
      { id: 'p2', kind: 'VnetPeering', from: 'a', to: 'c', health: 'ok' },
    ],
    trace: { path: { steps: [{ edgeIds: ['s1'], carried: true }] } },
  });
  const groups = strokeGroups(edges, e => edgeLook(e.classes));
  assert.deepEqual(groups.map(g => g.edges.map(e => e.data.edgeId)), [['p1', 'p2'], ['s1']]);
  assert.deepEqual(groups.map(g => [g.look.colour, g.look.line, g.look.z]), [['#0288d1', 'dashed', 0], ['#2e7d32', 'solid', 10]]);
});

test('an edge looks the same drawn by the edge layer as by Cytoscape: each rule is a stylesheet rule with the same values', () => {
  const sheet = new Map(styles(false).map(s => [s.selector, s.style]));
  for (const rule of EDGE_RULES) {
    const css = sheet.get(`edge.${rule.classes.join('.')}`);
    assert.ok(css, `no stylesheet rule for ${rule.classes}`);
    const look = edgeLook(new Set(rule.classes));
    if (rule.style.colour) assert.equal(css['line-color'], look.colour, rule.classes.join('.'));
    if (rule.style.width) assert.equal(css.width, look.width);
    if (rule.style.line) assert.equal(css['line-style'], look.line);
  }
  // A large graph's stylesheet styles nodes only: its edges are the layer's.
  assert.ok(!styles(false, { large: true, nodeLabels: false, edgeLabels: false }).some(s => s.selector.startsWith('edge')));
});

test('later rules win: the trace over a session down, a selected edge wider, the theme\'s muted colour', () => {
  assert.deepEqual(edgeLook('kind-BgpSession health-down'), { colour: '#e53935', width: 3, line: 'dashed', z: 0 });
  assert.deepEqual(edgeLook('kind-BgpSession health-down trace-path'), { colour: '#2e7d32', width: 6, line: 'solid', z: 10 });
  assert.equal(edgeLook('kind-VnetPeering no-remote-gateway').line, 'dotted');
  assert.equal(edgeLook('kind-Contains', false, true).width, 6);
  assert.notEqual(edgeLook('kind-Contains', true).colour, edgeLook('kind-Contains', false).colour);
});

test('edge labels read left to right whichever way the edge points', () => {
  assert.equal(uprightAngle({ x: 0, y: 0 }, { x: 10, y: 0 }), 0);
  assert.equal(uprightAngle({ x: 10, y: 0 }, { x: 0, y: 0 }), 0);
  assert.ok(Math.abs(uprightAngle({ x: 0, y: 0 }, { x: -10, y: -10 }) - Math.PI / 4) < 1e-9);
});

test('edges that join the same two nodes run side by side, each on its own line whichever way it points', () => {
  const lanes = lanesOf([
    { id: 'primary', source: 'onprem', target: 'er' },
    { id: 'secondary', source: 'er', target: 'onprem' },
    { id: 'other', source: 'er', target: 'gw' },
  ]);
  assert.deepEqual([lanes.get('primary'), lanes.get('secondary'), lanes.get('other')], [{ lane: 0, lanes: 2 }, { lane: 1, lanes: 2 }, { lane: 0, lanes: 1 }]);
  const a = { x: 0, y: 0 }, b = { x: 100, y: 0 };
  const [p0, p1] = edgeEnds(a, b, 0, 2), [s0, s1] = edgeEnds(b, a, 1, 2);
  assert.equal(Math.abs(p0.y - s1.y), PARALLEL_SPACING, 'the two lines are one spacing apart');
  assert.equal(p0.y, p1.y);
  assert.equal(s0.y, s1.y);
  assert.deepEqual(edgeEnds(a, b), [a, b], 'a single edge runs between the centres');
});

test('seen whole, lines are hairlines of their colour; the emphasised keep their width, never under a device pixel', () => {
  const plain = strokeOf({ width: 3, line: 'dashed', z: 0 }, false, 0.37);
  assert.ok(plain.width <= 1 / 0.37 && plain.width * 0.37 <= 1);
  assert.deepEqual([plain.dash, plain.alpha], [[], 0.55]);
  assert.equal(strokeOf({ width: 6, line: 'solid', z: 10 }, false, 0.37).width, 6);
  assert.equal(strokeOf({ width: 6, line: 'solid', z: 10 }, false, 0.05).width, 20, 'a trace at a far zoom is still a pixel wide');
  assert.deepEqual(strokeOf({ width: 3, line: 'dashed', z: 0 }, true, 1).dash, [6, 3]);
});
