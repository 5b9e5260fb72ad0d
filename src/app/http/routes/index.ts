import type { RouteDeclaration } from '../../../kit/index.js';
import type { AppContext } from '../../context.js';
import { apiKeyRoutes } from './api-keys/index.js';
import { authRoutes } from './auth/index.js';
import { invoiceRoutes } from './invoices/index.js';
import { securityEventRoutes } from './security-events/index.js';
import { usersRoutes } from './users/index.js';

/** Every route of the reference API; each resource folder contributes its own list. */
export function appRoutes(context: AppContext): RouteDeclaration[] {
  return [
    ...authRoutes(context),
    ...invoiceRoutes(context),
    ...usersRoutes(context),
    ...securityEventRoutes(context),
    ...apiKeyRoutes(context),
  ];
}
