import { alertJson } from '../../export/alert.js';
import { postWebhook, type WebhookTarget } from '../../export/webhook.js';
import type { Action } from '../action.js';
import type { Executor } from './executor.js';

/**
 * Hands every action to an outside system (SOAR, ticketing, a firewall of its own) as signed JSON:
 * `{"event":"apply"|"revert","action":{...}}` with an HMAC-SHA256 signature header.
 */
export class WebhookExecutor implements Executor {
  readonly name = 'webhook';
  readonly handles = [
    'block_connections',
    'enforce_pattern_of_life',
    'quarantine_device',
    'force_logout',
    'disable_user',
    'remove_inbox_rule',
    'disable_service_principal',
    'hold_prompt',
  ] as const;

  constructor(private readonly target: WebhookTarget) {}

  async apply(action: Action): Promise<string> {
    const status = await postWebhook(this.target, { event: 'apply', action: alertJson({ type: 'action', action }) });
    return `webhook answered ${status}`;
  }

  async revert(action: Action): Promise<string> {
    const status = await postWebhook(this.target, { event: 'revert', action: alertJson({ type: 'action', action }) });
    return `webhook answered ${status}`;
  }
}
