import { describe, expect, it } from 'vitest';
import { BearerAuth, checkToken } from './serve-auth';
import { HttpError } from './serve-request';

describe('serve: bearer token', () => {
  const auth = new BearerAuth('s3cret-Token_1.2~3+/==');

  it('accepts exactly "Bearer <token>" (scheme in any case)', () => {
    expect(auth.matches('Bearer s3cret-Token_1.2~3+/==')).toBe(true);
    expect(auth.matches('bearer s3cret-Token_1.2~3+/==')).toBe(true);
    expect(auth.matches('BEARER   s3cret-Token_1.2~3+/== ')).toBe(true);
    for (const bad of [undefined, '', 'Bearer', 'Bearer ', 's3cret-Token_1.2~3+/==', 'Basic s3cret-Token_1.2~3+/==', 'Bearer s3cret-Token_1.2~3+/=', 'Bearer s3cret-Token_1.2~3+/===',
      'Bearer S3cret-Token_1.2~3+/==', 'Bearer s3cret-Token_1.2~3+/== extra', ['Bearer s3cret-Token_1.2~3+/==']]) {
      expect(auth.matches(bad as string | undefined), String(bad)).toBe(false);
    }
  });

  it('answers 401 with WWW-Authenticate and never echoes the token', () => {
    const caught = (header: string | undefined) => {
      try {
        auth.check(header);
      } catch (e) {
        return e as HttpError;
      }
      throw new Error('no 401');
    };
    const missing = caught(undefined);
    expect(missing).toBeInstanceOf(HttpError);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="clrec"');
    expect(missing.message).toMatch(/authentication required/);
    const wrong = caught('Bearer guess-guess-guess');
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="clrec", error="invalid_token"');
    expect(wrong.message).not.toMatch(/guess|s3cret/);
    expect(() => auth.check('Bearer s3cret-Token_1.2~3+/==')).not.toThrow();
  });

  it('checks the token form without echoing it', () => {
    expect(() => checkToken('short', '--token')).toThrow(/--token: the bearer token must have at least 8 characters, got 5/);
    expect(() => checkToken('has a space in it', 'CLREC_SERVE_TOKEN')).toThrow(/CLREC_SERVE_TOKEN: the bearer token may only hold/);
    expect(() => checkToken('has a space in it', 'CLREC_SERVE_TOKEN')).not.toThrow(/space in/);
    expect(() => new BearerAuth('bad\ntoken!')).toThrow(RangeError);
    expect(() => checkToken('abcdefgh', '--token')).not.toThrow();
  });
});
