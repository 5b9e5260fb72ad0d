// Reported in JSON and SARIF output; bump with the package version.
export const VERSION = '0.1.0';
