import { callerOf, seesEverything, type Caller } from '@switchboard/service-kit';
import type { FastifyRequest } from 'fastify';
import { editorRequired } from './errors';

/** The caller as the knowledge base needs it: also whether they write articles. */
export interface KbCaller extends Caller {
  /** A KB editor or an admin: writes articles and categories and sees drafts. */
  isEditor: boolean;
}

/** Reads the caller from the verified token. */
export function kbCallerOf(request: FastifyRequest): KbCaller {
  const caller = callerOf(request);
  return { ...caller, isEditor: caller.isAdmin || (request.auth.role === 'kb-editor' && caller.userId !== null) };
}

/** Refuses callers who are not KB editors (403 KB_EDITOR_REQUIRED). */
export function requireEditor(caller: KbCaller): void {
  if (!caller.isEditor) throw editorRequired();
}

/**
 * SQL condition: article `a` is visible to this caller. Admins and services see every article;
 * others the `everyone` articles and those of their teams, drafts only when they edit.
 * Binds three parameters, from `visibleParams`.
 */
export const ARTICLE_VISIBLE = `(?::boolean or ((a.visibility = 'everyone' or a.team_ids && ?::uuid[]) and (a.status = 'published' or ?::boolean)))`;

/** The parameters of ARTICLE_VISIBLE. */
export function visibleParams(caller: KbCaller): unknown[] {
  return [seesEverything(caller), uuidArray(caller.teams), caller.isEditor];
}

/** Whether the caller may see an article (the same rule as ARTICLE_VISIBLE). */
export function maySeeArticle(caller: KbCaller, article: { visibility: string; teamIds: string[]; status: string }): boolean {
  if (seesEverything(caller)) return true;
  const teamOk = article.visibility === 'everyone' || article.teamIds.some((id) => caller.teams.includes(id));
  return teamOk && (article.status === 'published' || caller.isEditor);
}

/** A PostgreSQL array literal of UUIDs, one bind parameter (knex would spread a JS array). */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}
