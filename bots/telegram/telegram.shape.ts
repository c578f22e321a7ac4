import { z } from 'zod';

/**
 * The parts of a Telegram update the mapper reads, checked before it reads them: Telegram itself never
 * sends these malformed, so a body that fails here is answered 400 with the field, not a crash.
 */
const user = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
const chat = z.looseObject({ id: z.number().int(), type: z.string() });
const message = z.looseObject({
  message_id: z.number().int(),
  from: user.optional(),
  chat,
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z
    .array(
      z.looseObject({
        file_id: z.string(),
        file_size: z.number().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
      }),
    )
    .optional(),
  voice: z
    .looseObject({
      file_id: z.string(),
      duration: z.number().optional(),
      mime_type: z.string().optional(),
      file_size: z.number().optional(),
    })
    .optional(),
  document: z
    .looseObject({
      file_id: z.string(),
      mime_type: z.string().optional(),
      file_size: z.number().optional(),
      file_name: z.string().optional(),
    })
    .optional(),
  reply_to_message: z.looseObject({ from: user.optional() }).optional(),
});

export const updateShape = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  callback_query: z
    .looseObject({
      id: z.string(),
      from: user,
      data: z.string().optional(),
      message: z.looseObject({ chat }).optional(),
    })
    .optional(),
});

export function describeUpdateError(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'update'}: ${issue.message}`;
}
