/**
 * `call-elements/core`: the headless controller and its API, no elements, with the default
 * providers registered (see `providers/defaults.ts`).
 * @module
 */
import './providers/defaults.js';
export * from './core/index.js';
