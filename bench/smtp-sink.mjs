// A local SMTP server for the mail benchmark, in its own process: accepts everything, counts messages,
// prints its port, and prints the count when it receives SIGTERM.
import { SMTPServer } from 'smtp-server';

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  maxClients: 64,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      count++;
      callback(null, 'queued');
    });
  },
});
server.listen(0, '127.0.0.1', () => console.log(server.server.address().port));
process.on('SIGTERM', () => {
  console.log(`received ${count}`);
  server.close(() => process.exit(0));
});
