export { securityEventRoutes } from './security-event-routes.js';
