// The topology layout, off the main thread: the page posts { graph, engine } and gets { positions } back,
// so the page stays responsive while an estate is laid out.
import { layeredLayout } from './topology-layout.js';
import { dagreLayout } from './topology-dagre.js';

self.onmessage = event => {
  const { graph, engine } = event.data;
  const started = performance.now();
  const { positions } = engine === 'dagre' ? dagreLayout(graph) : layeredLayout(graph);
  self.postMessage({ positions, ms: performance.now() - started });
};
