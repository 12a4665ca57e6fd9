import type { AnyModel } from '../model.js';
import azureApplicationAdministrationActivities from './azure-application-administration-activities.js';
import impossibleTravel from './impossible-travel.js';
import inboxRuleHidingMail from './inbox-rule-hiding-mail.js';
import loginFromRareFollowingSuspiciousLoginAttempts from './login-from-rare-following-suspicious-login-attempts.js';
import newApplicationServicePrincipal from './new-application-service-principal.js';
import newEmailRule from './new-email-rule.js';
import oauthPermissionGrant from './oauth-permission-grant.js';
import passwordSpray from './password-spray.js';
import possibleOutboundEmailSpam from './possible-outbound-email-spam.js';
import suspiciousInternalExchangeActivity from './suspicious-internal-exchange-activity.js';
import suspiciousLoginAndSuspiciousOutboundEmails from './suspicious-login-and-suspicious-outbound-emails.js';
import suspiciousLoginAttempt from './suspicious-login-attempt.js';
import unusualExternalSource from './unusual-external-source.js';
import unusualLocationForSaasAndEmailActivity from './unusual-location-for-saas-and-email-activity.js';
import unusualLoginAndNewEmailRule from './unusual-login-and-new-email-rule.js';
import unusualLoginAndOutboundEmailSpam from './unusual-login-and-outbound-email-spam.js';
import unusualLoginFollowingOauthGrant from './unusual-login-following-oauth-grant.js';

/** Every SaaS (Microsoft 365 / Entra ID) model; each lives in its own file beside its test. */
export const SAAS_MODELS: AnyModel[] = [
  unusualExternalSource,
  suspiciousLoginAttempt,
  loginFromRareFollowingSuspiciousLoginAttempts,
  unusualLocationForSaasAndEmailActivity,
  oauthPermissionGrant,
  unusualLoginFollowingOauthGrant,
  newApplicationServicePrincipal,
  azureApplicationAdministrationActivities,
  newEmailRule,
  unusualLoginAndNewEmailRule,
  suspiciousInternalExchangeActivity,
  possibleOutboundEmailSpam,
  unusualLoginAndOutboundEmailSpam,
  suspiciousLoginAndSuspiciousOutboundEmails,
  impossibleTravel,
  passwordSpray,
  inboxRuleHidingMail,
] as AnyModel[];
