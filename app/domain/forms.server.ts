// What route actions use to parse forms — conform's zod parser, zod and the schemas of forms whose
// page members also open — behind a .server module: Remix gives the browser bundle an empty module
// here, so a route's action can use them while the page's JavaScript carries no zod (~96 KB gzip).
// Do not use these at a route module's top level: in the browser they are undefined.
export { parseWithZod } from '@conform-to/zod/v4'
export { z } from 'zod'
export { CriticismItemSchema, FollowUpSchema, StatusChangeSchema } from './criticism.schema'
export { EndMembershipSchema, MemberPeriodSchema } from './members'
export { ThematicSchema } from './plan.schema'
export { parseRichTextField } from '~/rich-text/form-field'
