/**
 * Version of the plugin specification an implementation targets. Every plugin interface of this
 * package carries it as `readonly specificationVersion: 'v1'` (as vercel/ai's `LanguageModelV2` does),
 * so a host can tell at run time which contract an object was written against and reject — or adapt —
 * a plugin written for another version, instead of failing deep inside a training step.
 *
 * Implementations write it as a literal: `readonly specificationVersion = 'v1' as const`.
 */
export type SpecificationVersion = 'v1';
