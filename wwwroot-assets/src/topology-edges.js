// The edges of a large graph, drawn on one canvas under Cytoscape's node canvases. Cytoscape spends a third of a
// millisecond per edge on its own bookkeeping (the element, its style, its bounding box, events) before drawing
// anything: half of a 500-node, 1,500-edge estate's first paint. Here an edge is a line in a few batched strokes
// (one per look: colour, width, dash), redrawn in a few milliseconds when the viewport, a node or an edge changes.
// Cytoscape keeps the nodes (shapes, labels, dragging, selection); the page asks this layer for edges it hits.
// The looks come from EDGE_RULES (topology-model.js), the rules Cytoscape's stylesheet uses for small graphs.
import { edgeLook, DASHES, LABEL_ZOOM } from './topology-model.js';

/** Distance from point p to the segment a–b. */
export function distanceToSegment(p, a, b) {
  const dx = b.x - a.x, dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/**
 * The edge whose line passes nearest to a point, within `tolerance` (model units) beyond its half width; null if none.
 * Among edges equally near, the one drawn on top (the higher z, then the later) wins.
 * @param {Iterable<{ width: number, z: number }>} edges
 * @param {(edge: any) => [{ x: number, y: number }, { x: number, y: number }] | null} endsOf where an edge's line runs
 */
export function nearestEdge(edges, endsOf, point, tolerance) {
  let best = null;
  let bestDistance = Infinity;
  let bestZ = -Infinity;
  for (const e of edges) {
    const ends = endsOf(e);
    if (!ends) continue;
    const d = distanceToSegment(point, ends[0], ends[1]) - e.width / 2;
    if (d > tolerance) continue;
    if (d < bestDistance - 1e-9 || (Math.abs(d - bestDistance) <= 1e-9 && e.z >= bestZ)) {
      best = e;
      bestDistance = d;
      bestZ = e.z;
    }
  }
  return best;
}

/** Room between edges that join the same two nodes (several BGP sessions, one per path): they run side by side. */
export const PARALLEL_SPACING = 10;

/**
 * Where an edge's line runs: between its nodes' centres, moved sideways when several edges join the same two nodes
 * (`lane` of `lanes`), always to the same side whichever way an edge points, so each stays visible and tappable.
 */
export function edgeEnds(a, b, lane = 0, lanes = 1, spacing = PARALLEL_SPACING) {
  if (lanes <= 1) return [a, b];
  // The normal of the pair's line, oriented by the pair (not by this edge's direction).
  const [p, q] = a.x < b.x || (a.x === b.x && a.y <= b.y) ? [a, b] : [b, a];
  const length = Math.hypot(q.x - p.x, q.y - p.y) || 1;
  const offset = (lane - (lanes - 1) / 2) * spacing;
  const dx = (-(q.y - p.y) / length) * offset, dy = ((q.x - p.x) / length) * offset;
  return [{ x: a.x + dx, y: a.y + dy }, { x: b.x + dx, y: b.y + dy }];
}

/** Numbers the edges that join the same two nodes: each gets its lane and the pair's count of lanes. */
export function lanesOf(edges) {
  const byPair = new Map();
  for (const e of edges) {
    const pair = e.source < e.target ? `${e.source}\u0000${e.target}` : `${e.target}\u0000${e.source}`;
    let group = byPair.get(pair);
    if (!group) byPair.set(pair, group = []);
    group.push(e);
  }
  const lanes = new Map();
  for (const group of byPair.values()) group.forEach((e, i) => lanes.set(e.id, { lane: i, lanes: group.length }));
  return lanes;
}

/**
 * Edges grouped by how they look, in draw order: by z (the trace over everything), then as first seen; each group
 * is one stroke. `lookOf(edge)` gives { colour, width, line, z }.
 */
export function strokeGroups(edges, lookOf) {
  const groups = new Map();
  for (const e of edges) {
    const look = lookOf(e);
    const key = `${look.z}|${look.colour}|${look.width}|${look.line}`;
    let group = groups.get(key);
    if (!group) groups.set(key, group = { look, edges: [] });
    group.edges.push(e);
  }
  return [...groups.values()].sort((a, b) => a.look.z - b.look.z);
}

/** Text drawn along an edge reads left to right: the angle of a–b, turned by half a turn when it would read upside down. */
export function uprightAngle(a, b) {
  let angle = Math.atan2(b.y - a.y, b.x - a.x);
  if (angle > Math.PI / 2) angle -= Math.PI;
  if (angle < -Math.PI / 2) angle += Math.PI;
  return angle;
}

/**
 * How a look is stroked at a scale (device pixels per model unit). Seen whole, a large graph's lines are hairlines of
 * their colour: without a GPU a stroke wider than one device pixel, or dashed, costs ten to twenty times a hairline
 * (1,500 lines: 15 ms as hairlines, 120-250 ms dashed or wider), and at that size neither width nor dashes can be
 * told apart anyway; a dashed kind is drawn fainter instead. From DETAIL_ZOOM on, and always for the emphasised
 * (the trace, a change, the selection: a handful of lines), each is drawn as the stylesheet says.
 */
export function strokeOf(look, detail, scale) {
  const emphasised = look.z > 0 || look.width >= 5;
  // Never thinner than a device pixel: the emphasised must not vanish among the hairlines when zoomed far out.
  if (detail || emphasised) return { width: Math.max(look.width, 1 / scale), dash: DASHES[look.line] ?? [], alpha: 1 };
  return { width: Math.min(look.width, 1 / scale), dash: [], alpha: look.line === 'solid' ? 1 : 0.55 };
}

/** Whether the segment a–b may cross the view (its bounding box meets it). */
export function crosses(view, a, b) {
  return Math.max(a.x, b.x) >= view.x1 && Math.min(a.x, b.x) <= view.x2 && Math.max(a.y, b.y) >= view.y1 && Math.min(a.y, b.y) <= view.y2;
}

/** The zoom from which edges are drawn with their widths and dashes (the zoom node labels appear at). */
export const DETAIL_ZOOM = LABEL_ZOOM.nodes;

const HIT_PIXELS = 6; // how near (on screen) a tap must land to an edge's line to hit it
const LABEL_FONT = '9px "Helvetica Neue", Helvetica, sans-serif';

/**
 * A canvas of edges under Cytoscape's canvases in `container`, following its viewport and its nodes.
 * @param {HTMLElement} container the element Cytoscape renders into
 * @param {any} cy the Cytoscape instance holding the nodes
 */
export function createEdgeLayer(container, cy, { dark = false } = {}) {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('data-testid', 'topology-edges');
  canvas.style.cssText = 'position:absolute; left:0; top:0; pointer-events:none;';
  if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
  container.insertBefore(canvas, container.firstChild);
  const context = canvas.getContext('2d');

  let edges = new Map(); // id → { id, edgeId, source, target, label, classes, width, z, look }
  let groups = null; // stroke groups, rebuilt when edges or the selection change
  let selected = null;
  let scheduled = 0;
  let size = { width: 0, height: 0, ratio: 0 };

  /** Where each node stands now (Cytoscape's own position objects), looked up once per draw or hit test. */
  function positions() {
    const map = new Map();
    cy.nodes().forEach(n => { map.set(n.id(), n.position()); });
    return id => map.get(id) ?? null;
  }

  /** An edge as the layer draws it; `lane` is where it runs beside its parallels (an earlier entry of it will do). */
  function entry(element, lane = { lane: 0, lanes: 1 }) {
    const d = element.data;
    const look = edgeLook(element.classes, dark, d.id === selected);
    return { element, id: d.id, edgeId: d.edgeId, source: d.source, target: d.target, label: d.label, classes: element.classes, look, width: look.width,
      z: look.z, lane: lane.lane, lanes: lane.lanes };
  }

  /** Where each edge's line runs now, from its nodes' positions (null while a node is missing). */
  function endsWith(positionOf) {
    return e => {
      const a = positionOf(e.source), b = positionOf(e.target);
      return a && b ? edgeEnds(a, b, e.lane, e.lanes) : null;
    };
  }

  function fit() {
    const width = container.clientWidth, height = container.clientHeight, ratio = window.devicePixelRatio || 1;
    if (width === size.width && height === size.height && ratio === size.ratio) return;
    size = { width, height, ratio };
    canvas.width = Math.max(1, Math.round(width * ratio));
    canvas.height = Math.max(1, Math.round(height * ratio));
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }

  function draw() {
    scheduled = 0;
    fit();
    const { ratio } = size;
    const zoom = cy.zoom(), pan = cy.pan();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * pan.x, ratio * pan.y);
    context.lineCap = 'butt';
    const endsOf = endsWith(positions());
    const view = viewOf(zoom, pan);
    const detail = zoom >= DETAIL_ZOOM;
    groups ??= strokeGroups(edges.values(), e => e.look);
    for (const { look, edges: list } of groups) {
      const stroke = strokeOf(look, detail, ratio * zoom);
      context.beginPath();
      for (const e of list) {
        const ends = endsOf(e);
        if (!ends || !crosses(view, ends[0], ends[1])) continue;
        context.moveTo(ends[0].x, ends[0].y);
        context.lineTo(ends[1].x, ends[1].y);
      }
      context.strokeStyle = look.colour;
      context.globalAlpha = stroke.alpha;
      context.lineWidth = stroke.width;
      context.setLineDash(stroke.dash);
      context.stroke();
    }
    context.globalAlpha = 1;
    context.setLineDash([]);
    if (zoom >= LABEL_ZOOM.edges) drawLabels(view, endsOf);
  }

  function viewOf(zoom, pan) {
    return { x1: -pan.x / zoom, y1: -pan.y / zoom, x2: (size.width - pan.x) / zoom, y2: (size.height - pan.y) / zoom };
  }

  /** Labels of the edges whose middle is on screen, along the edge, on a background (as Cytoscape draws them). */
  function drawLabels(view, endsOf) {
    context.font = LABEL_FONT;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    for (const e of edges.values()) {
      if (!e.label) continue;
      const ends = endsOf(e);
      if (!ends) continue;
      const [a, b] = ends;
      const x = (a.x + b.x) / 2, y = (a.y + b.y) / 2;
      if (x < view.x1 || x > view.x2 || y < view.y1 || y > view.y2) continue;
      context.save();
      context.translate(x, y);
      context.rotate(uprightAngle(a, b));
      const width = context.measureText(e.label).width;
      context.globalAlpha = 0.85;
      context.fillStyle = dark ? '#16202b' : '#ffffff';
      context.fillRect(-width / 2 - 2, -7, width + 4, 14);
      context.globalAlpha = 1;
      context.fillStyle = dark ? '#e3e8ef' : '#1d2733';
      context.fillText(e.label, 0, 0);
      context.restore();
    }
  }

  function schedule() {
    if (!scheduled) scheduled = requestAnimationFrame(draw);
  }

  // Cytoscape says "resize" after its first render as well: only a new size needs a new drawing.
  const resized = () => {
    if (container.clientWidth !== size.width || container.clientHeight !== size.height || (window.devicePixelRatio || 1) !== size.ratio) schedule();
  };

  cy.on('viewport', schedule);
  cy.on('resize', resized);
  cy.on('position', 'node', schedule);
  cy.on('add remove', 'node', schedule);

  return {
    /** Replaces every edge (Cytoscape edge elements: { data, classes }). */
    set(elements) {
      const lanes = lanesOf(elements.map(el => el.data));
      edges = new Map(elements.map(el => [el.data.id, entry(el, lanes.get(el.data.id))]));
      groups = null;
      schedule();
    },
    /** Updates the edges given that the layer holds (a change of shape goes through `set`); leaves the others. */
    update(elements) {
      for (const el of elements) {
        const old = edges.get(el.data.id);
        if (old) edges.set(el.data.id, entry(el, old));
      }
      groups = null;
      schedule();
    },
    /** Marks one edge (by element id) selected, or none. */
    select(id) {
      const previous = selected;
      selected = id && edges.has(id) ? id : null;
      for (const changed of [previous, selected]) {
        const old = changed && edges.get(changed);
        if (old) edges.set(changed, entry(old.element, old));
      }
      groups = null;
      schedule();
      return selected !== null;
    },
    /** The edge under a point given in model coordinates (a Cytoscape event's `position`), or null. */
    hit(point) {
      return nearestEdge(edges.values(), endsWith(positions()), point, HIT_PIXELS / cy.zoom());
    },
    /** The selected edge's element id, or null. */
    get selected() { return selected; },
    get count() { return edges.size; },
    /** The edges carrying a class, as { source, target } node ids. */
    withClass(name) {
      return [...edges.values()].filter(e => e.classes.split(' ').includes(name)).map(e => ({ id: e.id, source: e.source, target: e.target }));
    },
    /** Draws now rather than on the next frame. */
    drawNow: draw,
    dispose() {
      if (scheduled) cancelAnimationFrame(scheduled);
      cy.off('viewport', schedule);
      cy.off('resize', resized);
      cy.off('position', 'node', schedule);
      cy.off('add remove', 'node', schedule);
      canvas.remove();
    },
  };
}
