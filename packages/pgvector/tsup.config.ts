import type { Options } from 'tsup';
import { packageConfig } from '../../tsup.shared';

// the browser-safe main entry (SQL over any SqlClient, parsing, errors) and the Node-only
// `@clrec/pgvector/node` (the worker-thread connection and the index); shims: the CommonJS build
// needs `import.meta.url` to resolve the database drivers the SQL worker loads.
const config: Options = { ...(packageConfig(['src/index.ts', 'src/node.ts']) as Options), shims: true };
export default config;
