import { packageConfig } from '../../tsup.shared';

// the browser-safe main entry and the Node-only `@clrec/retrieval/node` (HNSW on the usearch native module)
export default packageConfig(['src/index.ts', 'src/node.ts']);
