export { toBase62, base62Length, BASE62_PATTERN } from './base62.js';
export { randomId, idPattern, randomToken, ID_BITS, ID_BODY_LENGTH } from './random.js';
export { safeEqual, sha256Hex, hmacSha256 } from './compare.js';
