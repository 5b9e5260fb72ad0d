/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of zlib, PNG and
 * gzip. `zlib.crc32` only exists from Node 22, so the 1 KiB table is built here once.
 * A CRC-32 detects every single-byte change and every burst error up to 32 bits, which
 * is exactly the "one mistyped or altered character" case the API key checksum is for.
 */
const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/**
 * CRC-32 of the UTF-8 bytes of `input` (or of the bytes themselves), as an unsigned integer.
 *
 * @example crc32('123456789') === 0xcbf43926 // the standard check value
 */
export function crc32(input: string | Uint8Array): number {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
