import { z } from 'zod';

/** For actions that take no input: nothing, or an empty object; anything else is refused. */
export const NO_BODY = z.strictObject({}).nullish();
