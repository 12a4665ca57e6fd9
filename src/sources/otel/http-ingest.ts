import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AiPromptEvent } from '../../events/event.js';
import type { IngestRefusal } from '../prompts/http-ingest.js';
import { genAiEventsFromTraces } from './genai.js';
import type { OtlpTraceRequest } from './otlp-json.js';

export interface OtlpIngestOptions {
  onEvents(events: AiPromptEvent[], request: FastifyRequest): void | Promise<void>;
  /** `false` answers 401; a refusal answers its own status (403 for a caller without the right). */
  authenticate(request: FastifyRequest): boolean | IngestRefusal | Promise<boolean | IngestRefusal>;
  /** Default `/v1/traces`, the OTLP/HTTP path exporters post to. */
  path?: string;
  /** Default 10 MiB. */
  bodyLimit?: number;
}

/**
 * An OTLP/HTTP receiver for traces in the JSON encoding (`Content-Type: application/json`), so an
 * application's OpenTelemetry exporter can send its GenAI spans straight to telltale. Answers as
 * OTLP/HTTP does: 200 with an ExportTraceServiceResponse (`partialSuccess` when spans were
 * dropped), 400 for a body that is not a traces request, 401 without credentials, 415 for
 * protobuf (not supported; configure the exporter with `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`).
 */
export const otlpIngestPlugin: FastifyPluginAsync<OtlpIngestOptions> = async (scope, opts) => {
  scope.addContentTypeParser('application/x-protobuf', (_req, _payload, done) => done(null, undefined));
  scope.post(opts.path ?? '/v1/traces', { bodyLimit: opts.bodyLimit ?? 10 * 1024 * 1024 }, async (req, reply) => {
    const access = await opts.authenticate(req);
    if (access === false) return reply.code(401).send({ code: 16, message: 'authentication required' });
    // gRPC status codes, as OTLP/HTTP bodies carry them: 16 unauthenticated, 7 permission denied.
    if (access !== true)
      return reply.code(access.status).send({ code: access.status === 401 ? 16 : 7, message: access.message });
    if (req.headers['content-type']?.startsWith('application/x-protobuf')) {
      return reply
        .code(415)
        .send({ code: 3, message: 'only OTLP/HTTP JSON is accepted (set the exporter protocol to http/json)' });
    }
    const body = req.body as OtlpTraceRequest | undefined;
    if (body === null || typeof body !== 'object' || !Array.isArray(body.resourceSpans)) {
      return reply.code(400).send({ code: 3, message: 'expected an ExportTraceServiceRequest with "resourceSpans"' });
    }
    const events = genAiEventsFromTraces(body, { input: 'otlp:http' });
    for (const e of events) e.source.cursor = `${req.id}:${e.source.cursor ?? ''}`;
    if (events.length > 0) await opts.onEvents(events, req);
    return reply.code(200).send({});
  });
};

export function registerOtlpIngest(app: FastifyInstance, opts: OtlpIngestOptions): FastifyInstance {
  return app.register(otlpIngestPlugin, opts) as unknown as FastifyInstance;
}
