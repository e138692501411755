// The layered layout the graph has always used for estates of demo size: dagre (network-simplex ranking,
// so a node sits next to what it connects to), run on a headless Cytoscape that holds only the nodes'
// sizes and the edges. Too slow for hundreds of nodes (seconds); those get topology-layout.js instead.
import cytoscape from './lib/cytoscape.esm.min.mjs';
import dagre from './lib/cytoscape-dagre.min.mjs';

cytoscape.use(dagre);

export const DAGRE = { name: 'dagre', rankDir: 'LR', nodeSep: 28, rankSep: 110, edgeSep: 10, animate: false, fit: false };

/** @param {{ nodes: { id: string, width: number, height: number }[], edges: { source: string, target: string }[] }} graph */
export function dagreLayout(graph) {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 'data(width)', height: 'data(height)' } }],
    elements: [
      ...graph.nodes.map(n => ({ group: 'nodes', data: { id: n.id, width: n.width, height: n.height } })),
      ...graph.edges.map((e, i) => ({ group: 'edges', data: { id: `e${i}`, source: e.source, target: e.target } })),
    ],
  });
  cy.layout(DAGRE).run();
  const positions = {};
  cy.nodes().forEach(n => { positions[n.id()] = { ...n.position() }; });
  cy.destroy();
  return { positions };
}
