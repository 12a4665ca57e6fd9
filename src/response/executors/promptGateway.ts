import type { Action } from '../action.js';
import type { Executor } from './executor.js';

/** Implemented by the AI prompt gateway: it holds (refuses or queues) the prompts of an identity. */
export interface PromptHoldTarget {
  hold(identity: string, until: number): void | Promise<void>;
  release(identity: string): void | Promise<void>;
}

/** hold_prompt through the gateway: hold until the action expires, release on revert. */
export class PromptGatewayExecutor implements Executor {
  readonly name = 'prompt-gateway';
  readonly handles = ['hold_prompt'] as const;

  constructor(private readonly gateway: PromptHoldTarget) {}

  async apply(action: Action): Promise<string> {
    await this.gateway.hold(action.target.id, action.expires);
    return `holding prompts of ${action.target.id} until ${new Date(action.expires).toISOString()}`;
  }

  async revert(action: Action): Promise<string> {
    await this.gateway.release(action.target.id);
    return `released prompts of ${action.target.id}`;
  }
}
