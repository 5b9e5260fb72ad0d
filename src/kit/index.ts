/**
 * Rampart kit: the public API. App and CLI import from here only (lint enforces it).
 */
export * from './errors/index.js';
export * from './crypto/index.js';
export * from './config/index.js';
export * from './observe/index.js';
export * from './store/index.js';
export * from './authn/index.js';
export * from './authz/index.js';
export * from './http/index.js';
export * from './limits/index.js';
export { default as Type, type Static, type TSchema } from 'typebox';
