// The /search query string, parsed on the server only: zod stays out of the search page's browser
// bundle (a route module's top-level schema would ship with the page).
import { z } from 'zod'
import { MAX_QUERY_LENGTH, SEARCH_KINDS } from './search-text'

export const SearchParams = z.object({
  q: z
    .string()
    .catch('')
    .transform((q) => q.slice(0, MAX_QUERY_LENGTH)),
  kind: z.enum(SEARCH_KINDS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(500).catch(1),
})
