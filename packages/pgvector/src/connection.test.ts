import { describe, expect, it } from 'vitest';
import { describeConnection, parseConnection } from './connection';
import { PgvectorError } from './errors';
import { parseTableName } from './table-name';

describe('parseConnection', () => {
  it('reads postgres URLs, pglite: stores and plain directories', () => {
    expect(parseConnection(undefined)).toEqual({ kind: 'pglite' });
    expect(parseConnection('pglite:')).toEqual({ kind: 'pglite' });
    expect(parseConnection('pglite:/srv/store')).toEqual({ kind: 'pglite', dataDir: '/srv/store' });
    expect(parseConnection('pglite:rel/store')).toEqual({ kind: 'pglite', dataDir: 'rel/store' });
    expect(parseConnection('./store')).toEqual({ kind: 'pglite', dataDir: './store' });
    expect(parseConnection('postgres://app:pw@db:5432/recs')).toEqual({ kind: 'postgres', url: 'postgres://app:pw@db:5432/recs' });
    expect(parseConnection('postgresql://db/recs').kind).toBe('postgres');
    expect(parseConnection({ kind: 'pglite', dataDir: 'x' })).toEqual({ kind: 'pglite', dataDir: 'x' });
  });

  it('rejects other schemes, malformed URLs and empty strings with bad-connection', () => {
    const code = (spec: unknown) => {
      try {
        parseConnection(spec as string);
      } catch (e) {
        expect(e).toBeInstanceOf(PgvectorError);
        return [(e as PgvectorError).code, (e as Error).message];
      }
      return null;
    };
    expect(code('mysql://root:secret@db/x')).toEqual(['bad-connection', expect.stringMatching(/unsupported connection "mysql:\/\/root:\*\*\*@db\/x" \(scheme mysql:\)/)]);
    expect(code('postgres://')).toEqual(['bad-connection', expect.stringMatching(/names no host|not a valid/)]);
    expect(code('postgres://db:99999/x')).toEqual(['bad-connection', expect.stringMatching(/port|not a valid/)]);
    expect(code('  ')).toEqual(['bad-connection', expect.stringMatching(/^empty connection/)]);
    expect(code({ kind: 'sqlite' })).toEqual(['bad-connection', expect.stringMatching(/unknown connection kind "sqlite"/)]);
    // the password never shows in a message
    expect(code('postgres://app:hunter2@db:99999/x')![1]).not.toMatch(/hunter2/);
  });

  it('describes a connection with the password masked', () => {
    expect(describeConnection(parseConnection('postgres://app:hunter2@db:5432/recs'))).toBe('postgres://app:***@db:5432/recs');
    expect(describeConnection(parseConnection('postgres://db/recs?password=hunter2'))).toBe('postgres://db/recs?password=***');
    expect(describeConnection({ kind: 'pglite' })).toBe('embedded PGlite (in memory)');
    expect(describeConnection({ kind: 'pglite', dataDir: '/srv/s' })).toBe('embedded PGlite at /srv/s');
  });
});

describe('parseTableName', () => {
  it('accepts plain lower-case names, optionally schema-qualified, and quotes them', () => {
    expect(parseTableName('items')).toMatchObject({ schema: null, name: 'items', sql: '"items"' });
    expect(parseTableName('recs.items_v2')).toMatchObject({ schema: 'recs', name: 'items_v2', sql: '"recs"."items_v2"' });
    for (const bad of ['Items', '1items', 'a.b.c', 'x; DROP TABLE y', '', 'a'.repeat(41), 'items"']) {
      expect(() => parseTableName(bad), bad).toThrow(/table name .* is not valid/);
    }
  });
});
