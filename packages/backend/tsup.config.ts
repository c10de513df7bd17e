import type { Options } from 'tsup';
import { packageConfig } from '../../tsup.shared';

// shims: the CommonJS build needs `import.meta.url` to find the optional native addon (native/build).
const config: Options = { ...(packageConfig() as Options), shims: true };
export default config;
