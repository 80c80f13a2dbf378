import { reply, type ScriptTurn } from '@turnkit/emulator';

/**
 * What the model does offline (the embedded emulator plays it): look at the screen, click the
 * name field, type, click the email field, type, then click Register, which the service flags
 * with a safety check. After the check is rejected the model says it stopped; otherwise it
 * reports the registration.
 */
export function offlineScript(name: string, email: string): ScriptTurn[] {
  const click = (x: number, y: number) => ({ type: 'click', button: 'left', x, y });
  return [
    reply.computerCall({ type: 'screenshot' }),
    reply.computerCall(click(280, 150)),
    reply.computerCall({ type: 'type', text: name }),
    reply.computerCall(click(280, 220)),
    reply.computerCall({ type: 'type', text: email }),
    reply.computerCall(click(180, 290), {
      safetyChecks: [
        {
          code: 'sensitive_domain',
          message: 'The next action submits personal data (a name and an email address). Please confirm.',
        },
      ],
    }),
    reply.text('I did not register: submitting the form was not approved.', {
      match: { inputIncludes: 'were not run' },
    }),
    reply.text(`Done: ${name} is registered for the workshop.`),
  ];
}
