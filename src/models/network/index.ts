import type { AnyModel } from '../model.js';

/** Every network model; each lives in its own file beside its test. */
export const NETWORK_MODELS: AnyModel[] = [];
