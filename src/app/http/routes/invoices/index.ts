export { invoiceRoutes } from './invoice-routes.js';
