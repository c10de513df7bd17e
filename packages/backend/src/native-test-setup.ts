// vitest setup: the tests run as Node users do, with `@clrec/backend/node` imported (the native
// addon, where it loads, is used by the kernels); tests of the main entry alone clear the source.
import { nativeStatus } from './native-addon';
import { setNativeStatusSource } from './native-status';

setNativeStatusSource(nativeStatus);
