import type { AnyModel } from '../model.js';
import unusualExternalSource from './unusual-external-source.js';

/** Every SaaS (Microsoft 365 / Entra ID) model; each lives in its own file beside its test. */
export const SAAS_MODELS: AnyModel[] = [unusualExternalSource as AnyModel];
