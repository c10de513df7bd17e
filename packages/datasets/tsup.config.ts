import { packageConfig } from '../../tsup.shared';

// the browser-safe main entry and the Node-only `@clrec/datasets/node` (file loaders and writer)
export default packageConfig(['src/index.ts', 'src/node.ts']);
