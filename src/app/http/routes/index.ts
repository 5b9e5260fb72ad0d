import type { RouteDeclaration } from '../../../kit/index.js';
import type { AppContext } from '../../context.js';

/** Every route of the reference API; each resource folder contributes its own list. */
export function appRoutes(_context: AppContext): RouteDeclaration[] {
  return [];
}
