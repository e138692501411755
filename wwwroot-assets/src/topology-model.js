// Pure functions that turn the /api/v1/topology answer into Cytoscape elements and styles.
// No DOM and no Cytoscape here, so node's test runner covers them (test/topology-model.test.mjs).

/** Left-to-right reading order of the estate: on-prem → circuit → gateway → hub → AVS. */
export const RANKS = {
  OnPremSite: 0,
  ExpressRouteCircuit: 1,
  ExpressRouteGateway: 2,
  VpnGateway: 2,
  HubVnet: 3,
  RouteServer: 3,
  Nva: 4,
  SpokeVnet: 4,
  AvsCircuit: 5,
  AvsPrivateCloud: 6,
  AvsSegment: 7,
};

/** The rank of a node; a circuit that belongs to an AVS private cloud sits on the AVS side. */
export function rankOf(node, avsCircuits) {
  if (node.kind === 'ExpressRouteCircuit' && avsCircuits.has(node.id)) return RANKS.AvsCircuit;
  return RANKS[node.kind] ?? 4;
}

export function changeText(c) {
  if (!c || c.added + c.removed + c.changed === 0) return '';
  return [c.added ? `+${c.added}` : '', c.removed ? `−${c.removed}` : '', c.changed ? `~${c.changed}` : ''].filter(Boolean).join(' ');
}

export function nodeLabel(n) {
  const lines = [n.label];
  if (n.summary) lines.push(n.summary);
  const changes = changeText(n.changes);
  if (changes) lines.push(changes);
  return lines.join('\n');
}

export function edgeLabel(e) {
  const parts = [];
  if (e.kind === 'BgpSession') {
    if (e.state && e.state !== 'Connected') parts.push(e.state);
    if (e.routesIn != null || e.routesOut != null) parts.push(`in ${e.routesIn ?? '–'} / out ${e.routesOut ?? '–'}`);
    const drops = sessionDrops(e.sessions);
    if (drops > 0) parts.push(`↓${drops} in 24 h`);
  }
  const changes = changeText(e.changes);
  if (changes) parts.push(changes);
  return parts.join(' · ');
}

// How often the metrics saw the session drop in the timeline window, over all its lanes (instances, paths).
export function sessionDrops(sessions) {
  return (sessions ?? []).reduce((sum, t) => sum + (t.downs ?? 0), 0);
}

export function nodeClasses(n) {
  const classes = [`kind-${n.kind}`, `health-${n.health}`];
  if (n.changes && n.changes.added + n.changes.removed + n.changes.changed > 0) classes.push('changed');
  if (n.trace) classes.push(`trace-${n.trace}`);
  return classes.join(' ');
}

export function edgeClasses(e) {
  const classes = [`kind-${e.kind}`, `health-${e.health}`];
  if (e.changes && e.changes.added + e.changes.removed + e.changes.changed > 0) classes.push('changed');
  return classes.join(' ');
}

/**
 * Elements for Cytoscape. Edges are oriented from the lower to the higher rank, so a layered layout
 * reads left to right whatever direction the source recorded; the original ends stay in data.
 */
export function toElements(topology) {
  const avsCircuits = new Set(topology.edges
    .filter(e => e.kind === 'Contains')
    .flatMap(e => [e.from, e.to])
    .filter(id => topology.nodes.some(n => n.id === id && n.kind === 'ExpressRouteCircuit'))
    .filter(id => topology.edges.some(e => (e.from === id || e.to === id) && topology.nodes.some(n => (n.id === e.from || n.id === e.to) && n.kind === 'AvsPrivateCloud'))));
  const rank = new Map(topology.nodes.map(n => [n.id, rankOf(n, avsCircuits)]));
  const nodes = topology.nodes.map(n => ({
    group: 'nodes',
    data: { id: n.id, label: nodeLabel(n), kind: n.kind, health: n.health, rank: rank.get(n.id) },
    classes: nodeClasses(n),
  }));
  const ids = new Set(nodes.map(n => n.data.id));
  const edges = topology.edges
    .filter(e => ids.has(e.from) && ids.has(e.to))
    .map(e => {
      const forward = (rank.get(e.from) ?? 0) <= (rank.get(e.to) ?? 0);
      return {
        group: 'edges',
        data: { id: `e:${e.id}`, edgeId: e.id, source: forward ? e.from : e.to, target: forward ? e.to : e.from, label: edgeLabel(e), kind: e.kind },
        classes: edgeClasses(e),
      };
    });
  return { nodes, edges };
}

/** True when the two element sets hold the same nodes and edges (then only data changes, no re-layout). */
export function sameShape(currentIds, elements) {
  const next = [...elements.nodes, ...elements.edges].map(e => e.data.id).sort();
  const now = [...currentIds].sort();
  return next.length === now.length && next.every((id, i) => id === now[i]);
}

