import { z } from 'zod';
import { channel } from '../channel';
import { sensitive } from '../sensitive';
import { uuid } from './common';

/** Which value: the current version unless one is named; one field of a fields value, or all. */
const target = {
  environmentId: uuid,
  name: z.string().min(1).max(1024),
  version: z.string().min(1).max(128).optional(),
  field: z.string().min(1).max(1024).optional(),
  /** The operator's reason, recorded in the audit event (asked for in protected paths). */
  reason: z.string().trim().max(500).optional(),
};

export const VALUE_KINDS = ['string', 'fields', 'binary'] as const;

export const revealChannels = {
  /**
   * A value, after the step-up where the path is protected (or everywhere with
   * settings.stepUpEverywhere); the audit event is written before it is returned. Mask it and drop
   * it after `revealSeconds`, and at once on `app:locked`.
   */
  'secrets:reveal': channel(
    z.object(target).strict(),
    z.object({
      kind: z.enum(VALUE_KINDS),
      version: z.string(),
      /** `text`, or `base64` for a binary value (AWS SecretBinary). */
      encoding: z.enum(['text', 'base64']),
      /** A string value, a binary value in base64, or the chosen field. */
      value: sensitive(z.string()).optional(),
      /** Every field of a fields value when none was chosen. */
      fields: sensitive(z.record(z.string(), z.string())).optional(),
      field: z.string().optional(),
      revealSeconds: z.number().int().positive(),
    }),
  ),
  /**
   * Copies through main (marked concealed where the platform can), cleared after
   * settings.clipboardClearSeconds if the clipboard still holds it, and on lock and quit. All fields
   * of a fields value are copied as a JSON object; a binary value as base64.
   */
  'secrets:copy': channel(
    z.object(target).strict(),
    z.object({ version: z.string(), clearsAt: z.string().max(64), clearsAfterSeconds: z.number().int().positive() }),
  ),
};
