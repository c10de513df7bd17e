import { it } from 'vitest';
import { initBackend } from '../src/index';
it('x', async () => { console.log(JSON.stringify(await initBackend({ log: (l) => console.log(l) }))); });
