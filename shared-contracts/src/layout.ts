import { Type, type Static } from '@sinclair/typebox';

/** Pages that have a widget layout (kept by the registry service, see registry.ts). */
export const LayoutPageSchema = Type.Union([Type.Literal('email-detail')]);
export type LayoutPage = Static<typeof LayoutPageSchema>;

/**
 * The column of the page a widget shows in: the wide main column or the side column (one column,
 * main first, in a narrow window).
 */
export const LayoutRegionSchema = Type.Union([Type.Literal('main'), Type.Literal('side')]);
export type LayoutRegion = Static<typeof LayoutRegionSchema>;
