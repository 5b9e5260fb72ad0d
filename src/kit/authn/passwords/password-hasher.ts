import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** argon2id cost parameters, as recorded in the PHC string (`m=…,t=…,p=…`). */
export interface Argon2Parameters {
  /** Memory in KiB. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** OWASP Password Storage Cheat Sheet, argon2id option 2: m=19 MiB, t=2, p=1. */
export const OWASP_ARGON2ID: Argon2Parameters = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/** The const enum value of argon2id (isolatedModules cannot read a declared const enum). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- declared const enum, see above
const ARGON2ID = 2 as Algorithm;

export interface PasswordVerification {
  readonly valid: boolean;
  /** True when the stored hash used other parameters: store a fresh hash after a good login. */
  readonly needsRehash: boolean;
}

export interface PasswordHasher {
  readonly parameters: Argon2Parameters;
  hash(password: string): Promise<string>;
  verify(stored: string, password: string): Promise<PasswordVerification>;
  /** Burns the same work as a real verification, for accounts that do not exist. */
  verifyDummy(password: string): Promise<false>;
}

export interface PasswordHasherOptions {
  /**
   * Lower costs for test suites ONLY. It is a named code option, never read from the
   * environment, so a production deployment cannot be talked into weak hashing.
   */
  readonly testOnlyWeakParameters?: Argon2Parameters;
}

/**
 * argon2id password hashing through @node-rs/argon2, whose async API runs on the libuv
 * pool (off the event loop). Production parameters are fixed at {@link OWASP_ARGON2ID}.
 *
 * @example
 * const hasher = await createPasswordHasher();
 * const stored = await hasher.hash('correct horse battery staple');
 * const { valid, needsRehash } = await hasher.verify(stored, input);
 */
export async function createPasswordHasher(
  options: PasswordHasherOptions = {},
): Promise<PasswordHasher> {
  const parameters = Object.freeze({ ...(options.testOnlyWeakParameters ?? OWASP_ARGON2ID) });
  const argonOptions = { algorithm: ARGON2ID, outputLen: 32, ...parameters };
  // A real hash of a random password, so unknown-account checks cost exactly the same.
  const dummy = await hash(cryptoRandomPassword(), argonOptions);
  const expected = `$argon2id$v=19$m=${parameters.memoryCost},t=${parameters.timeCost},p=${parameters.parallelism}$`;
  return Object.freeze({
    parameters,
    hash: (password: string) => hash(password, argonOptions),
    async verify(stored: string, password: string): Promise<PasswordVerification> {
      let valid = false;
      try {
        valid = await verify(stored, password);
      } catch {
        valid = false; // a malformed stored hash is a failed login, never a 500 with details
      }
      return { valid, needsRehash: valid && !stored.startsWith(expected) };
    },
    async verifyDummy(password: string): Promise<false> {
      await verify(dummy, password).catch(() => false);
      return false;
    },
  });
}

function cryptoRandomPassword(): string {
  return globalThis.crypto.randomUUID() + globalThis.crypto.randomUUID();
}
