import { AI_MODELS } from './ai/index.js';
import type { AnyModel } from './model.js';
import { NETWORK_MODELS } from './network/index.js';
import { SAAS_MODELS } from './saas/index.js';

/** All detection models. Response policy models live in response/policy (they act, not detect). */
export function allModels(): AnyModel[] {
  return [...NETWORK_MODELS, ...SAAS_MODELS, ...AI_MODELS];
}

export function modelByName(name: string): AnyModel | undefined {
  return allModels().find((m) => m.meta.name === name);
}
