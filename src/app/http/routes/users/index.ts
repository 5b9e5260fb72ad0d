import type { RouteDeclaration } from '../../../../kit/index.js';
import type { AppContext } from '../../../context.js';
import { acceptInvitationRoute } from './accept-invitation.js';
import { userRoutes } from './user-routes.js';

export function usersRoutes(context: AppContext): RouteDeclaration[] {
  return [...userRoutes(context), acceptInvitationRoute(context)];
}
