import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toElements, sameShape, shapeKey, changedElements, layoutInput, styles, lookAt, nodeLabel, edgeLabel, nodeClasses, changeText, rankOf, sessionDrops } from '../src/topology-model.js';

const topology = {
  nodes: [
    { id: 'onprem', kind: 'OnPremSite', label: 'On-prem', health: 'none', summary: null, changes: null, trace: null },
    { id: 'er', kind: 'ExpressRouteCircuit', label: 'er-ams', health: 'ok', summary: 'pri/sec 23/17', changes: { added: 0, removed: 6, changed: 0 }, trace: 'partial' },
    { id: 'gw', kind: 'ExpressRouteGateway', label: 'ergw', health: 'unknown', summary: null, changes: null, trace: null },
    { id: 'avs-er', kind: 'ExpressRouteCircuit', label: 'AVS circuit', health: 'none', summary: null, changes: null, trace: null },
    { id: 'pc', kind: 'AvsPrivateCloud', label: 'avs', health: 'ok', summary: null, changes: null, trace: 'present' },
  ],
  edges: [
    { id: 'bgp/p', kind: 'BgpSession', from: 'onprem', to: 'er', label: 'primary', state: 'Connected', health: 'ok', routesIn: 6, routesOut: null, changes: null },
    { id: 'bgp/s', kind: 'BgpSession', from: 'onprem', to: 'er', label: 'secondary', state: 'Idle', health: 'down', routesIn: null, routesOut: null, changes: null },
    { id: 'er/1', kind: 'ExpressRouteConnection', from: 'er', to: 'gw', label: 'conn', state: null, health: 'ok', routesIn: null, routesOut: null, changes: null },
    { id: 'er/2', kind: 'ExpressRouteConnection', from: 'avs-er', to: 'gw', label: 'conn', state: null, health: 'ok', routesIn: null, routesOut: null, changes: null },
    { id: 'avs', kind: 'Contains', from: 'pc', to: 'avs-er', label: 'managed', state: null, health: 'ok', routesIn: null, routesOut: null, changes: null },
    { id: 'dangling', kind: 'Contains', from: 'pc', to: 'nowhere', label: '', state: null, health: 'ok', routesIn: null, routesOut: null, changes: null },
  ],
};

test('edges read left to right by rank, whatever direction the source recorded', () => {
  const { edges } = toElements(topology);
  const avsConnection = edges.find(e => e.data.edgeId === 'er/2');
  assert.equal(avsConnection.data.source, 'gw');
  assert.equal(avsConnection.data.target, 'avs-er');
  const contains = edges.find(e => e.data.edgeId === 'avs');
  assert.equal(contains.data.source, 'avs-er');
  assert.equal(contains.data.target, 'pc');
});

test('a circuit of an AVS private cloud ranks on the AVS side, the on-prem circuit next to on-prem', () => {
  const { nodes } = toElements(topology);
  const rank = id => nodes.find(n => n.data.id === id).data.rank;
  assert.ok(rank('onprem') < rank('er'));
  assert.ok(rank('er') < rank('gw'));
  assert.ok(rank('gw') < rank('avs-er'));
  assert.ok(rank('avs-er') < rank('pc'));
  assert.equal(rankOf({ id: 'x', kind: 'Unheard' }, new Set()), 4);
});

test('edges to unknown nodes are dropped rather than breaking the graph', () => {
  const { edges } = toElements(topology);
  assert.equal(edges.length, 5);
});

test('labels carry counts, session state and changes', () => {
  assert.equal(nodeLabel(topology.nodes[1]), 'er-ams\npri/sec 23/17\n−6');
  assert.equal(edgeLabel(topology.edges[0]), 'in 6 / out –');
  assert.equal(edgeLabel(topology.edges[1]), 'Idle');
  assert.equal(changeText({ added: 2, removed: 0, changed: 1 }), '+2 ~1');
  assert.equal(changeText({ added: 0, removed: 0, changed: 0 }), '');
});

test('classes carry kind, health, changes and trace state', () => {
  assert.equal(nodeClasses(topology.nodes[1]), 'kind-ExpressRouteCircuit health-ok changed trace-partial');
  assert.equal(nodeClasses(topology.nodes[2]), 'kind-ExpressRouteGateway health-unknown');
});

