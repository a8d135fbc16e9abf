import { mailApi, MailErrorCode, type RemoteImages } from '@switchboard/contracts';
import { AppError, conflict, notFound, requireUser, serve, type UserCaller } from '@switchboard/service-kit';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { loadEmail } from '../emails/email-access';
import { AGENTS_ONLY } from '../errors';
import { fetchRemoteImage, RemoteImageError, type RemoteImageOptions } from './remote-image-fetch';

async function remoteImagesOf(app: FastifyInstance, caller: UserCaller, emailId: string, allow: boolean): Promise<RemoteImages> {
  await loadEmail(app.orm.em, caller, emailId);
  if (allow) await app.orm.em.execute('update mail.remote_image set allowed = true where email_id = ? and not allowed', [emailId]);
  const [row] = await app.orm.em.execute<{ count: string; allowed: boolean | null }[]>(
    'select count(*) as count, bool_and(allowed) as allowed from mail.remote_image where email_id = ?',
    [emailId],
  );
  const count = Number(row?.count ?? 0);
  return { count, allowed: count > 0 && row?.allowed === true };
}

/**
 * Remote images of received emails (issue 13): held back until an agent who may read the email
 * allows them, remembered for the email; then mail fetches each for the browser
 * (`fetchRemoteImage`), so the reader's browser never contacts the sender's server.
 */
export const remoteImagesRoutes: FastifyPluginAsync<RemoteImageOptions> = async (app, options) => {
  serve(app, mailApi.getRemoteImages, async (request) => remoteImagesOf(app, requireUser(request, AGENTS_ONLY), request.params.id, false));
  serve(app, mailApi.allowRemoteImages, async (request) => remoteImagesOf(app, requireUser(request, AGENTS_ONLY), request.params.id, true));
  serve(app, mailApi.remoteImageContent, async (request, reply) => {
    const { id, position } = request.params;
    await loadEmail(app.orm.em, requireUser(request, AGENTS_ONLY), id);
    const [image] = await app.orm.em.execute<{ url: string; allowed: boolean }[]>(
      'select url, allowed from mail.remote_image where email_id = ? and position = ?',
      [id, position],
    );
    if (!image) throw notFound(MailErrorCode.remoteImageNotFound, `Email ${id} has no remote image ${position}`);
    if (!image.allowed) throw conflict(MailErrorCode.remoteImagesBlocked, 'Remote images of this email are not allowed yet');
    let fetched;
    try {
      fetched = await fetchRemoteImage(image.url, options);
    } catch (error) {
      if (!(error instanceof RemoteImageError)) throw error;
      throw new AppError(502, MailErrorCode.remoteImageUnavailable, `The image could not be fetched: ${error.message}`);
    }
    return reply
      .header('content-type', fetched.contentType)
      .header('cache-control', 'private, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(fetched.bytes);
  });
};
