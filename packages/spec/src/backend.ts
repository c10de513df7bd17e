import type { BackendName } from './backend-name';
import type { SpecificationVersion } from './specification-version';

/**
 * Compute backend plugin: how a backend is loaded and made active. `@clrec/backend` provides the
 * built-in ones (`backendPlugin(name)`) and its `initBackend({ backends })` accepts a user's own.
 */
export interface Backend {
  /** Plugin specification version this backend implements. */
  readonly specificationVersion: SpecificationVersion;
  /** Library name of the backend (what `--backend` / `initBackend({ prefer })` selects it by). */
  readonly name: BackendName;
  /**
   * Loads and activates the backend on the shared tfjs engine. Resolves to the tfjs backend name in
   * use (e.g. `wasm`), or rejects with the reason it is unavailable.
   */
  activate(): Promise<string>;
}
