import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './serve-request';

/** The environment variable `clrec serve` reads the bearer token from when `--token` is not given. */
export const SERVE_TOKEN_ENV = 'CLREC_SERVE_TOKEN';

/** Shortest bearer token accepted (characters). */
export const MIN_TOKEN_LENGTH = 8;

/**
 * Checks a bearer token's form: at least {@link MIN_TOKEN_LENGTH} characters of the RFC 6750
 * `b64token` alphabet (letters, digits, `-._~+/`, trailing `=`), so it fits an `Authorization` header as is.
 * The message never contains the token.
 * @param source where it came from, for the message (`--token` or the environment variable)
 * @throws RangeError naming `source`
 */
export function checkToken(token: string, source: string): void {
  if (token.length < MIN_TOKEN_LENGTH) throw new RangeError(`${source}: the bearer token must have at least ${MIN_TOKEN_LENGTH} characters, got ${token.length}`);
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) {
    throw new RangeError(`${source}: the bearer token may only hold letters, digits and - . _ ~ + / (then = padding); no spaces or other characters`);
  }
}

/**
 * A request guard for `Authorization: Bearer <token>`. The presented token and the expected one are
 * compared as SHA-256 digests with `crypto.timingSafeEqual` (equal-length buffers), so the time taken
 * reveals neither the token's characters nor its length.
 */
export class BearerAuth {
  private readonly digest: Buffer;

  /** @param token the secret every guarded request must present (see {@link checkToken}) */
  constructor(token: string) {
    checkToken(token, 'bearer token');
    this.digest = sha256(token);
  }

  /** Whether an `Authorization` header value carries the token (scheme case-insensitive). */
  matches(header: string | string[] | undefined): boolean {
    if (typeof header !== 'string') return false;
    const m = /^Bearer +(\S+) *$/i.exec(header);
    const presented = sha256(m ? m[1] : '');
    // compare even without a match, so a malformed header takes as long as a wrong token
    return timingSafeEqual(presented, this.digest) && m !== null;
  }

  /**
   * Throws the 401 a request without the token gets: `WWW-Authenticate: Bearer` (with
   * `error="invalid_token"` when a wrong token was sent) and a reason that never echoes what was sent.
   * @throws HttpError 401 unless {@link matches}
   */
  check(header: string | string[] | undefined): void {
    if (this.matches(header)) return;
    if (header === undefined) {
      throw new HttpError(401, 'authentication required: send the header "Authorization: Bearer <token>"', {}, { 'www-authenticate': 'Bearer realm="clrec"' });
    }
    throw new HttpError(401, 'invalid bearer token: the Authorization header must be "Bearer <token>" with the server\'s token', {}, {
      'www-authenticate': 'Bearer realm="clrec", error="invalid_token"',
    });
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
