export * from './api-keys/index.js';
