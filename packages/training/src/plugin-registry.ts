/**
 * A table of named plugin factories of one kind (losses, negative queues, user encoders, …): the only
 * place a plugin's name is spelled. The CLI's choices, config validation, help text and the trainer's
 * lookups all read it, so adding a plugin is one `register` call. As tfjs's kernel registry does, it
 * refuses a second entry under a taken name instead of silently replacing the first.
 * @typeParam E the entry type (a factory plus the facts the trainer needs before building it)
 */
export class PluginRegistry<E extends { readonly description: string }> {
  private readonly entries = new Map<string, E>();

  /** @param kind what the entries are, for error messages (e.g. `loss`, `queue`) */
  constructor(readonly kind: string) {}

  /**
   * Adds `entry` under `name`.
   * @throws Error when `name` is already registered (unregister it first to replace it) or is empty
   */
  register(name: string, entry: E): this {
    if (!/^[a-z0-9][a-z0-9:_-]*$/.test(name)) throw new Error(`${this.kind} registry: invalid name "${name}" (lower-case letters, digits, '-', '_', ':')`);
    if (this.entries.has(name)) throw new Error(`${this.kind} registry: "${name}" is already registered; call unregister("${name}") first to replace it`);
    this.entries.set(name, entry);
    return this;
  }

  /** Removes `name`; returns whether it was registered. */
  unregister(name: string): boolean {
    return this.entries.delete(name);
  }

  /** Whether `name` is registered. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The entry named `name`.
   * @throws Error listing the registered names when there is none
   */
  get(name: string): E {
    const e = this.entries.get(name);
    if (!e) throw new Error(`unknown ${this.kind} "${name}"; valid: ${this.names().join(', ')}`);
    return e;
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** `name (description) | …` for help texts. */
  describe(): string {
    return [...this.entries].map(([n, e]) => `${n} (${e.description})`).join(' | ');
  }
}
