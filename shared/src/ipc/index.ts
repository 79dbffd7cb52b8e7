export * from './state.js';
export * from './channels.js';
export * from './schemas.js';
