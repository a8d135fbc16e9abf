import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A user's favourite ticket (K3 "my favourites"); the primary key starts with the user. The table
 * also holds copies of the ticket's `updated_at`, `queue_id`, `assignee_id` and `status` for the
 * favourites page (migration 0011): triggers fill and keep them, so they are not mapped here.
 */
export const FavouriteEntity = defineEntity({
  name: 'Favourite',
  tableName: 'favourite',
  properties: {
    userId: p.uuid().primary(),
    ticketId: p.uuid().primary(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

/** A favourite row. */
export type FavouriteRecord = InferEntity<typeof FavouriteEntity>;
