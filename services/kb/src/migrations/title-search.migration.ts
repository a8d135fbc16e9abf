import { Migration } from '@mikro-orm/migrations';

/**
 * The words of the title alone, GIN-indexed: search and suggestions rank the articles whose title
 * matches first, a few rows each, and rank every match only when those are too few (bench/kb-search:
 * ranking reads each candidate, so a query matching many bodies read a large part of the table).
 */
export class TitleSearch extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "kb"."article" add column "title_search" tsvector generated always as (to_tsvector('kb.folded', "title")) stored`);
    this.addSql('create index "article_title_search_idx" on "kb"."article" using gin ("title_search")');
  }
}
