import type { AnyModel } from '../model.js';

/** Every AI prompt model; each lives in its own file beside its test. */
export const AI_MODELS: AnyModel[] = [];
