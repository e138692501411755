// The topology layout, off the main thread: the page posts { id, graph, engine } and gets { id, positions } back,
// so the page stays responsive while an estate is laid out. The page sends one request at a time (and, first, an
// empty one that loads this module before any estate needs it).
import { layeredLayout } from './topology-layout.js';

// Dagre comes with Cytoscape (headless here): loaded only once a small estate asks for it.
let dagre = null;

self.onmessage = async event => {
  const { id, graph, engine } = event.data;
  const started = performance.now();
  try {
    if (engine === 'dagre') dagre ??= (await import('./topology-dagre.js')).dagreLayout;
    const { positions } = engine === 'dagre' ? dagre(graph) : layeredLayout(graph);
    self.postMessage({ id, positions, ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ id, error: String(error) }); // the page lays the graph out itself
  }
};
