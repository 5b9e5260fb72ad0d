import {
  RampartError,
  createOriginCheck,
  type AuthRequest,
  type SecurityEvents,
} from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';

/**
 * Refuses cross-site use of the refresh cookie (403) before it is read. The allowlist is
 * the service's own origin plus RAMPART_CORS_ORIGINS.
 */
export function createCookieOriginGuard(context: AppContext) {
  const { config } = context.loaded;
  const isSameSite = createOriginCheck([config.publicUrl, ...config.corsOrigins]);
  const events: SecurityEvents = context.events;
  return function assertSameSite(request: Pick<AuthRequest, 'headers' | 'ip' | 'requestId'>) {
    if (isSameSite(request.headers)) return;
    const origin = request.headers.origin;
    void events.record(
      'auth.cross_site_rejected',
      { ip: request.ip, requestId: request.requestId },
      typeof origin === 'string' ? { origin: origin.slice(0, 200) } : {},
    );
    throw new RampartError('CROSS_SITE_REQUEST', { internal: 'cookie endpoint: cross-site' });
  };
}
