import { KbErrorCode, type Article } from '@switchboard/contracts';
import { badRequest, conflict, forbidden, notFound } from '@switchboard/service-kit';

/** 404: no article with this id that the caller may see. */
export const articleNotFound = (id: string) => notFound(KbErrorCode.articleNotFound, `No article ${id}`);

/** 400: `categoryId` names no category (a 400, not a 404: the article exists, its input is wrong). */
export const categoryNotFound = (id: string) => badRequest(KbErrorCode.categoryNotFound, `No category ${id}`, { field: 'categoryId', value: id });

/** 403: only KB editors and admins write the knowledge base. */
export const editorRequired = () => forbidden('Only a KB editor or an admin may change the knowledge base', KbErrorCode.editorRequired);

/** 400: a `teams` article needs teams, each one of the editor's own (any for admins). */
export const invalidTeams = (message: string) => badRequest(KbErrorCode.invalidTeams, message, { field: 'teamIds' });

/** 409 with the server copy in `details.current`, as CRM records and drafts do. */
export const versionConflict = (current: Article) =>
  conflict(KbErrorCode.versionConflict, `The article changed meanwhile; the server has version ${current.version}`, { current });

/** 404: the article kept no version of this number. */
export const articleVersionNotFound = (id: string, version: number) => notFound(KbErrorCode.articleVersionNotFound, `Article ${id} kept no version ${version}`);
