/**
 * A configuration problem. Its message is one line naming the setting and what is
 * allowed; it never contains the rejected value of a secret.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly setting: string;
  readonly code = 'CONFIG_INVALID';

  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.setting = setting;
  }
}
