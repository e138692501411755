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
  // The data plane sits beside the VNets it belongs to: watched NICs and the route tables of their subnets.
  NetworkInterface: 5,
  RouteTable: 5,
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

export function nodeClasses(n, path = NO_PATH) {
  const classes = [`kind-${n.kind}`, `health-${n.health}`];
  if (n.changes && n.changes.added + n.changes.removed + n.changes.changed > 0) classes.push('changed');
  if (n.trace) classes.push(`trace-${n.trace}`);
  if (path.breakNodeId === n.id) classes.push('trace-break');
  return classes.join(' ');
}

export function edgeClasses(e, path = NO_PATH) {
  const classes = [`kind-${e.kind}`, `health-${e.health}`];
  if (e.changes && e.changes.added + e.changes.removed + e.changes.changed > 0) classes.push('changed');
  // A peering the spoke does not use the hub's gateway and Route Server over: the data plane's classic break.
  if (e.kind === 'VnetPeering' && e.usesRemoteGateway === false) classes.push('no-remote-gateway');
  if (path.stopped.has(e.id)) classes.push('trace-stopped');
  else if (path.carried.has(e.id)) classes.push('trace-path');
  return classes.join(' ');
}

const NO_PATH = { breakNodeId: null, carried: new Set(), stopped: new Set() };

/**
 * A trace's path as the graph draws it: the links of the steps that carry the prefix, the links of the
 * step where a rule stops it, and the node of the first break (from the explanation, never re-derived here).
 */
export function tracePath(trace) {
  const path = trace?.path;
  if (!path) return NO_PATH;
  const carried = new Set();
  const stopped = new Set();
  for (const step of path.steps ?? []) {
    for (const id of step.edgeIds ?? []) (step.carried ? carried : stopped).add(id);
  }
  for (const id of path.edgeIds ?? []) if (!stopped.has(id)) carried.add(id);
  return { breakNodeId: path.breakNodeId ?? null, carried, stopped };
}

/**
 * Elements for Cytoscape. Edges are oriented from the lower to the higher rank, so a layered layout
 * reads left to right whatever direction the source recorded; the original ends stay in data.
 * Linear in nodes and edges: it runs on every time-slider step.
 */
export function toElements(topology) {
  const kindOf = new Map(topology.nodes.map(n => [n.id, n.kind]));
  const nextToAvs = new Set();
  for (const e of topology.edges) {
    if (kindOf.get(e.from) === 'AvsPrivateCloud' || kindOf.get(e.to) === 'AvsPrivateCloud') {
      nextToAvs.add(e.from);
      nextToAvs.add(e.to);
    }
  }
  const avsCircuits = new Set(topology.edges
    .filter(e => e.kind === 'Contains')
    .flatMap(e => [e.from, e.to])
    .filter(id => kindOf.get(id) === 'ExpressRouteCircuit' && nextToAvs.has(id)));
  const rank = new Map(topology.nodes.map(n => [n.id, rankOf(n, avsCircuits)]));
  const path = tracePath(topology.trace);
  const nodes = topology.nodes.map(n => ({
    group: 'nodes',
    data: { id: n.id, label: nodeLabel(n), kind: n.kind, health: n.health, rank: rank.get(n.id) },
    classes: nodeClasses(n, path),
  }));
  const edges = topology.edges
    .filter(e => rank.has(e.from) && rank.has(e.to))
    .map(e => {
      const forward = rank.get(e.from) <= rank.get(e.to);
      return {
        group: 'edges',
        data: { id: `e:${e.id}`, edgeId: e.id, source: forward ? e.from : e.to, target: forward ? e.to : e.from, label: edgeLabel(e), kind: e.kind },
        classes: edgeClasses(e, path),
      };
    });
  return { nodes, edges };
}

/** True when the two element sets hold the same nodes and edges (then only data changes, no re-layout). */
export function sameShape(currentIds, elements) {
  const count = elements.nodes.length + elements.edges.length;
  const now = currentIds instanceof Set ? currentIds : new Set(currentIds);
  return now.size === count && elements.nodes.every(e => now.has(e.data.id)) && elements.edges.every(e => now.has(e.data.id));
}

