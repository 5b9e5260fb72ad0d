import type { AppContext } from '../../src/app/context.js';

export interface StoredEvent {
  readonly type: string;
  readonly organization_id: string | null;
  readonly details: string;
}

/**
 * Security events are recorded without blocking the response; this polls (up to 2 s)
 * until one of `type` matching `where` is stored, and returns every event of the type.
 */
export async function waitForEvents(
  context: AppContext,
  type: string,
  where: (event: StoredEvent) => boolean = () => true,
): Promise<StoredEvent[]> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const rows = await context.database.db
      .selectFrom('security_events')
      .select(['type', 'organization_id', 'details'])
      .where('type', '=', type)
      .execute();
    if (rows.some(where) || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
