import { packageConfig } from '../../tsup.shared';

// the browser-safe main entry and the Node-only `@clrec/metrics/node` (eval-negatives files)
export default packageConfig(['src/index.ts', 'src/node.ts']);