const SHAPES = {
  OnPremSite: 'round-rectangle',
  ExpressRouteCircuit: 'diamond',
  ExpressRouteGateway: 'hexagon',
  VpnGateway: 'hexagon',
  RouteServer: 'octagon',
  Nva: 'triangle',
  HubVnet: 'round-rectangle',
  SpokeVnet: 'rectangle',
  AvsPrivateCloud: 'barrel',
  AvsSegment: 'ellipse',
};

const COLOURS = {
  OnPremSite: '#6d4c41',
  ExpressRouteCircuit: '#7b1fa2',
  ExpressRouteGateway: '#1565c0',
  VpnGateway: '#1565c0',
  RouteServer: '#00838f',
  Nva: '#ef6c00',
  HubVnet: '#0277bd',
  SpokeVnet: '#4fc3f7',
  AvsPrivateCloud: '#2e7d32',
  AvsSegment: '#66bb6a',
};

export const LEGEND = Object.keys(SHAPES).map(kind => ({ kind, shape: SHAPES[kind], colour: COLOURS[kind] }));

export function styles(dark) {
  const text = dark ? '#e3e8ef' : '#1d2733';
  const muted = dark ? '#7f8c99' : '#8a97a6';
  return [
    { selector: 'node', style: {
      label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'bottom', 'text-margin-y': 6, 'font-size': 11, color: text,
      width: 44, height: 44, 'border-width': 3, 'border-color': '#43a047', 'background-opacity': 0.9,
    } },
    ...Object.keys(SHAPES).map(kind => ({ selector: `node.kind-${kind}`, style: { shape: SHAPES[kind], 'background-color': COLOURS[kind] } })),
    { selector: 'node.kind-HubVnet', style: { width: 64, height: 40 } },
    { selector: 'node.kind-AvsSegment', style: { width: 30, height: 30 } },
    { selector: 'node.health-stale', style: { 'border-color': '#fb8c00' } },
    { selector: 'node.health-unknown', style: { 'border-color': '#9e9e9e', 'border-style': 'dashed' } },
    { selector: 'node.health-none', style: { 'border-color': muted, 'border-width': 1 } },
    { selector: 'node.health-alert', style: { 'border-color': '#e53935', 'border-width': 5 } },
    { selector: 'node.changed', style: { 'overlay-color': '#ffb300', 'overlay-opacity': 0.25, 'overlay-padding': 8 } },
    { selector: 'node.trace-present', style: { 'underlay-color': '#2e7d32', 'underlay-opacity': 0.55, 'underlay-padding': 10 } },
    { selector: 'node.trace-partial', style: { 'underlay-color': '#f9a825', 'underlay-opacity': 0.6, 'underlay-padding': 10 } },
    { selector: 'node.trace-default', style: { 'underlay-color': '#ef6c00', 'underlay-opacity': 0.5, 'underlay-padding': 10 } },
    { selector: 'node.trace-absent', style: { 'underlay-color': '#c62828', 'underlay-opacity': 0.6, 'underlay-padding': 10 } },
    { selector: 'node.trace-unknown', style: { 'underlay-color': '#9e9e9e', 'underlay-opacity': 0.5, 'underlay-padding': 10 } },
    { selector: 'node:selected', style: { 'border-color': dark ? '#ffffff' : '#000000', 'border-width': 4 } },
    { selector: 'edge', style: {
      width: 2, 'line-color': muted, 'curve-style': 'bezier', label: 'data(label)', 'font-size': 9, color: text,
      'text-background-color': dark ? '#16202b' : '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 2, 'text-rotation': 'autorotate',
    } },
    { selector: 'edge.kind-BgpSession', style: { 'line-color': '#43a047', width: 3 } },
    { selector: 'edge.kind-BgpSession.health-down', style: { 'line-color': '#e53935', 'line-style': 'dashed' } },
    { selector: 'edge.kind-BgpSession.health-none', style: { 'line-color': muted } },
    { selector: 'edge.kind-ExpressRouteConnection', style: { 'line-color': '#7b1fa2', width: 4 } },
    { selector: 'edge.kind-VnetPeering', style: { 'line-color': '#0288d1', 'line-style': 'dashed' } },
    { selector: 'edge.kind-GlobalReach', style: { 'line-color': '#8e24aa', 'line-style': 'dotted', width: 3 } },
    { selector: 'edge.kind-Contains', style: { 'line-color': muted, width: 1, 'line-style': 'dotted' } },
    { selector: 'edge.changed', style: { 'line-color': '#ffb300', width: 5 } },
    { selector: 'edge:selected', style: { width: 6 } },
    { selector: '.found', style: { 'overlay-color': '#2979ff', 'overlay-opacity': 0.35, 'overlay-padding': 12 } },
  ];
}

export const LAYOUT = { name: 'dagre', rankDir: 'LR', nodeSep: 28, rankSep: 110, edgeSep: 10, animate: false, fit: true, padding: 30 };
