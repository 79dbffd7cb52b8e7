export * from './errors.js';
export * from './error-messages.js';
export * from './two-factor.js';
export * from './rollout-rules.js';
export * from './protection-lowering.js';
export * from './passwords.js';
export * from './api/index.js';
export * from './ipc/index.js';
