// Tampered variants of one valid JWT. Each variant is something a correct verifier must reject;
// the checklist item says which mistake accepting it would prove. Built with node:crypto only so
// no JWT library's own safety rails stop us from producing the malformed ones.
import {
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  sign,
  constants,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

export interface Variant {
  name: string;
  itemId: 'JWT-1' | 'JWT-2' | 'JWT-3' | 'JWT-4';
  token: string;
}

type Json = Record<string, unknown>;

const enc = (value: Json): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodePart(part: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Json)
      : undefined;
  } catch {
    return undefined;
  }
}

const hmac = (secret: string | Buffer, input: string): string =>
  createHmac('sha256', secret).update(input).digest('base64url');

/** A fresh key pair for the token's own algorithm, so "foreign signature" is well-formed in every way but the key. */
function freshSigner(
  alg: string,
): { sign: (input: string) => string; publicJwk: Json } | undefined {
  const hash = `sha${alg.slice(2) || '256'}`;
  let pair: { privateKey: KeyObject; publicKey: KeyObject };
  let signer: (input: string) => Buffer;
  if (/^ES(256|384|512)$/.test(alg)) {
    const curve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg] ?? 'P-256';
    pair = generateKeyPairSync('ec', { namedCurve: curve });
    signer = (input) =>
      sign(hash, Buffer.from(input), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' });
  } else if (alg === 'EdDSA' || alg === 'Ed25519') {
    pair = generateKeyPairSync('ed25519');
    signer = (input) => sign(null, Buffer.from(input), pair.privateKey);
  } else if (/^(RS|PS)(256|384|512)$/.test(alg)) {
    pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const padding = alg.startsWith('PS')
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : {};
    signer = (input) => sign(hash, Buffer.from(input), { key: pair.privateKey, ...padding });
  } else {
    return undefined;
  }
  return {
    sign: (input) => signer(input).toString('base64url'),
    publicJwk: pair.publicKey.export({ format: 'jwk' }),
  };
}

/** HMAC secrets an algorithm-confused verifier might use for one published public key. */
export function confusionSecrets(jwk: Json): { label: string; secret: string }[] {
  let pem: string;
  try {
    pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
  } catch {
    return [];
  }
  return [
    { label: 'PEM', secret: pem },
    { label: 'PEM without final newline', secret: pem.trimEnd() },
    { label: 'JWK JSON', secret: JSON.stringify(jwk) },
  ];
}

export interface VariantInput {
  token: string;
  jwks: Json[];
  /** Another user's subject, for the claim-edit variant; a made-up one otherwise. */
  otherSubject: string | undefined;
}

export function buildVariants(input: VariantInput): Variant[] {
  const [h = '', p = '', s = ''] = input.token.split('.');
  const header = decodePart(h) ?? {};
  const payload = decodePart(p) ?? {};
  const alg = typeof header.alg === 'string' ? header.alg : 'ES256';
  const variants: Variant[] = [];

  for (const none of ['none', 'None', 'NONE', 'nOnE']) {
    const unsigned = `${enc({ ...header, alg: none })}.${p}`;
    variants.push({ name: `alg=${none}, empty signature`, itemId: 'JWT-1', token: `${unsigned}.` });
    variants.push({
      name: `alg=${none}, original signature kept`,
      itemId: 'JWT-1',
      token: `${unsigned}.${s}`,
    });
  }

  variants.push({
    name: 'signature stripped (trailing dot)',
    itemId: 'JWT-2',
    token: `${h}.${p}.`,
  });
  variants.push({ name: 'signature stripped (two segments)', itemId: 'JWT-2', token: `${h}.${p}` });
  const foreign = freshSigner(alg);
  if (foreign)
    variants.push({
      name: `signed with a freshly generated ${alg} key`,
      itemId: 'JWT-2',
      token: `${h}.${p}.${foreign.sign(`${h}.${p}`)}`,
    });
  const edits: [string, Json][] = [
    [
      `sub changed to ${input.otherSubject ?? 'another user'}`,
      { sub: input.otherSubject ?? 'usr_rampartaudit0000000000000000' },
    ],
    [
      'role/admin claims added',
      { role: 'owner', roles: ['owner', 'admin'], isAdmin: true, scope: 'admin' },
    ],
    ['exp extended by a year', { exp: Math.floor(Date.now() / 1000) + 365 * 86_400 }],
  ];
  for (const [name, change] of edits)
    variants.push({
      name: `${name}, original signature kept`,
      itemId: 'JWT-2',
      token: `${h}.${enc({ ...payload, ...change })}.${s}`,
    });

  for (const key of input.jwks) {
    for (const { label, secret } of confusionSecrets(key)) {
      const signingInput = `${enc({ ...header, alg: 'HS256', ...(key.kid === undefined ? {} : { kid: key.kid }) })}.${p}`;
      variants.push({
        name: `HS256 with the public key ${typeof key.kid === 'string' ? key.kid : ''} as secret (${label})`,
        itemId: 'JWT-3',
        token: `${signingInput}.${hmac(secret, signingInput)}`,
      });
    }
  }

  const traversal = `${enc({ alg: 'HS256', typ: 'JWT', kid: '../../../../../../../../dev/null' })}.${p}`;
  variants.push({
    name: 'kid=../../dev/null, HS256 with an empty secret',
    itemId: 'JWT-4',
    token: `${traversal}.${hmac(Buffer.alloc(0), traversal)}`,
  });
  const sql = `${enc({ alg: 'HS256', typ: 'JWT', kid: "x' UNION SELECT 'rampart-audit' -- " })}.${p}`;
  variants.push({
    name: 'kid with SQL injection selecting a known secret',
    itemId: 'JWT-4',
    token: `${sql}.${hmac('rampart-audit', sql)}`,
  });
  const embedded = freshSigner('ES256');
  if (embedded) {
    const withJwk = `${enc({ ...header, alg: 'ES256', jwk: embedded.publicJwk })}.${p}`;
    variants.push({
      name: 'own key embedded in the jwk header',
      itemId: 'JWT-4',
      token: `${withJwk}.${embedded.sign(withJwk)}`,
    });
    const withJku = `${enc({ alg: 'ES256', typ: 'JWT', kid: 'rampart-audit', jku: 'https://rampart-audit.invalid/jwks.json' })}.${p}`;
    variants.push({
      name: 'jku header pointing to a foreign key set',
      itemId: 'JWT-4',
      token: `${withJku}.${embedded.sign(withJku)}`,
    });
  }
  return variants;
}

/** JWK members that only private or symmetric keys have (RFC 7518 §6.2.2, §6.3.2, §6.4). */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
