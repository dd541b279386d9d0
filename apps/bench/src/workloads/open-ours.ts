import type { BackendFamily, OursVariant } from '../families/backend-family.js';
import type { KvSubject } from '../subjects/kv-subject.js';
import { oursSubject } from '../subjects/ours-subject.js';

/** Our backend of `family` as a subject, in a fresh, empty store. */
export async function openOurs(family: BackendFamily, variant: OursVariant = 'default'): Promise<KvSubject> {
  const backend = await family.openBackend(variant);
  const footprint = family.oursFootprint;
  return oursSubject({
    name: variant === 'durable' ? `mem ${family.name} (durable)` : `mem ${family.name}`,
    backend,
    ...(footprint ? { footprint: () => footprint(backend) } : {}),
  });
}
