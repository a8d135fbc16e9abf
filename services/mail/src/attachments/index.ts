export { attachmentsRoutes, EMAIL_VERSION_HEADER } from './attachments.routes';
export { attachmentTotal, listAttachments } from './attachments.repository';