/** A signature of the set of nodes and edges: equal signatures, same layout. */
export function shapeKey(elements) {
  return [...elements.nodes, ...elements.edges].map(e => e.data.id).sort().join('\n');
}

/** What the layout needs: each node's layer and size, and the edges' ends. */
export function layoutInput(elements) {
  return {
    nodes: elements.nodes.map(n => ({ id: n.data.id, rank: n.data.rank, ...nodeSize(n.data.kind) })),
    edges: elements.edges.map(e => ({ source: e.data.source, target: e.data.target })),
  };
}

/** The elements whose data or classes differ from what the graph shows: a time-slider step touches only those. */
export function changedElements(shown, elements) {
  const changed = [];
  for (const el of [...elements.nodes, ...elements.edges]) {
    const now = shown(el.data.id);
    if (!now || now.classes !== el.classes || Object.keys(el.data).some(k => now.data[k] !== el.data[k])) changed.push(el);
  }
  return changed;
}

export function nodeSize(kind) {
  if (kind === 'HubVnet') return { width: 64, height: 40 };
  if (kind === 'AvsSegment') return { width: 30, height: 30 };
  return { width: 44, height: 44 };
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
  NetworkInterface: 'tag',
  RouteTable: 'cut-rectangle',
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
  NetworkInterface: '#5c6bc0',
  RouteTable: '#8d6e63',
};

export const LEGEND = Object.keys(SHAPES).map(kind => ({ kind, shape: SHAPES[kind], colour: COLOURS[kind] }));

/** Zoom levels from which a large graph shows node labels, then edge labels (its level of detail). */
export const LABEL_ZOOM = { nodes: 0.6, edges: 0.9 };

/** What a graph of this size shows at this zoom: small graphs everything; large ones labels only once readable. */
export function lookAt(large, zoom) {
  return { large, nodeLabels: !large || zoom >= LABEL_ZOOM.nodes, edgeLabels: !large || zoom >= LABEL_ZOOM.edges };
}

/**
 * How edges look, as an ordered list of rules over their classes (later rules win, as in a stylesheet): the one
 * description both renderers read — Cytoscape's stylesheet for a small graph (styles()) and the edge layer that
 * draws a large graph's edges (edgeLook(), topology-edges.js). `muted` stands for the theme's muted colour.
 */
export const EDGE_RULES = [
  { classes: ['kind-BgpSession'], style: { colour: '#43a047', width: 3 } },
  { classes: ['kind-BgpSession', 'health-down'], style: { colour: '#e53935', line: 'dashed' } },
  { classes: ['kind-BgpSession', 'health-none'], style: { colour: 'muted' } },
  { classes: ['kind-ExpressRouteConnection'], style: { colour: '#7b1fa2', width: 4 } },
  { classes: ['kind-VnetPeering'], style: { colour: '#0288d1', line: 'dashed' } },
  // A peering the spoke does not use the hub's gateway and Route Server over: the data plane's classic break.
  { classes: ['no-remote-gateway'], style: { colour: '#9e9e9e', line: 'dotted' } },
  { classes: ['kind-GlobalReach'], style: { colour: '#8e24aa', line: 'dotted', width: 3 } },
  { classes: ['kind-Contains'], style: { colour: 'muted', width: 1, line: 'dotted' } },
  { classes: ['kind-RouteTableAssociation'], style: { colour: '#8d6e63', width: 2, line: 'dashed' } },
  { classes: ['changed'], style: { colour: '#ffb300', width: 5 } },
  // The trace's path over everything else: carried hops in green, the hop a rule stops in red.
  { classes: ['trace-path'], style: { colour: '#2e7d32', width: 6, line: 'solid', z: 10 } },
  { classes: ['trace-stopped'], style: { colour: '#c62828', width: 6, line: 'dashed', z: 10 } },
];

