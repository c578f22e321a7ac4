export * from './wx-crypto.js';
export * from './wx-xml.js';
export * from './wx-buttons.js';
export * from './wx-replay.js';
