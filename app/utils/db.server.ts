// The web server's database connection (opened, configured and migrated once per process).
export { getDb } from '../../db/client.server'
export type { DB, Executor } from '../../db/client.server'
