// `rampart audit --help`.
export const USAGE = `Usage: rampart audit <https://host:port> [options]

An HTTP-only checklist audit of a live API (see docs/audit-checks.md).
It contacts only the given origin (and --http-port on the same host).

Target and description
  --openapi <path|url|file>   OpenAPI document (default: /openapi.json on the target)
  --cacert <file>             trust this CA (PEM) for the target's certificate
  --insecure                  do not verify the certificate (trust is then not judged)
  --http-port <port>          also test the plain-HTTP listener on this port

Credentials (values may be env:NAME to read an environment variable)
  --token <jwt>               user A (tenant A)
  --token-b <jwt>             user B (another tenant)
  --token-low <jwt>           a lower-privileged user of tenant A (viewer/member)
  --login <email:password>    log user A in via --login-path instead of --token
  --login-b, --login-low      the same for user B and the lower-privileged user
  --login-path <path>         login endpoint (default: /v1/auth/login)
  --api-key <key>             an API key (X-API-Key)

Bounds
  --max-requests <n>          hard cap on requests (default: 1500)
  --max-rps <n>               pacing, requests per second (default: 50)
  --timeout <seconds>         per request (default: 10)
  --only <ids>, --skip <ids>  comma-separated check ids (see below)
  --dry-run                   list every request instead of sending it

Output
  --json[=file]               JSON report (stdout when no file)
  --sarif[=file]              SARIF 2.1.0
  --junit[=file]              JUnit XML
  --fail-on <severity>        exit 1 at or above: critical|high|medium|low|info|none (default: medium)
  --quiet                     no progress on stderr
  --no-color                  plain terminal report

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or target error.
Check ids: `;
