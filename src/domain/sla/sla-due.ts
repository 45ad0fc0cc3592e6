/** The due time of a queue's or stage's service target (config `sla.targets`, in working hours). */
import type { SlaConfig } from '../../config/schema';
import type { SlaTarget } from '../../config/vocabulary';
import { addWorkingHours } from './working-hours';

export function slaDueAt(sla: SlaConfig, target: SlaTarget, startedAt: Date): Date {
  return addWorkingHours(startedAt, sla.targets[target].workingHours, sla);
}
