import { CommonErrorCode, TemplatesErrorCode, type Macro, type Template } from '@switchboard/contracts';
import { badRequest, conflict, forbidden, notFound } from '@switchboard/service-kit';

/** 404: no template with this id that the caller may see. */
export const templateNotFound = (id: string) => notFound(TemplatesErrorCode.templateNotFound, `No template ${id}`);

/** 404: no macro with this id that the caller may see. */
export const macroNotFound = (id: string) => notFound(TemplatesErrorCode.macroNotFound, `No macro ${id}`);

/** 400 naming a variable no template may use (`details.name`), so the editor can point at it. */
export const unknownVariable = (name: string) =>
  badRequest(TemplatesErrorCode.unknownVariable, `Unknown variable ${JSON.stringify(name.slice(0, 100))}`, { name: name.slice(0, 100) });

/** 400: the body is no valid Liquid, or uses a tag or filter templates do not allow. */
export const invalidTemplate = (reason: string) =>
  badRequest(TemplatesErrorCode.invalidTemplate, `The template is not valid: ${reason.slice(0, 300)}`, { reason: reason.slice(0, 300) });

/** 400: the template does not fit in the tree (frame slot, parent kind, language or audience). */
export const invalidTree = (reason: string) => badRequest(TemplatesErrorCode.invalidTree, reason);

/** 400: a frame is only inserted around one of its answers (E10). */
export const frameNotInsertable = (id: string) =>
  badRequest(TemplatesErrorCode.frameNotInsertable, `Template ${id} is a frame: choose one of its answers`);

/** 409: a frame that still has answers. */
export const templateInUse = (id: string) => conflict(TemplatesErrorCode.templateInUse, `Frame ${id} still has answers`);

/** 403: `teamId` is not one of the caller's teams, or a team scope without a team. */
export const teamForbidden = (teamId: string | null) =>
  forbidden(teamId ? `You are not a member of team ${teamId}` : 'A team template needs a team', TemplatesErrorCode.teamForbidden);

/** 403: the caller may use this scope's records but not create or change them. */
export const editForbidden = (what: string) => forbidden(`You may not change this ${what}`, TemplatesErrorCode.editForbidden);

/** 409 with the server copy in `details.current`. */
export const versionConflict = (current: Template | Macro) =>
  conflict(TemplatesErrorCode.versionConflict, `The record changed meanwhile; the server has version ${current.version}`, { current });

/** 403: a route for services acting for an agent (POST /macros/usable). */
export const serviceOnly = () => forbidden('Only a service may ask for another agent', CommonErrorCode.forbidden);