test('a peering the spoke does not use the hub gateway over is drawn apart, from the typed fact, not its label', () => {
  const hub = { id: 'hub', kind: 'HubVnet', label: 'hub', health: 'ok' };
  const spoke = { id: 'spoke', kind: 'SpokeVnet', label: 'spoke', health: 'ok' };
  const peering = (id, usesRemoteGateway) => ({ id, kind: 'VnetPeering', from: 'hub', to: 'spoke', label: 'uses the hub\'s gateway and Route Server', health: 'ok', usesRemoteGateway });
  const { edges } = toElements({ nodes: [hub, spoke], edges: [peering('p1', true), peering('p2', false), peering('p3', null)] });
  const classes = id => edges.find(e => e.data.edgeId === id).classes.split(' ');
  assert.ok(!classes('p1').includes('no-remote-gateway'));
  assert.ok(classes('p2').includes('no-remote-gateway'));
  assert.ok(!classes('p3').includes('no-remote-gateway'), 'not known is not drawn as a break');
  assert.ok(styles().some(s => s.selector === 'edge.no-remote-gateway'));
});

test('the same nodes and edges need no new layout; a new node does', () => {
  const elements = toElements(topology);
  const ids = [...elements.nodes, ...elements.edges].map(e => e.data.id);
  assert.equal(sameShape(ids, elements), true);
  const grown = toElements({ ...topology, nodes: [...topology.nodes, { id: 'seg', kind: 'AvsSegment', label: 'seg-vdi', health: 'ok' }] });
  assert.equal(sameShape(ids, grown), false);
});

test('a session the metrics saw drop says how often on its edge, over all its lanes', () => {
  const sessions = [{ lane: 'IN_0', downs: 2, spans: [] }, { lane: 'IN_1', downs: 1, spans: [] }];
  assert.equal(sessionDrops(sessions), 3);
  assert.equal(sessionDrops(undefined), 0);
  assert.equal(edgeLabel({ ...topology.edges[0], sessions }), 'in 6 / out – · ↓3 in 24 h');
  assert.equal(edgeLabel({ ...topology.edges[0], sessions: [{ lane: 'IN_0', downs: 0, spans: [] }] }), 'in 6 / out –');
});

test('the shape key ignores order and data; a new edge changes it', () => {
  const elements = toElements(topology);
  const reversed = { nodes: [...elements.nodes].reverse(), edges: [...elements.edges].reverse() };
  assert.equal(shapeKey(reversed), shapeKey(elements));
  const relabelled = toElements({ ...topology, nodes: topology.nodes.map(n => ({ ...n, health: 'stale', summary: 'x' })) });
  assert.equal(shapeKey(relabelled), shapeKey(elements));
  const grown = toElements({ ...topology, edges: [...topology.edges, { id: 'new', kind: 'VnetPeering', from: 'gw', to: 'pc', health: 'ok' }] });
  assert.notEqual(shapeKey(grown), shapeKey(elements));
  assert.equal(sameShape(new Set([...elements.nodes, ...elements.edges].map(e => e.data.id)), elements), true);
});

test('a time-slider step touches only the elements whose data or classes changed', () => {
  const before = toElements(topology);
  const shown = new Map([...before.nodes, ...before.edges].map(e => [e.data.id, e]));
  assert.deepEqual(changedElements(id => shown.get(id), toElements(topology)), []);
  const after = toElements({
    ...topology,
    nodes: topology.nodes.map(n => n.id === 'gw' ? { ...n, health: 'ok' } : n),
    edges: topology.edges.map(e => e.id === 'bgp/p' ? { ...e, routesIn: 7 } : e),
  });
  assert.deepEqual(changedElements(id => shown.get(id), after).map(e => e.data.id).sort(), ['e:bgp/p', 'gw']);
});

test('the layout gets each node its rank and its drawn size', () => {
  const input = layoutInput(toElements(topology));
  assert.deepEqual(input.nodes.find(n => n.id === 'er'), { id: 'er', rank: 1, width: 44, height: 44 });
  assert.equal(input.edges.length, 5);
  assert.deepEqual(input.edges.find(e => e.source === 'gw'), { source: 'gw', target: 'avs-er' });
});

