import { Type, type Static } from '@sinclair/typebox';

/** Pages that have a widget layout. */
export const LayoutPageSchema = Type.Union([Type.Literal('email-detail')]);
export type LayoutPage = Static<typeof LayoutPageSchema>;

/** One widget placed on a page. */
export const LayoutEntrySchema = Type.Object({
  /** Registry name of the widget, e.g. `tickets`. */
  widget: Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' }),
  /** URL of the widget's manifest (widget.json), resolved by the server. */
  manifestUrl: Type.String(),
  /** Per-instance settings, e.g. the URL of a Page-in-page widget. */
  settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type LayoutEntry = Static<typeof LayoutEntrySchema>;

/** The ordered widgets of one page for one user. */
export const LayoutSchema = Type.Object({
  page: LayoutPageSchema,
  version: Type.Integer({ minimum: 0 }),
  widgets: Type.Array(LayoutEntrySchema),
});
export type Layout = Static<typeof LayoutSchema>;

/** GET /layouts/:page. */
export const LayoutParamsSchema = Type.Object({ page: LayoutPageSchema });
export type LayoutParams = Static<typeof LayoutParamsSchema>;
