import type { AnyResponseRule } from '../rule.js';
import breachesOverTimeBlock from './breachesOverTimeBlock.js';
import controlledAndModelBreach from './controlledAndModelBreach.js';
import riskyPromptHold from './riskyPromptHold.js';
import significantAnomalyFromClientBlock from './significantAnomalyFromClientBlock.js';
import significantComplianceActivityBlock from './significantComplianceActivityBlock.js';
import suspiciousSaasActivityBlock from './suspiciousSaasActivityBlock.js';

/** The response policy models of DESIGN §4: the policy's default rules. */
export const DEFAULT_RULES: AnyResponseRule[] = [
  significantAnomalyFromClientBlock,
  controlledAndModelBreach,
  breachesOverTimeBlock,
  suspiciousSaasActivityBlock,
  significantComplianceActivityBlock,
  riskyPromptHold,
] as AnyResponseRule[];
