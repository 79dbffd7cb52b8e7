export * from './common.js';
export * from './auth.js';
export * from './account.js';
export * from './company.js';
export * from './rollout.js';

/** Path prefix of every API route except /health. */
export const API_PREFIX = '/api/v1';
