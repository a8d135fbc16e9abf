import { ErrorBodySchema, LayoutParamsSchema, LayoutSchema, type Layout } from '@switchboard/contracts';
import { unauthorized, type ServiceApp } from '@switchboard/service-kit';
import type { LayoutRow } from '../entities';
import { layoutNotFound } from '../errors';
import type { LayoutsRepository } from '../layouts.repository';
import { requestUserId } from '../request-user';
import type { UsersRepository } from '../users.repository';

/** What the layout routes need. */
export interface LayoutRoutesDeps {
  /** Gives the user's teams, for team layouts. */
  users: UsersRepository;
  /** Finds the layout that applies. */
  layouts: LayoutsRepository;
  /** Origin of the widget CDN, e.g. http://127.0.0.1:8081. */
  widgetOrigin: string;
}

function toLayout(row: LayoutRow, widgetOrigin: string): Layout {
  return {
    page: row.page,
    version: row.version,
    widgets: row.widgets.map(({ widget, settings }) => ({
      widget,
      manifestUrl: `${widgetOrigin}/${widget}/widget.json`,
      ...(settings ? { settings } : {}),
    })),
  };
}

/** `GET /layouts/:page`: the widgets of a page for the logged-in user (own, team, or default). */
export function registerLayoutRoutes(app: ServiceApp, deps: LayoutRoutesDeps): void {
  const origin = deps.widgetOrigin.replace(/\/+$/, '');
  app.get(
    '/layouts/:page',
    {
      schema: {
        summary: "The logged-in user's layout of a page",
        params: LayoutParamsSchema,
        response: { 200: LayoutSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (request) => {
      const userId = requestUserId(request);
      const user = await deps.users.profile(userId);
      if (!user) throw unauthorized('The user no longer exists');
      const row = await deps.layouts.resolve(request.params.page, userId, user.teams.map((t) => t.id));
      if (!row) throw layoutNotFound(request.params.page);
      return toLayout(row, origin);
    },
  );
}
