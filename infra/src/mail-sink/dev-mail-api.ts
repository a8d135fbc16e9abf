import {
  DevMailErrorCode,
  DevMailIdParamSchema,
  DevMailListSchema,
  DevMailMessageSchema,
  errorResponses,
} from '@switchboard/contracts';
import { type AuthOptions, createServiceApp, notFound, type ServiceApp } from '@switchboard/service-kit';
import { Type } from '@sinclair/typebox';
import type { DevMailStore } from './dev-mail-store';

/** What the sink's HTTP API needs. */
export interface DevMailApiOptions {
  /** The messages to show. */
  store: DevMailStore;
  /** Token verification keys (identity's JWKS); callers need a token of audience `mail`. */
  getKey: AuthOptions['getKey'];
}

/**
 * The sink's API, behind the gateway at /api/dev-mail: list, read, download and clear what the
 * platform sent. Callers use a token of audience `mail`, as for the mail service itself.
 */
export async function buildDevMailApi(options: DevMailApiOptions): Promise<ServiceApp> {
  const { store } = options;
  const app = await createServiceApp({ name: 'dev-mail', logger: false, auth: { audience: 'mail', getKey: options.getKey } });
  const tags = ['dev-mail'];
  const find = (id: string) => {
    const found = store.get(id);
    if (!found) throw notFound(DevMailErrorCode.messageNotFound, `No message ${id} in the dev mail sink`);
    return found;
  };

  app.get('/messages', { schema: { tags, response: { 200: DevMailListSchema, ...errorResponses } } }, async () => ({
    items: store.list(),
  }));

  app.get(
    '/messages/:id',
    { schema: { tags, params: DevMailIdParamSchema, response: { 200: DevMailMessageSchema, ...errorResponses } } },
    async (request) => find(request.params.id).message,
  );

  app.get(
    '/messages/:id/raw',
    { schema: { tags, params: DevMailIdParamSchema, response: { 200: Type.Unknown(), ...errorResponses } } },
    async (request, reply) => {
      const { raw, message } = find(request.params.id);
      return reply
        .type('message/rfc822')
        .header('content-disposition', `attachment; filename="${message.id}.eml"`)
        .send(raw);
    },
  );

  app.delete('/messages', { schema: { tags, response: { 204: Type.Null(), ...errorResponses } } }, async (_request, reply) => {
    store.clear();
    return reply.status(204).send(null);
  });

  return app;
}
