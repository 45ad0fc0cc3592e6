/** `npm run totp -- <base32 secret>`: prints the current authentication code (for the demo, without a phone app). */
import { currentTotp } from '../security/totp';

const secret = process.argv[2];
if (!secret || !/^[A-Z2-7]+=*$/i.test(secret)) {
  console.error('Usage: npm run totp -- <base32 secret shown at enrolment>');
  process.exit(2);
}
const now = new Date();
console.log(`${currentTotp(secret.toUpperCase(), now)}  (valid ${30 - (Math.floor(now.getTime() / 1000) % 30)} more seconds)`);