test('labels have a level of detail: none where they would be too small to read', () => {
  const [node, edge] = ['node', 'edge'].map(selector => styles(false).find(s => s.selector === selector).style);
  assert.ok(node['min-zoomed-font-size'] > 0);
  assert.ok(edge['min-zoomed-font-size'] >= node['min-zoomed-font-size']);
});

test('a large graph seen whole carries no labels; zooming in brings node labels, then edge labels (drawn by the edge layer)', () => {
  const label = (look, selector) => styles(false, look).find(s => s.selector === selector)?.style.label;
  assert.deepEqual(lookAt(false, 0.2), { large: false, nodeLabels: true, edgeLabels: true });
  const overview = lookAt(true, 0.3);
  assert.equal(label(overview, 'node'), '');
  assert.equal(label(lookAt(true, 0.7), 'node'), 'data(label)');
  assert.deepEqual([lookAt(true, 0.7).edgeLabels, lookAt(true, 1).edgeLabels], [false, true]);
  assert.equal(label(overview, 'edge'), undefined, 'a large graph\'s edges are not in the stylesheet');
  assert.equal(label(lookAt(false, 1), 'edge'), 'data(label)');
});

test('a trace draws its carried links, the link a rule stops and the break, as the explanation says', () => {
  const topology = {
    nodes: [
      { id: 'avs', kind: 'AvsPrivateCloud', label: 'avs', health: 'ok' },
      { id: 'gw', kind: 'ExpressRouteGateway', label: 'gw', health: 'ok' },
      { id: 'rs', kind: 'RouteServer', label: 'rs', health: 'ok' },
      { id: 'er', kind: 'ExpressRouteCircuit', label: 'er', health: 'ok' },
    ],
    edges: [
      { id: 'a', kind: 'ExpressRouteConnection', from: 'avs', to: 'gw', health: 'ok' },
      { id: 'b', kind: 'BgpSession', from: 'gw', to: 'rs', health: 'ok' },
      { id: 'c', kind: 'ExpressRouteConnection', from: 'gw', to: 'er', health: 'ok' },
    ],
    trace: { path: {
      nodeIds: ['avs', 'gw', 'rs', 'er'], edgeIds: ['a', 'b', 'c'], breakNodeId: 'er',
      steps: [
        { from: 'avs', to: 'gw', edgeIds: ['a'], rule: 'ExpressRouteGateway', carried: true },
        { from: 'gw', to: 'rs', edgeIds: ['b'], rule: 'BranchToBranch', carried: true },
        { from: 'gw', to: 'er', edgeIds: ['c'], rule: 'NoCircuitTransit', carried: false },
      ],
    } },
  };
  const { nodes, edges } = toElements(topology);
  const classes = id => [...nodes, ...edges].find(e => e.data.id === id).classes.split(' ');
  assert.ok(classes('e:a').includes('trace-path'));
  assert.ok(classes('e:b').includes('trace-path'));
  assert.ok(classes('e:c').includes('trace-stopped') && !classes('e:c').includes('trace-path'));
  assert.ok(classes('er').includes('trace-break'));
  assert.ok(!classes('gw').includes('trace-break'));
  // Without a trace nothing is drawn.
  const plain = toElements({ ...topology, trace: null });
  assert.ok(plain.edges.every(e => !e.classes.includes('trace')));
});

test('watched NICs and route tables sit beside their VNets, with their own shapes in the legend', async () => {
  const { LEGEND } = await import('../src/topology-model.js');
  assert.equal(rankOf({ id: 'nic', kind: 'NetworkInterface' }, new Set()), 5);
  assert.equal(rankOf({ id: 'rt', kind: 'RouteTable' }, new Set()), 5);
  assert.ok(LEGEND.some(l => l.kind === 'NetworkInterface' && l.shape === 'tag'));
  assert.ok(LEGEND.some(l => l.kind === 'RouteTable' && l.shape === 'cut-rectangle'));
});
