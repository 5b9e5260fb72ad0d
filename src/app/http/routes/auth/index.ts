import type { RouteDeclaration } from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import { jwksRoute } from './jwks.js';
import { loginRoute } from './login.js';
import { logoutAllRoute } from './logout-all.js';
import { logoutRoute } from './logout.js';
import { meRoute } from './me.js';
import { refreshRoute } from './refresh.js';
import { registerRoute } from './register.js';

/** Identity routes (API.md "Authentication"). */
export function authRoutes(context: AppContext): RouteDeclaration[] {
  return [
    registerRoute(context),
    loginRoute(context),
    refreshRoute(context),
    logoutRoute(context),
    logoutAllRoute(context),
    meRoute(context),
    jwksRoute(context),
  ];
}
