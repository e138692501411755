// The Topology page's graph: Cytoscape with a layered (dagre) layout, loaded by Blazor as an isolated
// ES module and disposed with its component. Data updates keep node positions; only a change in the
// set of nodes or edges lays the graph out again.
import cytoscape from './lib/cytoscape.esm.min.mjs';
import dagre from './lib/cytoscape-dagre.min.mjs';
import { toElements, sameShape, styles, LAYOUT } from './topology-model.js';

cytoscape.use(dagre);

/** Dark when the page background is dark (MudBlazor's theme sets it), so labels stay readable. */
function pageIsDark() {
  const m = getComputedStyle(document.body).backgroundColor.match(/\d+/g);
  return !!m && (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) < 100;
}

export function create(container, dotnet) {
  const dark = pageIsDark();
  const cy = cytoscape({ container, elements: [], style: styles(dark), wheelSensitivity: 0.3, minZoom: 0.15, maxZoom: 3 });
  let layouts = 0;
  let lastLayoutMs = null;

  cy.on('tap', 'node', e => dotnet.invokeMethodAsync('OnSelected', e.target.id(), 'node'));
  cy.on('tap', 'edge', e => dotnet.invokeMethodAsync('OnSelected', e.target.data('edgeId'), 'edge'));
  cy.on('tap', e => { if (e.target === cy) dotnet.invokeMethodAsync('OnSelected', null, null); });

  const handle = {
    setData(topology) {
      const elements = toElements(topology);
      const ids = cy.elements().map(e => e.id());
      if (ids.length > 0 && sameShape(ids, elements)) {
        cy.batch(() => {
          for (const el of [...elements.nodes, ...elements.edges]) {
            const existing = cy.getElementById(el.data.id);
            existing.data(el.data);
            existing.classes(el.classes);
          }
        });
        return { laidOut: false, nodes: elements.nodes.length, edges: elements.edges.length };
      }
      const started = performance.now();
      cy.batch(() => {
        cy.elements().remove();
        cy.add([...elements.nodes, ...elements.edges]);
      });
      cy.layout(LAYOUT).run();
      lastLayoutMs = performance.now() - started;
      layouts++;
      return { laidOut: true, nodes: elements.nodes.length, edges: elements.edges.length, layoutMs: lastLayoutMs };
    },
    fit() { cy.animate({ fit: { padding: 30 } }, { duration: 200 }); },
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
    stats() { return { nodes: cy.nodes().length, edges: cy.edges().length, layouts, lastLayoutMs, positions: cy.nodes().map(n => ({ id: n.id(), ...n.position() })) }; },
    dispose() {
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
  };
  return handle;
}
