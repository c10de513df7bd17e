import { PgvectorError } from './errors';

/**
 * Where the vectors live: an embedded PGlite store (Postgres compiled to WASM, in this process's
 * worker thread), in memory or persisted in `dataDir`, or a Postgres server reached through the
 * `pg` client. Both need the pgvector extension (bundled with PGlite; `CREATE EXTENSION vector` on a
 * server).
 */
export type PgvectorConnection =
  | { kind: 'pglite'; /** Directory of a persistent store (created when missing); absent: in memory. */ dataDir?: string }
  | { kind: 'postgres'; /** `postgres://user:password@host:port/database` (or `postgresql://…`). */ url: string };

/**
 * Parses a connection: `postgres://…` / `postgresql://…` (a server), `pglite:` (embedded, in memory),
 * `pglite:DIR` or a plain path (embedded, persisted in DIR, as given: the Node side resolves a relative
 * one against the working directory when it opens it); an object is checked and returned.
 * @throws PgvectorError `bad-connection` for another scheme, a URL that does not parse, or an empty string
 */
export function parseConnection(spec: string | PgvectorConnection | undefined): PgvectorConnection {
  if (spec === undefined) return { kind: 'pglite' };
  if (typeof spec === 'object' && spec !== null) {
    if (spec.kind === 'pglite') {
      if (spec.dataDir !== undefined && (typeof spec.dataDir !== 'string' || spec.dataDir === '')) {
        throw new PgvectorError('bad-connection', 'pglite connection: dataDir must be a non-empty path (or absent for an in-memory store)');
      }
      return spec.dataDir === undefined ? { kind: 'pglite' } : { kind: 'pglite', dataDir: spec.dataDir };
    }
    if (spec.kind === 'postgres') return parseConnection(spec.url);
    throw new PgvectorError('bad-connection', `unknown connection kind "${String((spec as { kind: unknown }).kind)}"; valid: pglite, postgres`);
  }
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new PgvectorError('bad-connection', 'empty connection: give postgres://user@host:port/db, pglite:DIR, pglite: (in memory) or a directory');
  }
  const s = spec.trim();
  if (/^postgres(ql)?:\/\//i.test(s)) {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      throw new PgvectorError('bad-connection', `${redactUrl(s)} is not a valid postgres:// URL (expected postgres://user:password@host:port/database)`);
    }
    if (!url.hostname && !url.searchParams.get('host')) {
      throw new PgvectorError('bad-connection', `${redactUrl(s)} names no host (expected postgres://user:password@host:port/database)`);
    }
    if (url.port && !(Number(url.port) >= 1 && Number(url.port) <= 65535)) throw new PgvectorError('bad-connection', `${redactUrl(s)}: port ${url.port} is out of range`);
    return { kind: 'postgres', url: s };
  }
  const pglite = /^pglite:(.*)$/i.exec(s);
  if (pglite) return pglite[1] === '' ? { kind: 'pglite' } : { kind: 'pglite', dataDir: pglite[1].replace(/^\/\/(?=\/)/, '') };
  // a scheme of two or more letters (one letter is a Windows drive) that is not ours
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(s);
  if (scheme) {
    throw new PgvectorError('bad-connection', `unsupported connection "${redactUrl(s)}" (scheme ${scheme[1]}:); valid: postgres://user@host:port/db, pglite:DIR, pglite: (in memory) or a directory`);
  }
  return { kind: 'pglite', dataDir: s };
}

/** A connection for logs and errors, the password masked: `postgres://app:***@db:5432/recs`, `embedded PGlite at /srv/store`. */
export function describeConnection(c: PgvectorConnection): string {
  if (c.kind === 'postgres') return redactUrl(c.url);
  return c.dataDir ? `embedded PGlite at ${c.dataDir}` : 'embedded PGlite (in memory)';
}

/** `scheme://user:secret@host` → `scheme://user:***@host` (best effort, also for strings that do not parse). */
function redactUrl(s: string): string {
  return s.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@').replace(/([?&]password=)[^&]*/i, '$1***');
}
