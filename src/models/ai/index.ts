import type { AnyModel } from '../model.js';
import credentialsInPrompt from './credentials-in-prompt.js';
import jailbreakAttempt from './jailbreak-attempt.js';
import newAgentIdentity from './new-agent-identity.js';
import newAiApplication from './new-ai-application.js';
import personalDataInPrompt from './personal-data-in-prompt.js';
import policyViolation from './policy-violation.js';
import promptActivityOutsideRole from './prompt-activity-outside-role.js';
import promptInjectionAttempt from './prompt-injection-attempt.js';
import riskyPromptFollowingUnusualLogin from './risky-prompt-following-unusual-login.js';
import sensitiveBusinessDataInPrompt from './sensitive-business-data-in-prompt.js';
import unusualPromptVolume from './unusual-prompt-volume.js';

/** Every AI prompt model; each lives in its own file beside its test. */
export const AI_MODELS: AnyModel[] = [
  personalDataInPrompt,
  credentialsInPrompt,
  sensitiveBusinessDataInPrompt,
  promptInjectionAttempt,
  jailbreakAttempt,
  policyViolation,
  unusualPromptVolume,
  newAiApplication,
  newAgentIdentity,
  promptActivityOutsideRole,
  riskyPromptFollowingUnusualLogin,
] as AnyModel[];
