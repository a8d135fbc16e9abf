/** What a free-text ticket search asks for, ready to bind as SQL parameters. */
export interface ParsedTicketQuery {
  /** An exact ticket number, when the whole query is `1234` or `#1234`. */
  number?: number;
  /**
   * The words, space-separated (`refund 4471`), for `plainto_tsquery`, when there are words. Each
   * is a prefix of a title word: the search column holds every prefix of every word (migration
   * 0007). plainto_tsquery ANDs every lexeme, also those of a word the text parser splits
   * (`9e9f0000` is `9e9` and `f0000`), where to_tsquery would ask for a phrase the position-less
   * search column never matches.
   */
  terms?: string;
  /** Every word is a number of 3+ digits (an order or invoice number), which few tickets hold. */
  rare?: true;
}

/** A word of digits only, this long or longer, names an order or invoice rather than a topic. */
const RARE_NUMBER = /^\d{3,}$/;

/** More words than this narrow nothing a person would notice, and only cost index work. */
const MAX_WORDS = 8;

/** Anything that is not a letter, digit or combining mark separates words. */
const WORD_SEPARATOR = /[^\p{L}\p{N}\p{M}]+/u;

/** Numbers past 15 digits are not ticket numbers and would overflow a safe JS integer. */
const NUMBER_QUERY = /^(#?)(\d{1,15})$/;

/**
 * Parses the `q` of `GET /tickets`. `#1234` is a ticket number only; a bare `1234` is the
 * number or a word of a title (an order number, say). Words keep only letters, digits and
 * marks, so no input can carry tsquery syntax (`'&|!():*<>`) into the query.
 */
export function parseTicketQuery(q: string | undefined): ParsedTicketQuery {
  const text = (q ?? '').trim();
  const numberMatch = NUMBER_QUERY.exec(text);
  if (numberMatch?.[1] === '#') return { number: Number(numberMatch[2]) };
  const words = text.split(WORD_SEPARATOR).filter((word) => word.length > 0).slice(0, MAX_WORDS);
  const terms = words.length > 0 ? words.join(' ') : undefined;
  const rare = words.length > 0 && words.every((word) => RARE_NUMBER.test(word)) ? { rare: true as const } : {};
  return numberMatch ? { number: Number(numberMatch[2]), terms, ...rare } : { terms, ...rare };
}
