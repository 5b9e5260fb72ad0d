// The check families in the order they run. Rate limiting runs after every other active check
// (a 429 it provokes would stall them); version-headers only reads what the others received.
import type { Check } from '../check.js';
import { authnRequiredCheck } from './authn-required.js';
import { authzCheck } from './authz.js';
import { corsCheck } from './cors.js';
import { errorLeakageCheck } from './error-leakage.js';
import { hstsCheck } from './hsts.js';
import { injectionCheck } from './injection.js';
import { jwtCheck } from './jwt.js';
import { massAssignmentCheck } from './mass-assignment.js';
import { pageSizeCheck } from './page-size.js';
import { plainHttpCheck } from './plain-http.js';
import { queryCredentialsCheck } from './query-credentials.js';
import { rateLimitCheck } from './rate-limit.js';
import { refreshCookieCheck } from './refresh-cookie.js';
import { securityHeadersCheck } from './security-headers.js';
import { sensitiveFieldsCheck } from './sensitive-fields.js';
import { tlsCheck } from './tls.js';
import { userEnumCheck } from './user-enum.js';
import { versionHeadersCheck } from './version-headers.js';

export const CHECKS: readonly Check[] = Object.freeze([
  tlsCheck,
  plainHttpCheck,
  hstsCheck,
  securityHeadersCheck,
  corsCheck,
  authnRequiredCheck,
  queryCredentialsCheck,
  jwtCheck,
  authzCheck,
  massAssignmentCheck,
  pageSizeCheck,
  injectionCheck,
  errorLeakageCheck,
  sensitiveFieldsCheck,
  userEnumCheck,
  refreshCookieCheck,
  rateLimitCheck,
  versionHeadersCheck,
]);
