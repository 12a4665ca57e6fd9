/** The error body OpenAI-compatible clients understand: `{error:{message,type,param,code}}`. */
export interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string };
}

export function openAiError(message: string, type: string, code: string): OpenAiError {
  return { error: { message, type, param: null, code } };
}
