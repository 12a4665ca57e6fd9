import type { AnyModel } from '../model.js';

/** Every SaaS (Microsoft 365 / Entra ID) model; each lives in its own file beside its test. */
export const SAAS_MODELS: AnyModel[] = [];