const EDGE_BASE = { colour: 'muted', width: 2, line: 'solid', z: 0 };
const SELECTED_EDGE_WIDTH = 6;

/** Dash patterns of Cytoscape's line styles, in model units, for the edge layer. */
export const DASHES = { solid: [], dashed: [6, 3], dotted: [1, 1] };

const mutedColour = dark => (dark ? '#7f8c99' : '#8a97a6');

/**
 * How one edge is drawn: its classes (a string or a set) run through EDGE_RULES; a selected edge is wider.
 * @returns {{ colour: string, width: number, line: 'solid'|'dashed'|'dotted', z: number }}
 */
export function edgeLook(classes, dark = false, selected = false) {
  const has = typeof classes === 'string' ? new Set(classes.split(' ')) : classes;
  const look = { ...EDGE_BASE };
  for (const rule of EDGE_RULES) {
    if (rule.classes.every(c => has.has(c))) Object.assign(look, rule.style);
  }
  if (look.colour === 'muted') look.colour = mutedColour(dark);
  if (selected) look.width = SELECTED_EDGE_WIDTH;
  return look;
}

/** An EDGE_RULES style as Cytoscape properties. */
function cytoscapeEdgeStyle(style, dark) {
  const out = {};
  if (style.colour) out['line-color'] = style.colour === 'muted' ? mutedColour(dark) : style.colour;
  if (style.width) out.width = style.width;
  if (style.line) out['line-style'] = style.line;
  if (style.z) out['z-index'] = style.z;
  return out;
}

/**
 * Cytoscape styles. A large graph's edges are drawn by the edge layer (topology-edges.js), so its stylesheet styles
 * nodes only; and below the zoom where labels can be read it has no label at all, so none is measured or styled
 * (hiding them only by their rendered size, min-zoomed-font-size, still measures every one).
 */
export function styles(dark, { large = false, nodeLabels = true, edgeLabels = true } = {}) {
  const text = dark ? '#e3e8ef' : '#1d2733';
  const muted = mutedColour(dark);
  const labels = nodeLabels
    ? {
      label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'bottom', 'text-margin-y': 6, 'font-size': 11, color: text,
      // Level of detail: labels are drawn only where they would be readable (about 7 px and up on screen).
      'min-zoomed-font-size': 7,
    }
    : { label: '' };
  return [
    { selector: 'node', style: { ...labels, width: 44, height: 44, 'border-width': 3, 'border-color': '#43a047', 'background-opacity': 0.9 } },
    ...Object.keys(SHAPES).map(kind => ({ selector: `node.kind-${kind}`, style: { shape: SHAPES[kind], 'background-color': COLOURS[kind] } })),
    { selector: 'node.kind-HubVnet', style: nodeSize('HubVnet') },
    { selector: 'node.kind-AvsSegment', style: nodeSize('AvsSegment') },
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
    { selector: 'node.trace-break', style: { 'border-color': '#c62828', 'border-width': 6, 'border-style': 'double' } },
    { selector: 'node:selected', style: { 'border-color': dark ? '#ffffff' : '#000000', 'border-width': 4 } },
    ...(large ? [] : [
      { selector: 'edge', style: {
        width: EDGE_BASE.width, 'line-color': muted, 'curve-style': 'bezier', label: edgeLabels ? 'data(label)' : '', 'font-size': 9, color: text,
        'text-background-color': dark ? '#16202b' : '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 2, 'text-rotation': 'autorotate',
        'min-zoomed-font-size': 8, // edge labels later than node labels: there are more of them
      } },
      ...EDGE_RULES.map(rule => ({ selector: `edge.${rule.classes.join('.')}`, style: cytoscapeEdgeStyle(rule.style, dark) })),
      { selector: 'edge:selected', style: { width: SELECTED_EDGE_WIDTH } },
    ]),
    { selector: '.found', style: { 'overlay-color': '#2979ff', 'overlay-opacity': 0.35, 'overlay-padding': 12 } },
  ];
}
