export * from './state.js';
export * from './inputs.js';
export * from './ipc-spec.js';
export * from './ipc-table.js';
export * from './ipc-types.js';
export * from './ipc-walk.js';
