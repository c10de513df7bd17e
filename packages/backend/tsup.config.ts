import type { Options } from 'tsup';
import { packageConfig } from '../../tsup.shared';

// Two entries: the browser-safe main entry and `@clrec/backend/node` (the native addon's loader).
// shims: the CommonJS build needs `import.meta.url` to find the optional native addon (native/build).
const config: Options = { ...(packageConfig(['src/index.ts', 'src/node.ts']) as Options), shims: true };
export default config;
