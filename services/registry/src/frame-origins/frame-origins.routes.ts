import { frameOriginsApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';

/** `/frame-origins`: the Page-in-page allowlist (P1), public to read, admins change it. */
export const frameOriginsRoutes: FastifyPluginAsync = async (app) => {
  const origins = () => app.frameOriginsRepository;
  serve(app, frameOriginsApi.listFrameOrigins, async () => origins().list());
  serve(app, frameOriginsApi.addFrameOrigin, async (request) => origins().add(callerOf(request), request.body.origin));
  serve(app, frameOriginsApi.removeFrameOrigin, async (request) => origins().remove(callerOf(request), request.query.origin));
};
