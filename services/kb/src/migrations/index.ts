import type { MigrationEntry } from '@switchboard/service-kit';
import { CreateKb } from './create-kb.migration';
import { OneCorrection } from './one-correction.migration';
import { TitlePairs } from './title-pairs.migration';
import { TitleSearch } from './title-search.migration';
import { TitleWords } from './title-words.migration';
import { TypoThreshold } from './typo-threshold.migration';
import { WordCounts } from './word-counts.migration';

/** Migrations of the kb schema, in the order they apply. Never edit one that shipped. */
export const kbMigrations: MigrationEntry[] = [
  { name: '0001-create-kb', class: CreateKb },
  { name: '0002-title-search', class: TitleSearch },
  { name: '0003-typo-threshold', class: TypoThreshold },
  { name: '0004-word-counts', class: WordCounts },
  { name: '0005-one-correction', class: OneCorrection },
  { name: '0006-title-words', class: TitleWords },
  { name: '0007-title-pairs', class: TitlePairs },
];
