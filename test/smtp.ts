// A real SMTP server on 127.0.0.1 (smtp-server) that keeps what it receives, parsed with postal-mime.
// Behaviours for the failure tests: answer 4xx/5xx to recipients, or hang before answering the data.
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: string;
  mail: Email;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: Received[];
  /** Messages whose data started to arrive (received, refused or hanging). */
  started(): number;
  /** The logins the server saw (user names). */
  logins: string[];
  /** The next N recipients are refused with this code and text. */
  refuse(times: number, code: number, text: string): void;
  /** From now on, messages are taken but never answered (a server that hangs mid-send). */
  hang(on: boolean): void;
  /** From now on, each message is answered this many milliseconds after it arrived (a slow server). */
  delay(ms: number): void;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  let refusals: { times: number; code: number; text: string } = { times: 0, code: 0, text: '' };
  let hanging = false;
  let delayMs = 0;
  let started = 0;
  const logins: string[] = [];
  const options: SMTPServerOptions = {
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      callback(null, { user: auth.username });
    },
    onRcptTo(_address, _session, callback) {
      if (refusals.times > 0) {
        refusals.times--;
        return callback(Object.assign(new Error(refusals.text), { responseCode: refusals.code }));
      }
      callback();
    },
    onData(stream, session, callback) {
      started++;
      const chunks: Buffer[] = [];
      // A sender killed mid-message resets its connection: that is the test, not an error of the server.
      stream.on('error', () => {});
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (hanging) return; // never answer: the sender waits until it is killed
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = await PostalMime.parse(raw);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          mail,
        });
        callback(null, 'queued');
      });
    },
  };
  const server = new SMTPServer(options);
  server.on('error', () => {}); // connections reset by killed senders
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    started: () => started,
    logins,
    refuse: (times, code, text) => void (refusals = { times, code, text }),
    delay: (ms) => void (delayMs = ms),
    hang: (on) => void (hanging = on),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
