import { Type, type Static } from '@sinclair/typebox';

/** Pages that have a widget layout (kept by the registry service, see registry.ts). */
export const LayoutPageSchema = Type.Union([Type.Literal('email-detail')]);
export type LayoutPage = Static<typeof LayoutPageSchema>;
