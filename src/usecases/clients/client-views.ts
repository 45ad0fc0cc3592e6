/** What the portal may see of a client: never internal fields (risk, notes, reviewer ids). */
import { findEntity } from '../../config/lookups';
import type { TraderoomConfig } from '../../config/schema';
import type { ClientRow } from '../../persistence/schema';

export function portalClientView(config: TraderoomConfig, client: ClientRow) {
  const entity = findEntity(config, client.entity_id);
  return {
    id: client.id,
    email: client.email,
    firstName: client.first_name,
    lastName: client.last_name,
    country: client.country,
    clientType: client.client_type,
    language: client.language,
    entity: { id: client.entity_id, name: entity?.name ?? client.entity_id, regulator: entity?.regulator ?? null },
    status: client.status,
    verificationLevel: client.verification_level,
  };
}
export type PortalClientView = ReturnType<typeof portalClientView>;

/** The back office's view of a client record. */
export function staffClientView(client: ClientRow) {
  return {
    id: client.id,
    email: client.email,
    firstName: client.first_name,
    lastName: client.last_name,
    country: client.country,
    clientType: client.client_type,
    entityId: client.entity_id,
    status: client.status,
    /** Why the client is restricted (a restriction reason code), null when not restricted. */
    restrictionReason: client.restriction_reason,
    verificationLevel: client.verification_level,
    language: client.language,
    emailVerifiedAt: client.email_verified_at,
    createdAt: client.created_at,
  };
}
