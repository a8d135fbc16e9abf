import { Migration } from '@mikro-orm/migrations';

/**
 * How many tickets each visibility scope holds (decision 0019): one row per queue, assignee and
 * status, kept by statement-level triggers with transition tables, so every writer of tickets
 * (routes, batches, filing, event handlers, a bulk load) keeps it true inside its own transaction,
 * and a bulk insert costs one grouped upsert rather than one per row. A list's total is then the
 * sum of the few rows the caller may see (queue_id in their queues or assignee_id = them) instead
 * of counting up to 10,001 tickets per request. Rows are upserted in key order, so two writers
 * touching the same scopes take their locks in the same order; writers in one scope wait for each
 * other's commit, as the count row is theirs to share.
 *
 * Also an index on the ticket id carrying what a favourites page tests and sorts by (who may see
 * it, updated_at), so mine+favourites reads the index alone rather than one heap row per favourite.
 */
export class ScopeCounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "tickets"."scope_count" (
      "queue_id" uuid null,
      "assignee_id" uuid null,
      "status" text not null,
      "tickets" bigint not null,
      constraint "scope_count_scope_unique" unique nulls not distinct ("queue_id", "assignee_id", "status")
    )`);
    this.addSql('create index "scope_count_assignee_idx" on "tickets"."scope_count" ("assignee_id")');
    this.addSql(`insert into "tickets"."scope_count" ("queue_id", "assignee_id", "status", "tickets")
      select "queue_id", "assignee_id", "status", count(*) from "tickets"."ticket" group by 1, 2, 3`);

    // Adds the signed changes of one statement. A scope that empties keeps its row at 0: harmless
    // to a sum, and there when its tickets come back.
    this.addSql(`create function "tickets"."scope_count_apply"(changes jsonb) returns void language sql as $$
      insert into tickets.scope_count as s (queue_id, assignee_id, status, tickets)
      select (c->>'queue_id')::uuid, (c->>'assignee_id')::uuid, c->>'status', sum((c->>'n')::bigint)
      from jsonb_array_elements(changes) c group by 1, 2, 3 having sum((c->>'n')::bigint) <> 0 order by 1, 2, 3
      on conflict (queue_id, assignee_id, status) do update set tickets = s.tickets + excluded.tickets
    $$`);
    this.addSql(`create function "tickets"."scope_count_changed"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          perform tickets.scope_count_apply((select coalesce(jsonb_agg(jsonb_build_object(
            'queue_id', queue_id, 'assignee_id', assignee_id, 'status', status, 'n', n)), '[]')
            from (select queue_id, assignee_id, status, count(*) as n from new_rows group by 1, 2, 3) g));
        elsif tg_op = 'DELETE' then
          perform tickets.scope_count_apply((select coalesce(jsonb_agg(jsonb_build_object(
            'queue_id', queue_id, 'assignee_id', assignee_id, 'status', status, 'n', -n)), '[]')
            from (select queue_id, assignee_id, status, count(*) as n from old_rows group by 1, 2, 3) g));
        else
          -- Most updates change none of the three columns: skip them without touching a count row.
          perform tickets.scope_count_apply((select coalesce(jsonb_agg(jsonb_build_object(
            'queue_id', queue_id, 'assignee_id', assignee_id, 'status', status, 'n', n)), '[]')
            from (select queue_id, assignee_id, status, sum(n) as n from (
              select o.queue_id, o.assignee_id, o.status, -1 as n from old_rows o join new_rows w on w.id = o.id
                where (o.queue_id, o.assignee_id, o.status) is distinct from (w.queue_id, w.assignee_id, w.status)
              union all
              select w.queue_id, w.assignee_id, w.status, 1 from old_rows o join new_rows w on w.id = o.id
                where (o.queue_id, o.assignee_id, o.status) is distinct from (w.queue_id, w.assignee_id, w.status)
            ) d group by 1, 2, 3) g));
        end if;
        return null;
      end
    $$`);
    this.addSql(`create trigger "ticket_scope_count_insert" after insert on "tickets"."ticket"
      referencing new table as new_rows for each statement execute function tickets.scope_count_changed()`);
    this.addSql(`create trigger "ticket_scope_count_update" after update on "tickets"."ticket"
      referencing old table as old_rows new table as new_rows for each statement execute function tickets.scope_count_changed()`);
    this.addSql(`create trigger "ticket_scope_count_delete" after delete on "tickets"."ticket"
      referencing old table as old_rows for each statement execute function tickets.scope_count_changed()`);

    this.addSql('create index "ticket_id_visible_idx" on "tickets"."ticket" ("id") include ("updated_at", "queue_id", "assignee_id")');
  }
}
