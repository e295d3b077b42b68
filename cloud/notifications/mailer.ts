/**
 * Email delivery behind one interface. Providers: the Workers `send_email` binding and Resend's HTTP API
 * (through fetch), chosen by configuration. Without a provider the outbox table is the capture mailer
 * (development and tests), shown at the development-only /dev/mail page.
 */

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface MailProvider {
  /** Rejects when the provider did not accept the message. */
  deliver(mail: OutgoingMail): Promise<void>;
}

/** The part of the Workers `send_email` binding used here (its builder form; no MIME assembly needed). */
export interface SendEmailBinding {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export function workersEmailProvider(binding: SendEmailBinding, from: string): MailProvider {
  return { deliver: async (mail) => void (await binding.send({ from, ...mail })) };
}

const RESEND_URL = "https://api.resend.com/emails";

/** Resend's `POST /emails`; `fetch` is injectable so tests can point it at a real local server. */
export function resendProvider(options: {
  apiKey: string;
  from: string;
  url?: string;
  fetch?: typeof fetch;
}): MailProvider {
  const send = options.fetch ?? fetch;
  return {
    async deliver(mail) {
      const res = await send(options.url ?? RESEND_URL, {
        method: "POST",
        headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ from: options.from, to: [mail.to], subject: mail.subject, text: mail.text }),
      });
      if (!res.ok) throw new Error(`email provider answered ${res.status}`);
    },
  };
}
