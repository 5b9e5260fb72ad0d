import { inspect } from 'node:util';

const REDACTED = '[secret]';

/**
 * A secret value that cannot leak by accident: it prints, logs and serializes as
 * `[secret]`. Reading it is explicit (`reveal()`), which makes every use greppable.
 */
export class Secret<T = Uint8Array> {
  readonly #value: T;
  /** Where it came from, for startup diagnostics (never the value). */
  readonly source: 'environment' | 'file' | 'generated';

  constructor(value: T, source: Secret['source']) {
    this.#value = value;
    this.source = source;
  }

  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
